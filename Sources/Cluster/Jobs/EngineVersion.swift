/// The version of the computation behind every result, part of every content key.
///
/// A stored result is reused when a new task has the same content key; a change to how
/// measuring, training or retraining computes (a new histogram rule, a fixed bug in a layer, a
/// different default) must therefore bump ``current``, so that no result of the old engine is
/// taken for one of the new.
public enum EngineVersion {
    /// The engine this build runs.
    public static let current = "preindex-engine/1"
}

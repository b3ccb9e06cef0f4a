extension TaskKind {
    /// Train a model from an architecture on the job's dataset, before anything else is done with it.
    public static let train: TaskKind = "train"
}

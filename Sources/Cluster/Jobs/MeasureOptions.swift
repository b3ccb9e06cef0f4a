import Measures

/// How a measure or calibrate task measures, with every choice resolved: what a worker receives.
///
/// Made from a job's ``MeasureSpec`` by ``JobSpec/validate()``'s checks; part of the content key
/// of every task that measures.
public struct MeasureOptions: Codable, Hashable, Sendable {
    /// Which split of the dataset is measured.
    public enum Split: String, Codable, CaseIterable, Sendable {
        /// The training split, as the reference implementation measures.
        case train
        /// The test split.
        case test
    }

    /// Samples measured: a random subset of the split drawn with ``seed`` (all of it when smaller).
    public var samples: Int
    /// The split measured.
    public var split: Split
    /// How W1 treats histogram bins.
    public var mode: Distance.WassersteinMode
    /// The single `preindex` value reported.
    public var formula: Formula
    /// The layer k-means clusters; `nil` for the model's default.
    public var embeddingLayer: String?
    /// Seed of the sample subset.
    public var seed: UInt64

    /// Options from their parts.
    public init(
        samples: Int = 2_000, split: Split = .train, mode: Distance.WassersteinMode = .reference,
        formula: Formula = .default, embeddingLayer: String? = nil, seed: UInt64 = 0
    ) {
        self.samples = samples
        self.split = split
        self.mode = mode
        self.formula = formula
        self.embeddingLayer = embeddingLayer
        self.seed = seed
    }
}

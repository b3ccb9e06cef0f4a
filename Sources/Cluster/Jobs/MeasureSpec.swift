/// How a job measures: the `measure` object, every key optional.
///
/// JSON, with the defaults:
/// `{"samples": 2000, "split": "train", "mode": "reference", "formula": "p.js.64", "embeddingLayer": null, "seed": 0}`.
public struct MeasureSpec: Codable, Hashable, Sendable {
    /// Samples measured per model: a seeded random subset of the split (all of it when smaller). At least 1.
    public var samples: Int
    /// `train` (as the reference does) or `test`.
    public var split: String
    /// How W1 treats histogram bins: `reference` or `principled` (`Distance.WassersteinMode`).
    public var mode: String
    /// The single `preindex` value: a component or a weighted sum (`Formula`), e.g. `p.js.64`.
    public var formula: String
    /// The layer k-means clusters; `nil` picks the last Conv2d/Linear before the classifier.
    public var embeddingLayer: String?
    /// Seed of the sample subset.
    public var seed: UInt64

    /// The defaults: 2000 training samples, reference W1, formula `p.js.64`, default embedding layer, seed 0.
    public init(
        samples: Int = 2_000, split: String = "train", mode: String = "reference", formula: String = "p.js.64",
        embeddingLayer: String? = nil, seed: UInt64 = 0
    ) {
        self.samples = samples
        self.split = split
        self.mode = mode
        self.formula = formula
        self.embeddingLayer = embeddingLayer
        self.seed = seed
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case samples, split, mode, formula, embeddingLayer, seed
    }

    /// Decodes the options, filling in defaults; unknown keys are refused.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.strictContainer(keyedBy: CodingKeys.self)
        let defaults = MeasureSpec()
        samples = try container.wholeNumber(Int.self, .samples) ?? defaults.samples
        split = try container.optional(String.self, .split) ?? defaults.split
        mode = try container.optional(String.self, .mode) ?? defaults.mode
        formula = try container.optional(String.self, .formula) ?? defaults.formula
        embeddingLayer = try container.optional(String.self, .embeddingLayer)
        seed = try container.wholeNumber(UInt64.self, .seed) ?? defaults.seed
    }
}

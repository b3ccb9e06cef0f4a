/// One model of a job's fleet: a model file, or an architecture to train first.
///
/// Exactly one of ``file`` and ``arch`` is given; ``train`` goes with ``arch`` only.
/// JSON: `{"file": "m.safetensors"}` or `{"arch": "resnet-mini", "train": {"epochs": 3, "seed": 0}}`.
public struct ModelSpec: Codable, Hashable, Sendable {
    /// A `.safetensors` model file, as the submitter names it; the coordinator hashes it.
    public var file: String?
    /// An architecture name (`mlp`, `cnn`, `vgg-mini`, `resnet-mini`, `resnet18`) to train on the job's dataset.
    public var arch: String?
    /// How to train ``arch``; `nil` takes ``TrainSpec``'s defaults.
    public var train: TrainSpec?

    /// A model entry from its parts; ``JobSpec/validate()`` checks the combination.
    public init(file: String? = nil, arch: String? = nil, train: TrainSpec? = nil) {
        self.file = file
        self.arch = arch
        self.train = train
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case file, arch, train
    }

    /// Decodes an entry; unknown keys are refused.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.strictContainer(keyedBy: CodingKeys.self)
        file = try container.optional(String.self, .file)
        arch = try container.optional(String.self, .arch)
        train = try container.optional(TrainSpec.self, .train)
    }
}

/// One model of a job's fleet: a model file, or an architecture to train first.
///
/// Exactly one of ``file`` and ``arch`` is given; ``train`` goes with ``arch`` only, ``sha256`` with ``file`` only.
/// JSON: `{"file": "m.safetensors"}` or `{"arch": "resnet-mini", "train": {"epochs": 3, "seed": 0}}`.
/// A cooperative package file (`preindex train --cooperative`) stands for one member per depth, `m@depth`:
/// `preindex submit` expands it into one model file per depth (all, or those of `"depths": [4, 2]`) before
/// anything reaches the coordinator, which therefore never sees ``depths``.
/// `preindex submit` uploads each model file to the coordinator and adds its `"sha256"`, so the coordinator
/// never needs the submitter's file system.
public struct ModelSpec: Codable, Hashable, Sendable {
    /// A `.safetensors` model file, as the submitter names it; the coordinator hashes it.
    public var file: String?
    /// The SHA-256 of ``file``'s bytes (64 hexadecimal digits), when the file was uploaded as an artifact.
    public var sha256: String?
    /// An architecture name (`mlp`, `cnn`, `vgg-mini`, `resnet-mini`, `resnet18`) to train on the job's dataset.
    public var arch: String?
    /// How to train ``arch``; `nil` takes ``TrainSpec``'s defaults.
    public var train: TrainSpec?
    /// Which depths of a cooperative package ``file`` to submit; `nil` for all of them (or for a plain model file).
    public var depths: [Int]?

    /// A model entry from its parts; ``JobSpec/validate()`` checks the combination.
    public init(
        file: String? = nil, sha256: String? = nil, arch: String? = nil, train: TrainSpec? = nil, depths: [Int]? = nil
    ) {
        self.depths = depths
        self.file = file
        self.sha256 = sha256
        self.arch = arch
        self.train = train
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case file, sha256, arch, train, depths
    }

    /// Decodes an entry; unknown keys are refused.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.strictContainer(keyedBy: CodingKeys.self)
        file = try container.optional(String.self, .file)
        sha256 = try container.optional(String.self, .sha256)
        arch = try container.optional(String.self, .arch)
        train = try container.optional(TrainSpec.self, .train)
        depths = try container.optional([Int].self, .depths)
    }
}

import Networks

/// What a train task produced: the model file, handed to the coordinator as an artifact, and what training cost.
public struct TrainTaskResult: TaskResult, Hashable {
    /// The model file a train task wrote and published.
    public struct ModelFile: Codable, Hashable, Sendable {
        /// The SHA-256 of the file's bytes, 64 lowercase hexadecimal digits.
        public var sha256: String
        /// The file's size in bytes.
        public var byteCount: Int
        /// The file's name: `<arch>-<first 12 hex digits of the task's content key>.safetensors`.
        public var name: String

        /// The value from its fields.
        public init(sha256: String, byteCount: Int, name: String) {
            self.sha256 = sha256
            self.byteCount = byteCount
            self.name = name
        }

        /// The name of the model file a train task with content key `contentKey` writes for `arch`.
        public static func name(arch: Architecture.Name, contentKey: String) -> String {
            "\(arch.rawValue)-\(contentKey.prefix(12)).safetensors"
        }
    }

    /// The kind of task this is the result of.
    public static let kind = TaskKind.train

    /// The trained model's file.
    public var model: ModelFile
    /// The architecture trained.
    public var arch: Architecture.Name
    /// Epochs trained.
    public var epochs: Int
    /// Accuracy on the dataset's test split after the last epoch; `nil` when the dataset has no test split.
    public var testAccuracy: Double?
    /// Energy of the training (dataset loading and file writing left out), in kWh.
    public var kilowattHours: Double
    /// Emissions of that energy at the worker's grid intensity, in kg CO2eq.
    public var kilogramsCO2eq: Double
    /// Wall-clock seconds of the training.
    public var wallSeconds: Double

    /// The value from its fields.
    public init(
        model: ModelFile, arch: Architecture.Name, epochs: Int, testAccuracy: Double?, kilowattHours: Double,
        kilogramsCO2eq: Double, wallSeconds: Double
    ) {
        self.model = model
        self.arch = arch
        self.epochs = epochs
        self.testAccuracy = testAccuracy
        self.kilowattHours = kilowattHours
        self.kilogramsCO2eq = kilogramsCO2eq
        self.wallSeconds = wallSeconds
    }
}

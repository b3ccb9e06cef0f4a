/// A job as users submit it: a fleet of models, the shifts to evaluate them under, and how.
///
/// The JSON form (every key but `name`, `dataset`, `models` and `shifts` may be left out):
/// ```json
/// {
///   "name": "fleet-eval",
///   "dataset": "builtin:shapes?train=4000&test=1000",
///   "models": [{"file": "m.safetensors"}, {"arch": "resnet-mini", "train": {"epochs": 3, "seed": 0}}],
///   "shifts": [{"type": "gaussian", "levels": [0.05, 0.1, 0.2]}, {"type": "blur", "levels": [1, 2], "seed": 7}],
///   "measure": {"samples": 2000, "split": "train", "mode": "reference", "formula": "p.js.64", "embeddingLayer": null},
///   "calibration": {"shifts": ["gaussian:0.05", "blur:1", "frost:2", "contrast:0.5"], "targetAccuracy": 0.85,
///                   "cutoffs": ["0.005:3"], "maxEpochs": 8},
///   "region": "FRA"
/// }
/// ```
/// A file dataset (`npy:x.npy,y.npy`, `cifar10:/data/cifar`, `mnist:/data/mnist`) may come with the SHA-256 of each
/// file it reads, keyed by the file's path as the spec writes it (a file of a directory as `DIRECTORY/NAME`):
/// `"datasetFiles": {"x.npy": "9f86…", "y.npy": "60303…"}`. `preindex submit` uploads the files and adds this;
/// without it the coordinator reads the files itself. Workers then fetch the files by digest, and results are
/// keyed by the digests, not the paths. A built-in dataset has no files and travels as its spec.
///
/// The values are kept as written (dataset and formula as text, shift types as names); defaults
/// are filled in while decoding. ``init(json:)`` decodes and then calls ``validate()``, which
/// checks every value with the parser of the module that owns it (`DatasetSpec`, `Shift`,
/// `Formula`, `PlateauCutoff`, `RetrainOptions`, `GridIntensity`) and reports the first problem
/// as a ``JobError`` naming its JSON path. ``JobPlan`` turns a valid job into tasks.
public struct JobSpec: Codable, Hashable, Sendable {
    /// A name for people; not part of any result's identity.
    public var name: String
    /// The dataset, as `DatasetSpec(parsing:)` reads it (`builtin:shapes?train=4000`, `cifar10:/data/cifar`).
    public var dataset: String
    /// The fleet: model files to measure, or architectures to train first.
    public var models: [ModelSpec]
    /// The shifts to measure every model under, each a type with its levels.
    public var shifts: [ShiftSpec]
    /// How measuring is done; the same for every model and shift.
    public var measure: MeasureSpec
    /// Which shifts to really retrain under to calibrate the cost estimates; `nil` for none.
    public var calibration: CalibrationSpec?
    /// The grid region (`FRA`, `us-central1`) assumed for workers that give none; `nil` for the world average.
    public var region: String?
    /// The SHA-256 (64 hexadecimal digits) of each file of a file dataset, keyed by the file's path as the
    /// dataset spec writes it (`DatasetSpec.localFiles(relativeTo:)`); `nil` until the files are uploaded or
    /// registered.
    public var datasetFiles: [String: String]?

    /// A job from its parts.
    public init(
        name: String, dataset: String, models: [ModelSpec], shifts: [ShiftSpec], measure: MeasureSpec = MeasureSpec(),
        calibration: CalibrationSpec? = nil, region: String? = nil, datasetFiles: [String: String]? = nil
    ) {
        self.name = name
        self.dataset = dataset
        self.models = models
        self.shifts = shifts
        self.measure = measure
        self.calibration = calibration
        self.region = region
        self.datasetFiles = datasetFiles
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case name, dataset, datasetFiles, models, shifts, measure, calibration, region
    }

    /// Decodes a job, filling in defaults; unknown keys are refused.
    ///
    /// - Throws: ``JobError`` for an unknown key or a fraction where a whole number belongs;
    ///   `DecodingError` for other type problems (``init(json:)`` turns those into ``JobError``s).
    public init(from decoder: any Decoder) throws {
        let container = try decoder.strictContainer(keyedBy: CodingKeys.self)
        name = try container.decode(String.self, forKey: .name)
        dataset = try container.decode(String.self, forKey: .dataset)
        models = try container.decode([ModelSpec].self, forKey: .models)
        shifts = try container.decode([ShiftSpec].self, forKey: .shifts)
        measure = try container.optional(MeasureSpec.self, .measure) ?? MeasureSpec()
        calibration = try container.optional(CalibrationSpec.self, .calibration)
        region = try container.optional(String.self, .region)
        datasetFiles = try container.optional([String: String].self, .datasetFiles)
    }
}

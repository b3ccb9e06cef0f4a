import Datasets
import Foundation
import Retraining
import Shifts

/// The description of one task that a worker receives, by kind.
///
/// JSON: the fields of the kind's payload plus `"task": "train" | "measure" | "calibrate" | "retrain"`, e.g.
/// `{"task":"measure","model":{…},"dataset":"builtin:shapes?…","shifts":["gaussian:0.1"],"measure":{…}}`.
/// Stored and sent as ``CanonicalJSON``.
public enum TaskPayload: Codable, Hashable, Sendable {
    /// Train a model from an architecture.
    case train(TrainPayload)
    /// Measure a model under the levels of one shift type.
    case measure(MeasurePayload)
    /// Measure and retrain a model under one calibration shift.
    case calibrate(CalibratePayload)
    /// Retrain a model under a shift as a plan row decided, and keep the retrained model.
    case retrain(RetrainPayload)

    /// The store's kind for this payload.
    public var kind: TaskKind {
        switch self {
        case .train: .train
        case .measure: .measure
        case .calibrate: .calibrate
        case .retrain: .retrain
        }
    }

    /// The model the task works on; `nil` for a train task, which makes one.
    public var model: ModelReference? {
        switch self {
        case .train: nil
        case .measure(let payload): payload.model
        case .calibrate(let payload): payload.model
        case .retrain(let payload): payload.model
        }
    }

    /// The dataset the task works on, in canonical spec form.
    public var dataset: String {
        switch self {
        case .train(let payload): payload.dataset
        case .measure(let payload): payload.dataset
        case .calibrate(let payload): payload.dataset
        case .retrain(let payload): payload.dataset
        }
    }

    /// The SHA-256 of each file of the dataset, keyed by its path in ``dataset``; `nil` for a built-in dataset.
    public var datasetFiles: [String: String]? {
        switch self {
        case .train(let payload): payload.datasetFiles
        case .measure(let payload): payload.datasetFiles
        case .calibrate(let payload): payload.datasetFiles
        case .retrain(let payload): payload.datasetFiles
        }
    }

    /// The key of the task's result by content: 64 hex digits of SHA-256 over the canonical JSON of
    /// the engine version, the kind, the model's ``ModelReference/identity`` (not its file name),
    /// the dataset, the shifts with their seeds, and the options of the kind.
    ///
    /// A retrain task's key also covers `fromScratch` and its plan row (so two plan rows never share a key), but not
    /// the checkpoint it resumes from: every attempt of the task has the same key. Results of retrain tasks are not
    /// reused by key.
    ///
    /// The dataset is its spec; when ``datasetFiles`` gives digests, each path of the spec is replaced by its
    /// file's digest (a directory by nothing, its files' digests listed by their names in it), so the same bytes
    /// at another path give the same key and other bytes another. Equal inputs give equal keys in any process
    /// and on any machine; changing any input, `engineVersion` included, gives another key.
    ///
    /// - Throws: ``JobError/Code/invalidValue`` when the payload has digests and its dataset spec cannot be read;
    ///   ``JobError/Code/unencodable`` for a NaN or infinite option.
    public func contentKey(engineVersion: String = EngineVersion.current) throws(JobError) -> String {
        var material = ContentKeyMaterial(engine: engineVersion, task: kind.rawValue)
        (material.dataset, material.datasetFiles) = try Self.datasetIdentity(dataset, files: datasetFiles)
        switch self {
        case .train(let payload):
            material.arch = payload.arch.rawValue
            material.train = payload.train
        case .measure(let payload):
            material.model = payload.model.identity
            material.shifts = payload.shifts
            material.measure = payload.measure
        case .calibrate(let payload):
            material.model = payload.model.identity
            material.shifts = [payload.shift]
            material.measure = payload.measure
            material.retrain = payload.retrain
        case .retrain(let payload):
            material.model = payload.model.identity
            material.shifts = [payload.shift]
            material.retrain = payload.retrain
            material.fromScratch = payload.fromScratch
            material.plan = payload.plan
        }
        return SHA256.hex(SHA256.hash(try CanonicalJSON.encode(material)))
    }

    /// What identifies a dataset by content: `spec` with its paths replaced by their files' digests, and the
    /// digests of files inside a directory by their names in it; `spec` alone without digests.
    private static func datasetIdentity(_ spec: String, files: [String: String]?) throws(JobError)
        -> (String, [String: String]?)
    {
        guard let files, !files.isEmpty else { return (spec, nil) }
        let parsed: DatasetSpec
        do {
            parsed = try DatasetSpec(parsing: spec)
        } catch {
            throw JobError(.invalidValue, path: "dataset", error.message)
        }
        var named: [String: String] = [:]
        for (file, sha256) in files {
            if let name = parsed.relativeName(of: file), !name.isEmpty { named[name] = sha256.lowercased() }
        }
        let anonymous = parsed.mappingPaths { files[$0]?.lowercased() ?? "" }
        return (anonymous.description, named.isEmpty ? nil : named)
    }

    private enum CodingKeys: String, CodingKey {
        case task
    }

    /// Decodes a payload of the kind its `task` names.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let task = try container.decode(String.self, forKey: .task)
        switch TaskKind(rawValue: task) {
        case .train: self = .train(try TrainPayload(from: decoder))
        case .measure: self = .measure(try MeasurePayload(from: decoder))
        case .calibrate: self = .calibrate(try CalibratePayload(from: decoder))
        case .retrain: self = .retrain(try RetrainPayload(from: decoder))
        default:
            throw DecodingError.dataCorruptedError(
                forKey: .task, in: container,
                debugDescription: "unknown task '\(task)'; expected train, measure, calibrate or retrain")
        }
    }

    /// Encodes the payload's fields and its `task`.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(kind.rawValue, forKey: .task)
        switch self {
        case .train(let payload): try payload.encode(to: encoder)
        case .measure(let payload): try payload.encode(to: encoder)
        case .calibrate(let payload): try payload.encode(to: encoder)
        case .retrain(let payload): try payload.encode(to: encoder)
        }
    }
}

/// What a content key is the hash of; absent fields are left out of the JSON.
private struct ContentKeyMaterial: Encodable {
    var engine: String
    var task: String
    var model: String?
    var arch: String?
    var dataset: String?
    var datasetFiles: [String: String]?
    var shifts: [Shift]?
    var measure: MeasureOptions?
    var retrain: RetrainOptions?
    var train: TrainOptions?
    var fromScratch: Bool?
    var plan: PlanTaskReference?

    init(engine: String, task: String) {
        self.engine = engine
        self.task = task
    }
}

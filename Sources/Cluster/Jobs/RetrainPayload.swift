import Retraining
import Shifts

/// What a retrain task needs: retrain `model` under `shift` to the target accuracy (or train its architecture
/// from scratch), as row ``plan`` of a job's plan decided; the worker publishes the retrained model.
///
/// After each epoch the worker publishes a checkpoint (see ``RetrainCheckpoint/name(taskID:epochs:)``); when the
/// coordinator assigns the task again it may fill in ``resume`` with the latest of them, and the worker continues
/// from there instead of starting over.
///
/// JSON: `{"task":"retrain","model":{"file":…,"sha256":…},"dataset":…,"shift":"gaussian:0.1","retrain":{…},
/// "fromScratch":false,"plan":{"job":12,"row":3}}`, plus `datasetFiles` and `resume` when present.
public struct RetrainPayload: Codable, Hashable, Sendable {
    /// The model retrained: a model file (``ModelReference/file(path:sha256:)``), whose name names the result.
    public var model: ModelReference
    /// The dataset, in canonical spec form (`DatasetSpec.description`).
    public var dataset: String
    /// The SHA-256 of each file of a file dataset, keyed by its path in ``dataset``; `nil` for a built-in dataset
    /// (and left out of the JSON). Workers fetch the files by these digests, and the content key uses them instead
    /// of the paths.
    public var datasetFiles: [String: String]?
    /// The shift the model is retrained under.
    public var shift: Shift
    /// How to retrain and when to stop.
    public var retrain: RetrainOptions
    /// Whether to train a freshly initialised model of ``model``'s architecture instead of ``model`` itself.
    public var fromScratch: Bool
    /// The plan row this task carries out, for lineage.
    public var plan: PlanTaskReference
    /// The checkpoint to continue from, filled in by the coordinator when an earlier attempt published one;
    /// `nil` (and left out of the JSON) to start from ``model``. Not part of the content key.
    public var resume: RetrainCheckpoint?

    /// A payload from its parts.
    public init(
        model: ModelReference, dataset: String, datasetFiles: [String: String]? = nil, shift: Shift,
        retrain: RetrainOptions, fromScratch: Bool = false, plan: PlanTaskReference, resume: RetrainCheckpoint? = nil
    ) {
        self.model = model
        self.dataset = dataset
        self.datasetFiles = datasetFiles?.isEmpty == false ? datasetFiles : nil
        self.shift = shift
        self.retrain = retrain
        self.fromScratch = fromScratch
        self.plan = plan
        self.resume = resume
    }
}

/// A model a train task of the plan produced: the artifact its dependents measure.
public struct TrainedModel: Hashable, Sendable {
    /// The SHA-256 of the model file (64 lowercase hexadecimal digits).
    public var sha256: String
    /// The file's name, for people ("resnet-mini-1a2b3c4d5e6f.safetensors").
    public var name: String

    /// Creates the value from its fields.
    public init(sha256: String, name: String) {
        self.sha256 = sha256
        self.name = name
    }
}

extension JobPlan {
    /// The tasks that may run now, given the models the plan's train tasks produced so far.
    ///
    /// A task without dependencies is ready as planned. A task that waits for train task `i` is ready once
    /// `trainedModels[i]` is known: its model becomes that file (``ModelReference/file(path:sha256:)``) and its
    /// content key is computed again, so that its result is keyed by the model's bytes like any measured file.
    /// Tasks still waiting are left out; call again when more train tasks finish. The coordinator runs a job
    /// this way in phases, from nothing but the job and the stored results, which is what lets it resume after
    /// a restart.
    ///
    /// - Parameters:
    ///   - trainedModels: The model of each finished train task, keyed by the task's index in ``tasks``.
    ///   - engineVersion: The engine version put in the recomputed content keys.
    public func readyTasks(
        trainedModels: [Int: TrainedModel], engineVersion: String = EngineVersion.current
    ) throws(JobError) -> [PlannedTask] {
        var ready: [PlannedTask] = []
        for task in tasks {
            guard task.dependencies.allSatisfy({ trainedModels[$0] != nil }) else { continue }
            guard case .trained(let index, _)? = task.payload.model, let model = trainedModels[index] else {
                ready.append(task)
                continue
            }
            var resolved = task
            resolved.payload = task.payload.measuring(.file(path: model.name, sha256: model.sha256))
            resolved.contentKey = try resolved.payload.contentKey(engineVersion: engineVersion)
            resolved.dependencies = []
            ready.append(resolved)
        }
        return ready
    }
}

extension TaskPayload {
    /// The same task on another model; a train task, which has none, is returned as it is.
    func measuring(_ model: ModelReference) -> TaskPayload {
        switch self {
        case .train: return self
        case .measure(var payload):
            payload.model = model
            return .measure(payload)
        case .calibrate(var payload):
            payload.model = model
            return .calibrate(payload)
        case .retrain(var payload):
            payload.model = model
            return .retrain(payload)
        }
    }
}

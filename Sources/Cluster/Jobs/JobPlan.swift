import Foundation

/// The tasks a job expands into, in the order they are stored.
///
/// For each model of the job, in order:
/// 1. a `train` task when the model is given by architecture (priority ``TaskPriority/train``);
///    the model's other tasks depend on it and name the model it produces;
/// 2. a `calibrate` task per calibration shift (priority ``TaskPriority/calibrate``);
/// 3. a `measure` task per shift entry of the job, covering all of that entry's levels
///    (priority ``TaskPriority/measure``).
///
/// One measure task per (model, shift type) rather than per level or per model: within a task
/// the clean forward pass is shared by every level (a third of the work with three levels),
/// while separate types stay separate tasks, so a fleet of M models and S types gives M × S
/// tasks to spread over the workers, and changing one type's levels recomputes that type only.
/// One task per model would serialise a model's whole evaluation on one worker and repeat all
/// of it when one level changes.
public struct JobPlan: Hashable, Sendable {
    /// The tasks, dependencies before their dependents.
    public var tasks: [PlannedTask]

    /// A plan from its tasks.
    public init(tasks: [PlannedTask]) {
        self.tasks = tasks
    }

    /// Expands a job into tasks.
    ///
    /// - Parameters:
    ///   - spec: The job; it is validated first.
    ///   - modelDigests: The SHA-256 (64 hexadecimal digits) of each model file whose entry gives no
    ///     `sha256`, keyed by the file's name as the job writes it; the caller hashes the files
    ///     (``SHA256/hash(file:chunkByteCount:)``).
    ///   - engineVersion: The engine version put in every content key.
    /// - Throws: the errors of ``JobSpec/validate()``; ``JobError/Code/missingDigest`` when a
    ///   model file has no digest or a malformed one; ``JobError/Code/invalidValue`` when two
    ///   entries are the same model (equal digests, or equal training).
    public static func expand(
        _ spec: JobSpec, modelDigests: [String: String], engineVersion: String = EngineVersion.current
    ) throws(JobError) -> JobPlan {
        let job = try spec.resolved()
        let dataset = job.dataset.description
        let files = job.datasetFiles
        var tasks: [PlannedTask] = []
        var modelsByIdentity: [String: Int] = [:]
        for (index, model) in job.models.enumerated() {
            let reference: ModelReference
            var dependencies: [Int] = []
            switch model {
            case .file(let path, let given):
                var sha256 = given
                if sha256 == nil { sha256 = try digest(of: path, in: modelDigests, at: "models[\(index)].file") }
                reference = .file(path: path, sha256: sha256!)
            case .trained(let arch, let options):
                let payload = TaskPayload.train(
                    TrainPayload(arch: arch, dataset: dataset, datasetFiles: files, train: options))
                let key = try payload.contentKey(engineVersion: engineVersion)
                dependencies = [tasks.count]
                reference = .trained(task: tasks.count, key: key)
                tasks.append(
                    PlannedTask(
                        payload: payload, contentKey: key, dependencies: [], priority: TaskPriority.train,
                        modelIndex: index))
            }
            if let other = modelsByIdentity[reference.identity] {
                throw JobError(
                    .invalidValue, path: "models[\(index)]",
                    "the same model as models[\(other)] (\(reference.identity)); list each model once")
            }
            modelsByIdentity[reference.identity] = index
            var planned: [TaskPayload] = []
            if let calibration = job.calibration {
                planned += calibration.shifts.map { shift in
                    .calibrate(
                        CalibratePayload(
                            model: reference, dataset: dataset, datasetFiles: files, shift: shift,
                            measure: job.measure, retrain: calibration.options))
                }
            }
            planned += job.shifts.map { levels in
                .measure(
                    MeasurePayload(
                        model: reference, dataset: dataset, datasetFiles: files,
                        shifts: levels.sorted { $0.level < $1.level }, measure: job.measure))
            }
            for payload in planned {
                tasks.append(
                    PlannedTask(
                        payload: payload, contentKey: try payload.contentKey(engineVersion: engineVersion),
                        dependencies: dependencies,
                        priority: payload.kind == .calibrate ? TaskPriority.calibrate : TaskPriority.measure,
                        modelIndex: index))
            }
        }
        return JobPlan(tasks: tasks)
    }

    /// The tasks as the store takes them, in order: the identifiers ``ClusterDatabase`` returns
    /// for them line up with the indices of ``PlannedTask/dependencies``.
    public func newTasks(maxAttempts: Int = 3) throws(JobError) -> [NewTask] {
        var result: [NewTask] = []
        for task in tasks { result.append(try task.newTask(maxAttempts: maxAttempts)) }
        return result
    }

    /// The lowercase digest of `path` from `digests`, checked to be 64 hexadecimal digits.
    private static func digest(of path: String, in digests: [String: String], at jsonPath: String) throws(JobError)
        -> String
    {
        guard let given = digests[path] else {
            throw JobError(
                .missingDigest, path: jsonPath,
                "no SHA-256 digest was given for '\(path)'; hash the file before expanding the job")
        }
        let digest = given.lowercased()
        guard isSHA256Digest(digest) else {
            throw JobError(
                .missingDigest, path: jsonPath, "the digest '\(given)' of '\(path)' is not 64 hexadecimal digits")
        }
        return digest
    }
}

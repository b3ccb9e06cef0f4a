import Datasets
import Energy
import Foundation
import Tensors
import Logging
import Measures
import Networks
import Retraining
import Shifts

/// Runs the real tasks a ``Worker`` is leased: train, measure, calibrate and retrain, each measured for energy.
///
/// Pass ``run(_:)`` as the worker's ``Worker/Executor``. A task's payload is the JSON of a ``TaskPayload``; model
/// files come from ``ArtifactAccess`` by SHA-256, and so do the files of a file dataset whose payload gives their
/// digests (a payload without digests reads its paths on this machine); `builtin:shapes` is generated from its
/// spec. Each kind answers with the JSON of its result type (``TrainTaskResult``, ``MeasureTaskResult``,
/// ``CalibrateTaskResult``, ``RetrainTaskResult``) and the energy the whole task used. A retrain task also
/// publishes a checkpoint after each epoch but its last (see ``RetrainCheckpoint/name(taskID:epochs:)``).
///
/// Bad input fails with a ``TaskFailure`` that is not retryable: a payload that does not decode, an unknown
/// architecture, a model reference the coordinator did not resolve, an unknown or corrupt artifact, a dataset
/// that does not fit the model, NaN. Failures of this machine (a meter that cannot be read, a file that cannot
/// be written, an unreadable dataset file) are retryable.
public struct TaskRunner: Sendable {
    /// The node the energy reports name.
    public let nodeID: String
    /// The grid region of the node; its carbon intensity prices the energy (world average when unknown).
    public let region: String
    /// How energy is measured.
    public let energy: EnergyOptions
    /// Where model files are fetched from and published to.
    public let artifacts: any ArtifactAccess
    /// Where train and retrain tasks write their model files before publishing them.
    public let workDirectory: String
    let logger: Logger
    private let processMeter: EnergyMeter
    let accounting: CarbonAccounting
    let datasets = DatasetCache()

    /// A runner for node `nodeID` in grid region `region`.
    ///
    /// - Throws: `EnergyError` when the energy options are invalid or name a method this machine cannot
    ///   measure with (`rapl` without readable counters).
    public init(
        nodeID: String, region: String, energy: EnergyOptions, artifacts: any ArtifactAccess, workDirectory: String,
        logger: Logger
    ) throws(EnergyError) {
        self.nodeID = nodeID
        self.region = region
        self.energy = energy
        self.artifacts = artifacts
        self.workDirectory = workDirectory
        self.logger = logger
        self.processMeter = try EnergyMeter(options: energy)
        let intensity = (try? GridIntensity.lookup(region)) ?? .worldAverage
        self.accounting = try CarbonAccounting(intensity: intensity)
    }

    /// Runs `assignment` and returns its result JSON with the energy the task used.
    ///
    /// - Throws: ``TaskFailure``, retryable or not as the type's discussion says.
    public func run(_ assignment: TaskAssignment) throws -> ResultPayload {
        let payload = try decodePayload(assignment)
        var logger = logger
        logger[metadataKey: "task.id"] = "\(assignment.taskID)"
        logger[metadataKey: "task.kind"] = "\(payload.kind)"
        do {
            let session = try meter.start()
            let json: [UInt8]
            switch payload {
            case .train(let train):
                json = try self.train(train, key: try payload.contentKey(), taskID: assignment.taskID, logger: logger)
                    .encoded()
            case .measure(let measure):
                json = try self.measure(measure).encoded()
            case .calibrate(let calibrate):
                json = try self.calibrate(calibrate, logger: logger).encoded()
            case .retrain(let retrain):
                json = try self.retrain(retrain, taskID: assignment.taskID, logger: logger) { epoch in
                    // The energy so far counts even if this attempt is lost before it reports a result.
                    let sofar = try session.stop()
                    assignment.progress.report(
                        epoch: epoch.epoch, accuracy: epoch.testAccuracy, energy: report(sofar))
                }.encoded()
            }
            let reading = try session.stop()
            logger.debug(
                "task finished", metadata: ["energy.joules": "\(reading.joules)", "energy.method": "\(reading.method)"])
            return ResultPayload(json: json, energy: report(reading))
        } catch {
            throw Self.failure(error, task: "\(payload.kind) task \(assignment.taskID)")
        }
    }

    /// The meter every task and retrain epoch is measured with. With one compute thread a task runs on its executor
    /// thread alone, so when several workers share a process (`preindex demo`) each reading is the share of that
    /// thread's CPU seconds; with more compute threads the work is spread over the pool and the whole reading counts.
    var meter: EnergyMeter {
        var meter = processMeter
        meter.attributesToStartingThread = Compute.threadCount == 1
        return meter
    }

    /// The payload of `assignment`.
    private func decodePayload(_ assignment: TaskAssignment) throws(TaskFailure) -> TaskPayload {
        do {
            return try JSONDecoder().decode(TaskPayload.self, from: Data(assignment.payload))
        } catch {
            var detail = Self.describe(error)
            if case .dataCorrupted(let context) = error as? DecodingError, context.codingPath.last?.stringValue == "arch" {
                detail += "; the architectures are \(Architecture.Name.allCases.map(\.rawValue).joined(separator: ", "))"
            }
            throw TaskFailure(
                "task \(assignment.taskID) has a payload that is not a valid task description: \(detail)",
                retryable: false)
        }
    }

    /// The energy report of a task that used `reading`.
    private func report(_ reading: EnergyReading) -> Wire.EnergyReport {
        Wire.EnergyReport(
            nodeID: nodeID, method: reading.method.rawValue, joules: reading.joules, cpuSeconds: reading.cpuSeconds,
            wallSeconds: reading.wallSeconds, region: region, gridIntensity: accounting.intensity.gramsPerKWh)
    }

    /// The model `reference` names, read from the artifact it resolves to.
    func loadModel(_ reference: ModelReference) throws -> Model {
        switch reference {
        case .file(let path, let sha256):
            let local = try artifacts.localPath(ofArtifact: sha256)
            do {
                return try Model(contentsOfFile: local)
            } catch {
                throw TaskFailure("model \(path) (artifact \(sha256)) cannot be loaded: \(error)", retryable: false)
            }
        case .trained(let task, _):
            throw TaskFailure(
                "the model is the output of train task \(task) of the job, which the coordinator should have "
                    + "resolved to a model file before dispatch", retryable: false)
        }
    }

    /// `error` as a task failure of `task`: bad input is not retryable, trouble on this machine is.
    static func failure(_ error: any Error, task: String) -> TaskFailure {
        switch error {
        case let failure as TaskFailure:
            return TaskFailure("\(task): \(failure.message)", retryable: failure.retryable)
        case let error as DatasetError:
            // A file that cannot be read here may be readable on another worker; a malformed one is not.
            return TaskFailure("\(task): \(error.message)", retryable: error.code == .unreadable)
        case is ModelError, is MeasureError, is ShiftError, is RetrainError, is JobError:
            return TaskFailure("\(task): \(error)", retryable: false)
        case let error as DecodingError:
            return TaskFailure("\(task): \(describe(error))", retryable: false)
        default:
            return TaskFailure("\(task): \(error)", retryable: true)
        }
    }

    /// One line for a decoding error: what was wrong, and where.
    static func describe(_ error: any Error) -> String {
        guard let error = error as? DecodingError else { return "\(error)" }
        let (context, what): (DecodingError.Context, String) =
            switch error {
            case .typeMismatch(let type, let context): (context, "expected \(type)")
            case .valueNotFound(let type, let context): (context, "missing \(type) value")
            case .keyNotFound(let key, let context): (context, "missing key '\(key.stringValue)'")
            case .dataCorrupted(let context): (context, "invalid data")
            @unknown default: (DecodingError.Context(codingPath: [], debugDescription: "\(error)"), "invalid data")
            }
        let path = context.codingPath.map(\.stringValue).joined(separator: ".")
        let underlying = (context.underlyingError as? NSError)?.localizedDescription
        let detail = [context.debugDescription, underlying].compactMap { $0 }.filter { !$0.isEmpty }.joined(
            separator: ": ")
        return (path.isEmpty ? "" : "\(path): ") + what + (detail.isEmpty ? "" : " (\(detail))")
    }
}

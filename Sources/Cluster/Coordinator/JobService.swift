import Datasets
import Foundation
import Logging

/// What the coordinator does with jobs: takes submissions, adds each job's later tasks as the models they need
/// are trained, and answers status and cancel requests.
///
/// A job runs in phases computed from nothing but its stored spec and results (``JobPlan/readyTasks(trainedModels:engineVersion:)``):
/// at first the train tasks and every task of a model file; when a train task is done, the calibrate and measure
/// tasks of the model it produced. So a coordinator restarted on the same database continues every job where it
/// stood (``advanceAll()``).
final class JobService {
    private let database: ClusterDatabase
    private let artifacts: ArtifactService
    private let logger: Logger
    /// The number of tasks each evaluation job's plan expands to, by job id (see ``waitingCount(job:stored:)``).
    private var plannedTaskCounts: [Int64: Int] = [:]

    init(database: ClusterDatabase, artifacts: ArtifactService, logger: Logger) {
        self.database = database
        self.artifacts = artifacts
        self.logger = logger
    }

    // MARK: Submitting

    /// Stores a submitted job and its first tasks; the answer is Accepted, or an Error saying what is wrong.
    func submit(_ submit: Wire.Submit) -> Wire.Envelope.Body {
        let json: [UInt8]
        switch submit.document {
        case .job(let bytes): json = bytes
        case .plan(let bytes): return PlanService.submit(bytes, database: database, logger: logger)
        }
        do {
            let spec = try withDigests(try JobSpec(json: json))
            let plan = try JobPlan.expand(spec, modelDigests: [:])
            let stored = String(decoding: try spec.canonicalJSON(), as: UTF8.self)
            let submission = try database.submit(
                name: spec.name, spec: stored, tasks: try newTasks(plan.readyTasks(trainedModels: [:])),
                useCache: !submit.recompute)
            let reused = submission.reusedCount + (try advance(job: submission.jobID))
            logger.info(
                "Job submitted",
                metadata: [
                    "job": "\(submission.jobID)", "name": "\(spec.name)", "tasks": "\(plan.tasks.count)",
                    "reused": "\(reused)",
                ])
            return .accepted(
                Wire.Accepted(
                    jobID: String(submission.jobID), taskCount: UInt32(clamping: plan.tasks.count),
                    reusedCount: UInt32(clamping: reused)))
        } catch let error as JobError {
            return .error(Wire.ErrorReply(code: .malformed, message: "the job is not valid: \(error)"))
        } catch let error as SubmissionError {
            return .error(Wire.ErrorReply(code: .notFound, message: error.message))
        } catch {
            logger.error("Could not store a submitted job: \(error)")
            return .error(Wire.ErrorReply(code: .internal, message: "the coordinator could not store the job: \(error)"))
        }
    }

    /// The job with the SHA-256 of every model file and dataset file filled in: digests given by the submitter must
    /// name stored artifacts; files without one are read from the coordinator's file system and stored as artifacts.
    private func withDigests(_ spec: JobSpec) throws -> JobSpec {
        var spec = spec
        for index in spec.models.indices {
            guard let file = spec.models[index].file else { continue }
            if let sha256 = spec.models[index].sha256?.lowercased() {
                try requireArtifact(sha256, of: file, at: "models[\(index)]")
                spec.models[index].sha256 = sha256
            } else {
                spec.models[index].sha256 = try register(
                    file, kind: "model", at: "models[\(index)]", what: "model files")
            }
        }
        if let given = spec.datasetFiles {
            for (file, sha256) in given.sorted(by: { $0.key < $1.key }) {
                try requireArtifact(sha256.lowercased(), of: file, at: "datasetFiles")
            }
            spec.datasetFiles = given.mapValues { $0.lowercased() }
        } else {
            // The job was validated, so its dataset parses.
            let dataset = try DatasetSpec(parsing: spec.dataset)
            guard !dataset.paths.isEmpty else { return spec }
            let files: [String]
            do {
                files = try dataset.localFiles()
            } catch {
                throw SubmissionError(
                    message: "dataset: the coordinator cannot find the files of '\(spec.dataset)' (\(error.message)); "
                        + "submit with `preindex submit`, which uploads dataset files, or give paths on the "
                        + "coordinator's machine")
            }
            var digests: [String: String] = [:]
            for file in files {
                digests[file] = try register(file, kind: "dataset", at: "dataset", what: "dataset files")
            }
            spec.datasetFiles = digests
        }
        return spec
    }

    /// Throws unless artifact `sha256`, given for `file` at JSON path `path`, is stored.
    private func requireArtifact(_ sha256: String, of file: String, at path: String) throws {
        guard try artifacts.contains(sha256) else {
            throw SubmissionError(
                message: "\(path) names artifact \(sha256) ('\(file)'), which the coordinator does not have; "
                    + "upload it first (`preindex submit` does)")
        }
    }

    /// Stores `file` of the coordinator's file system as an artifact of `kind` and returns its SHA-256.
    private func register(_ file: String, kind: String, at path: String, what: String) throws -> String {
        do {
            return try artifacts.register(file: file, kind: kind)
        } catch {
            throw SubmissionError(
                message: "\(path): the coordinator cannot read '\(file)' (\(error)); submit with `preindex submit`, "
                    + "which uploads \(what), or give a path on the coordinator's machine")
        }
    }

    // MARK: Phases

    /// Adds the tasks of job `jobID` that became ready since they were last looked at: those whose model a
    /// train task has now produced. Returns how many of the added tasks reused a stored result.
    @discardableResult
    func advance(job jobID: Int64) throws -> Int {
        guard let job = try database.job(jobID), job.kind == .evaluation, job.state != .cancelled else { return 0 }
        let plan = try job.evaluationPlan().plan
        let stored = try database.tasks(ofJob: jobID)
        var doneByKey: [String: TaskRecord] = [:]
        for task in stored where task.state == .done {
            if let key = task.contentKey { doneByKey[key] = task }
        }
        var trained: [Int: TrainedModel] = [:]
        for (index, planned) in plan.tasks.enumerated() where planned.kind == .train {
            guard let task = doneByKey[planned.contentKey], let result = try database.result(ofTask: task.id!) else {
                continue
            }
            let outcome = try TrainTaskResult.decode(Array(result.payload))
            trained[index] = TrainedModel(sha256: outcome.model.sha256, name: outcome.model.name)
        }
        let existing = Set(stored.compactMap(\.contentKey))
        let missing = try plan.readyTasks(trainedModels: trained).filter { !existing.contains($0.contentKey) }
        guard !missing.isEmpty else { return 0 }
        let submission = try database.addTasks(try newTasks(missing), toJob: jobID)
        logger.info(
            "Job advanced: trained models ready",
            metadata: ["job": "\(jobID)", "added": "\(missing.count)", "reused": "\(submission.reusedCount)"])
        return submission.reusedCount
    }

    /// Advances every job that is not cancelled: what a coordinator does when it starts on an existing database.
    func advanceAll() {
        do {
            for job in try database.jobs() where job.kind == .evaluation && job.state != .cancelled {
                do {
                    try advance(job: job.id!)
                } catch {
                    logger.error("Could not advance job \(job.id!): \(error)")
                }
            }
        } catch {
            logger.error("Could not list jobs to advance: \(error)")
        }
    }

    /// How many tasks of `job`'s plan are not stored yet (`stored` are), waiting for a model to be trained.
    ///
    /// A job's spec never changes, so its plan is expanded once and its task count remembered: status queries (and
    /// every metrics scrape) ask this for every job.
    func waitingCount(job: JobRecord, stored: Int) -> Int {
        guard job.kind == .evaluation, let id = job.id else { return 0 }
        let planned = plannedTaskCounts[id] ?? (try? job.evaluationPlan().plan.tasks.count) ?? 0
        plannedTaskCounts[id] = planned
        return max(0, planned - stored)
    }

    private func newTasks(_ planned: [PlannedTask]) throws(JobError) -> [NewTask] {
        try planned.map { task throws(JobError) in try task.newTask() }
    }

    // MARK: Status and cancelling

    /// Progress of one job (or of all when the query names none) and energy per node.
    func status(_ query: Wire.StatusQuery) -> Wire.Envelope.Body {
        do {
            let jobs: [JobRecord]
            var jobID: Int64?
            if query.jobID.isEmpty {
                jobs = try database.jobs()
            } else {
                let id = try Self.jobID(query.jobID)
                guard let job = try database.job(id) else { return .error(Self.unknownJob(query.jobID)) }
                jobs = [job]
                jobID = id
            }
            let progress = try jobs.map { job in
                let counts = try database.progress(jobID: job.id!)
                let waiting = counts.job.state == .cancelled ? 0 : waitingCount(job: job, stored: counts.total)
                return Wire.JobProgress(
                    jobID: String(job.id!), total: UInt32(clamping: counts.total + waiting),
                    queued: UInt32(clamping: counts.queued + waiting), running: UInt32(clamping: counts.leased),
                    done: UInt32(clamping: counts.done), failed: UInt32(clamping: counts.failed + counts.cancelled))
            }
            return .status(Wire.Status(jobs: progress, energy: try energyReports(job: jobID)))
        } catch let error as SubmissionError {
            return .error(Wire.ErrorReply(code: .malformed, message: error.message))
        } catch {
            return .error(Wire.ErrorReply(code: .internal, message: "the coordinator could not read the status: \(error)"))
        }
    }

    /// Energy per node as reports: joules summed, grid intensity the node's average.
    private func energyReports(job: Int64?) throws -> [Wire.EnergyReport] {
        try database.energyByNode(job: job).map { total in
            Wire.EnergyReport(
                nodeID: total.nodeID ?? "", method: total.method ?? "", joules: total.joules, cpuSeconds: 0,
                wallSeconds: 0, region: total.region ?? "",
                gridIntensity: total.kilowattHours > 0 ? total.kgCO2eq / total.kilowattHours * 1000 : 0)
        }
    }

    /// Cancels a job, keeping its results; answered with the job's status.
    func cancel(_ cancel: Wire.Cancel) -> Wire.Envelope.Body {
        do {
            let id = try Self.jobID(cancel.jobID)
            guard let job = try database.job(id) else { return .error(Self.unknownJob(cancel.jobID)) }
            let cancelled: Int
            if cancel.rows.isEmpty {
                cancelled = try database.cancel(jobID: id)
            } else {
                // A plan's tasks are stored in row order, rows numbered from 1.
                guard job.kind == .plan else {
                    throw SubmissionError(message: "job \(id) is not a retrain plan; cancel it whole, without rows")
                }
                let tasks = try database.tasks(ofJob: id)
                let unknown = cancel.rows.filter { $0 < 1 || Int($0) > tasks.count }
                guard unknown.isEmpty else {
                    throw SubmissionError(
                        message: "plan \(id) has rows 1…\(tasks.count); there is no row \(unknown.map(String.init).joined(separator: ", "))")
                }
                cancelled = try database.cancel(taskIDs: cancel.rows.map { tasks[Int($0) - 1].id! })
            }
            logger.info("Job cancelled", metadata: ["job": "\(id)", "tasks": "\(cancelled)"])
            return status(Wire.StatusQuery(jobID: cancel.jobID))
        } catch let error as SubmissionError {
            return .error(Wire.ErrorReply(code: .malformed, message: error.message))
        } catch {
            return .error(Wire.ErrorReply(code: .internal, message: "the coordinator could not cancel: \(error)"))
        }
    }

    static func jobID(_ text: String) throws(SubmissionError) -> Int64 {
        guard let id = Int64(text), id > 0 else {
            throw SubmissionError(message: "'\(text)' is not a job identifier (a positive integer, as `preindex submit` prints)")
        }
        return id
    }

    static func unknownJob(_ text: String) -> Wire.ErrorReply {
        Wire.ErrorReply(code: .notFound, message: "there is no job \(text); `preindex status` lists the jobs")
    }
}

/// A submission or query the coordinator refuses, with the sentence sent back to the client.
struct SubmissionError: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}

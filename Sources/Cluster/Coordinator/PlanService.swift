import Datasets
import Fleet
import Foundation
import Logging
import Retraining
import Shifts

/// What the coordinator does with retrain plans: checks a submitted plan whole against the evaluation it was made
/// from, turns each row into a retrain task placed on the row's node, and reports what became of every row.
enum PlanService {
    /// Stores a plan's retrain tasks, or answers with the first problem; nothing is stored unless every row is valid.
    static func submit(_ json: [UInt8], database: ClusterDatabase, logger: Logger) -> Wire.Envelope.Body {
        do {
            let plan = try RetrainPlan(jsonData: Data(json))
            let parentID = try JobService.jobID(plan.jobID)
            guard let parent = try database.job(parentID), parent.kind == .evaluation else {
                throw SubmissionError(
                    message: "the plan was made from job \(plan.jobID), which is not an evaluation job of this "
                        + "coordinator; `preindex status` lists the jobs")
            }
            guard parent.state == .done else {
                throw SubmissionError(
                    message: "the plan was made from job \(plan.jobID), which is \(parent.state.rawValue); plan the "
                        + "retrains of a finished evaluation")
            }
            guard !plan.rows.isEmpty else { throw SubmissionError(message: "the plan has no rows; nothing to retrain") }
            let fleet = try EvaluatedFleet(job: parent, database: database)
            let tasks = try plan.rows.map { row in try retrainTask(row, of: fleet, plan: plan, evaluation: parentID) }
            let submission = try database.submit(
                name: "plan of \(parent.name)", spec: String(decoding: json, as: UTF8.self), tasks: tasks, useCache: false,
                kind: .plan, parentJobID: parentID)
            logger.info(
                "Plan submitted", metadata: ["plan": "\(submission.jobID)", "job": "\(parentID)", "rows": "\(tasks.count)"])
            return .accepted(Wire.Accepted(jobID: String(submission.jobID), taskCount: UInt32(clamping: tasks.count)))
        } catch let error as FleetError {
            return .error(Wire.ErrorReply(code: .malformed, message: "the plan is not valid: \(error.message)"))
        } catch let error as SubmissionError {
            return .error(Wire.ErrorReply(code: .rejected, message: error.message))
        } catch {
            logger.error("Could not store a submitted plan: \(error)")
            return .error(Wire.ErrorReply(code: .internal, message: "the coordinator could not store the plan: \(error)"))
        }
    }

    /// The retrain task of plan row `row`, checked against the evaluated fleet.
    private static func retrainTask(
        _ row: PlanRow, of fleet: EvaluatedFleet, plan: RetrainPlan, evaluation: Int64
    ) throws -> NewTask {
        let where_ = "row \(row.number)"
        guard let sha256 = fleet.modelSHA256[row.model] else {
            let names = fleet.members.map(\.name).joined(separator: ", ")
            throw SubmissionError(
                message: "\(where_) names model '\(row.model)', which job \(plan.jobID) does not have (its models: \(names))")
        }
        if let given = row.modelSHA256, given.lowercased() != sha256 {
            throw SubmissionError(
                message: "\(where_): model '\(row.model)' is artifact \(sha256), but the plan says \(given); the plan was "
                    + "edited or made from another job — run `preindex decide` again")
        }
        let shift: Shift
        do {
            shift = try Shift(parsing: row.shift)
        } catch {
            throw SubmissionError(message: "\(where_): \(error)")
        }
        let options: RetrainOptions
        do {
            options = try RetrainOptions(
                targetAccuracy: row.targetAccuracy, cutoffs: try row.cutoffs.map(PlateauCutoff.init(parsing:)),
                maxEpochs: row.maxEpochs)
        } catch {
            throw SubmissionError(message: "\(where_): \(error.message)")
        }
        let dataset = try DatasetSpec(parsing: fleet.spec.dataset).description
        let payload = TaskPayload.retrain(
            RetrainPayload(
                model: .file(path: row.model, sha256: sha256), dataset: dataset, datasetFiles: fleet.spec.datasetFiles,
                shift: shift, retrain: options, fromScratch: row.approach == .scratch,
                plan: PlanTaskReference(job: evaluation, row: row.number)))
        return NewTask(
            kind: .retrain, payload: try CanonicalJSON.encode(payload), priority: TaskPriority.retrain,
            preferredNode: row.node.isEmpty ? nil : row.node)
    }

    /// What became of plan job `job`'s rows so far; running rows show what their workers last reported.
    static func outcome(
        of job: JobRecord, in database: ClusterDatabase, progress: [String: Wire.TaskProgress] = [:]
    ) throws -> PlanOutcome {
        let plan = try RetrainPlan(jsonData: Data(job.spec.utf8))
        let tasks = try database.tasks(ofJob: job.id!)
        var rows: [PlanOutcome.Row] = []
        for (row, task) in zip(plan.rows, tasks) {
            var outcome = PlanOutcome.Row(
                planned: row, state: task.state == .leased ? "running" : task.state.rawValue, node: task.leasedTo,
                attempts: task.attempts, error: task.state == .failed ? task.lastError : nil)
            if task.state == .leased, let report = progress[String(task.id!)], report.attempt == task.attempts {
                outcome.epochsSoFar = Int(report.epoch)
                outcome.accuracySoFar = report.accuracy
                outcome.kilowattHoursSoFar = report.energy.joules / EnergyUnits.joulesPerKilowattHour
            }
            if task.state == .done, let result = try database.result(ofTask: task.id!) {
                let retrained = try RetrainTaskResult.decode(Array(result.payload))
                outcome.node = result.nodeID
                outcome.actual = MeasuredCost(
                    kilowattHours: retrained.record.kilowattHours, kilogramsCO2eq: retrained.record.kilogramsCO2eq,
                    epochs: retrained.record.epochs)
                outcome.finalAccuracy = retrained.record.finalAccuracy
                outcome.reachedTarget = retrained.record.reachedTarget
                outcome.modelSHA256 = retrained.model.sha256
                outcome.modelName = retrained.model.name
            }
            rows.append(outcome)
        }
        return PlanOutcome(jobID: String(job.id!), plan: plan, rows: rows)
    }

    /// The payload to assign `task` with: a retrain task taken up again after a lost attempt resumes from the last
    /// checkpoint its earlier attempts uploaded (`checkpoint-<task>-epoch-<n>.safetensors`); any other as stored.
    static func payload(toAssign task: TaskRecord, database: ClusterDatabase) -> [UInt8] {
        guard task.kind == .retrain, task.attempts > 1,
            let checkpoints = try? database.artifacts(kind: "checkpoint", producedByTask: task.id),
            let latest = checkpoints.compactMap({ record in
                record.name.flatMap(RetrainCheckpoint.parse(name:)).map { (epochs: $0.epochs, sha256: record.sha256) }
            }).max(by: { $0.epochs < $1.epochs }),
            case .retrain(var payload)? = try? JSONDecoder().decode(TaskPayload.self, from: task.payload),
            let resumed = try? CanonicalJSON.encode(
                { payload.resume = RetrainCheckpoint(sha256: latest.sha256, epochs: latest.epochs); return TaskPayload.retrain(payload) }())
        else { return Array(task.payload) }
        return Array(resumed)
    }
}

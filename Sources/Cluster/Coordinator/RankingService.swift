import Energy
import Fleet
import Foundation
import Measures
import Retraining

/// Answers ranking queries: turns the stored results of a job into a ``Fleet/Ranking``.
///
/// Per model of the job it gathers the calibration points (calibrate tasks), the measurements (measure tasks), the
/// cost of training it from scratch when the job trained it, and the energy its evaluation used; per node the energy
/// spent on the job. The ranking itself (fits, estimates, advice, placement) is ``Fleet``'s: the coordinator only
/// reads the store. A job still running gets the ranking of what is done so far.
final class RankingService {
    private let database: ClusterDatabase

    init(database: ClusterDatabase) {
        self.database = database
    }

    /// The ranking of the job the query names, as JSON, or an Error.
    func answer(_ query: Wire.RankingQuery) -> Wire.Envelope.Body {
        do {
            let id = try JobService.jobID(query.jobID)
            guard let job = try database.job(id) else { return .error(JobService.unknownJob(query.jobID)) }
            let ranking = try ranking(of: job)
            return .ranking(Wire.Ranking(jobID: query.jobID, rankingJSON: Array(try ranking.jsonData())))
        } catch let error as SubmissionError {
            return .error(Wire.ErrorReply(code: .malformed, message: error.message))
        } catch {
            return .error(
                Wire.ErrorReply(code: .internal, message: "the ranking of job \(query.jobID) could not be built: \(error)"))
        }
    }

    /// The ranking of `job` from its stored results.
    func ranking(of job: JobRecord) throws -> Ranking {
        let spec = try JobSpec(json: Array(job.spec.utf8))
        let plan = try JobPlan.expand(spec, modelDigests: [:])
        let results = try database.results(ofJob: job.id!)
        var members = spec.models.enumerated().map { index, model in
            FleetMember(
                name: Self.name(of: model, at: index, in: spec.models), architecture: model.arch ?? "",
                calibrationPoints: [], measurements: [], maxEpochs: spec.calibration?.maxEpochs)
        }
        // Which member each model identity belongs to: files by their digest, trained models by what training made.
        var memberOfModel: [String: Int] = [:]
        for (index, model) in spec.models.enumerated() {
            if let sha256 = model.sha256 { memberOfModel[ModelReference.file(path: "", sha256: sha256).identity] = index }
        }
        let trainKeys = Dictionary(
            plan.tasks.filter { $0.kind == .train }.map { ($0.contentKey, $0.modelIndex) }, uniquingKeysWith: { a, _ in a })
        for (task, result) in results where task.kind == .train {
            guard let key = task.contentKey, let index = trainKeys[key] else { continue }
            let trained = try TrainTaskResult.decode(Array(result.payload))
            memberOfModel[ModelReference.file(path: "", sha256: trained.model.sha256).identity] = index
            members[index].architecture = trained.arch.rawValue
            members[index].scratchCost = MeasuredCost(
                kilowattHours: trained.kilowattHours, kilogramsCO2eq: trained.kilogramsCO2eq, epochs: trained.epochs)
        }
        let energy = try database.energyByTask(results.map { $0.result.taskID })
        var evaluation: [Int: (kWh: Double, kg: Double)] = [:]
        for (task, result) in results where task.kind != .train {
            let payload = try JSONDecoder().decode(TaskPayload.self, from: task.payload)
            guard let identity = payload.model?.identity, let index = memberOfModel[identity] else { continue }
            switch task.kind {
            case .measure:
                members[index].measurements += try MeasureTaskResult.decode(Array(result.payload)).results
                if let spent = energy[result.taskID] {
                    evaluation[index, default: (0, 0)].kWh += spent.kilowattHours
                    evaluation[index, default: (0, 0)].kg += spent.kgCO2eq
                }
            case .calibrate:
                let calibrated = try CalibrateTaskResult.decode(Array(result.payload))
                members[index].calibrationPoints.append(calibrated.point)
                members[index].architecture = calibrated.architecture.name.rawValue
            default:
                continue
            }
        }
        for (index, cost) in evaluation {
            members[index].evaluationCost = MeasuredCost(kilowattHours: cost.kWh, kilogramsCO2eq: cost.kg)
        }
        let grid = spec.region.flatMap { try? GridIntensity.lookup($0) } ?? .worldAverage
        return try Ranking(
            jobID: String(job.id!), jobName: job.name, members: members, nodes: try nodes(of: job.id!),
            gramsPerKWh: grid.gramsPerKWh)
    }

    /// Energy per node spent on the job, with each node's grid intensity from its region.
    private func nodes(of jobID: Int64) throws -> [NodeEnergy] {
        try database.energyByNode(job: jobID).map { total in
            let region = total.region ?? ""
            let intensity = (try? GridIntensity.lookup(region)) ?? .worldAverage
            return NodeEnergy(
                node: total.nodeID ?? "", region: region.isEmpty ? "world" : region, method: total.method ?? "",
                tasks: total.tasks, kilowattHours: total.kilowattHours, kilogramsCO2eq: total.kgCO2eq,
                gramsPerKWh: intensity.gramsPerKWh)
        }
    }

    /// A member's name: the model file's name, or the architecture (numbered when the job trains it twice).
    private static func name(of model: ModelSpec, at index: Int, in models: [ModelSpec]) -> String {
        if let file = model.file { return URL(fileURLWithPath: file).lastPathComponent }
        let arch = model.arch ?? "model"
        let same = models.filter { $0.arch == model.arch }.count
        return same > 1 ? "\(arch)#\(index)" : arch
    }
}

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

    /// The ranking of the job the query names (or, for a plan, its outcome with the `progress` of running rows), as
    /// JSON, or an Error.
    func answer(_ query: Wire.RankingQuery, progress: [String: Wire.TaskProgress] = [:]) -> Wire.Envelope.Body {
        do {
            let id = try JobService.jobID(query.jobID)
            guard let job = try database.job(id) else { return .error(JobService.unknownJob(query.jobID)) }
            let json =
                switch job.kind {
                case .evaluation: try ranking(of: job).jsonData()
                case .plan: try PlanService.outcome(of: job, in: database, progress: progress).jsonData()
                }
            return .ranking(Wire.Ranking(jobID: query.jobID, rankingJSON: Array(json)))
        } catch let error as SubmissionError {
            return .error(Wire.ErrorReply(code: .malformed, message: error.message))
        } catch {
            return .error(
                Wire.ErrorReply(code: .internal, message: "the ranking of job \(query.jobID) could not be built: \(error)"))
        }
    }

    /// The ranking of `job` from its stored results, refitted with the retrains its plans ran.
    func ranking(of job: JobRecord) throws -> Ranking {
        let fleet = try EvaluatedFleet(job: job, database: database)
        let grid = fleet.spec.region.flatMap { try? GridIntensity.lookup($0) } ?? .worldAverage
        return try Ranking(
            jobID: String(job.id!), jobName: job.name, members: fleet.members, nodes: try nodes(of: job.id!),
            gramsPerKWh: grid.gramsPerKWh)
    }

    /// Energy per node spent on the results the ranking rests on, with each node's grid intensity from its region:
    /// the job's own tasks and, for results it reused, the tasks that computed them (a job whose every result was
    /// stored before still has the nodes a plan can be placed on, and the cost its results took).
    private func nodes(of jobID: Int64) throws -> [NodeEnergy] {
        let threads = Dictionary(try database.nodes().map { ($0.id, $0.threads) }, uniquingKeysWith: { _, last in last })
        return try database.energyByNode(job: jobID, countingReusedResults: true).map { total in
            let region = total.region ?? ""
            let intensity = (try? GridIntensity.lookup(region)) ?? .worldAverage
            return NodeEnergy(
                node: total.nodeID ?? "", region: region.isEmpty ? "world" : region, method: total.method ?? "",
                tasks: total.tasks, kilowattHours: total.kilowattHours, kilogramsCO2eq: total.kgCO2eq,
                gramsPerKWh: intensity.gramsPerKWh, threads: total.nodeID.flatMap { threads[$0] })
        }
    }
}

import Fleet
import Foundation

/// Hand-made rankings with exact costs, for planning.
enum PlanFixtures {
    /// A row of `model` under `shift` whose retraining estimate is `kwh` (interval ±20 %, 10 epochs), or none,
    /// and whose from-scratch cost is `scratch` kWh (20 epochs), or unknown.
    static func row(
        _ model: String, _ shift: String, kwh: Double?, scratch: Double? = nil, proxy: Bool = false,
        extrapolated: Bool = false
    ) -> RankingRow {
        let estimate = kwh.map { CostEstimate(value: $0, low: $0 * 0.8, high: $0 * 1.2, extrapolated: extrapolated) }
        return RankingRow(
            model: model, architecture: "mlp", shift: shift, preindex: 0.2,
            epochs: kwh.map { _ in CostEstimate(value: 10, low: 8, high: 12, extrapolated: extrapolated) },
            kilowattHours: estimate, kilogramsCO2eq: estimate.map { CostEstimate(value: $0.value * 0.4, low: $0.low * 0.4, high: $0.high * 0.4, extrapolated: extrapolated) },
            unestimatedReason: kwh == nil ? "uncalibrated: 2 calibration points, at least 4 needed" : nil,
            advice: .unknown, adviceReason: "", evaluationCost: nil, placement: nil,
            scratch: scratch.map { ScratchEstimate(epochs: 20, kilowattHours: $0, isProxy: proxy) })
    }

    /// A ranking of job `job-1` holding `rows` as given.
    static func ranking(_ rows: [RankingRow]) throws -> Ranking {
        var ranking = try Ranking(jobID: "job-1", jobName: "nightly", members: [], nodes: FleetFixtures.nodes)
        ranking.rows = rows
        return ranking
    }

    /// A clean slow node and a dirty fast one: w1 (FRA, 56 g/kWh, 4 threads), w2 (IND, 713 g/kWh, 16 threads).
    static let nodes = [
        PlanNode(node: "w1", region: "FRA", gramsPerKWh: 56, threads: 4),
        PlanNode(node: "w2", region: "IND", gramsPerKWh: 713, threads: 16),
    ]
}

/// The ``FleetError`` `body` throws, or `nil` when it returns or throws another error.
func fleetError<T>(_ body: () throws -> T) -> FleetError? {
    do {
        _ = try body()
        return nil
    } catch {
        return error as? FleetError
    }
}

import Fleet
import Foundation

/// What the HTML report tests render: a ranking with calibrations, charts and nodes, and a plan run after it.
enum ReportFixtures {
    /// A ranking of two calibrated models (one with a name that needs escaping) and one uncalibrated, on two nodes.
    static func fleetRanking(named name: String = "a<b&\"c\"") throws -> Ranking {
        try Ranking(
            jobID: "job-7", jobName: "nightly", members: [
                FleetFixtures.member(name), FleetFixtures.member("cnn", points: FleetFixtures.points(count: 5, kwh: { 3 * $0 })),
                FleetFixtures.member("tiny", points: FleetFixtures.points(count: 2)),
            ], nodes: FleetFixtures.nodes)
    }

    /// A retrain plan over `PlanFixtures` rows, its first row done with a measured cost, its second still queued.
    static func planOutcome() throws -> PlanOutcome {
        let ranking = try PlanFixtures.ranking([
            PlanFixtures.row("a", "gaussian:0.1", kwh: 1, scratch: 3), PlanFixtures.row("b", "blur:2", kwh: 5, scratch: 2),
        ])
        let plan = try RetrainPlan.make(
            from: ranking, nodes: PlanFixtures.nodes, policy: PlanPolicy(budget: .kilowattHours(10), placement: .greenest))
        let rows = plan.rows.enumerated().map { index, row in
            index == 0
                ? PlanOutcome.Row(
                    planned: row, state: "done", node: row.node, attempts: 1,
                    actual: MeasuredCost(kilowattHours: 1.1, kilogramsCO2eq: 0.0616, epochs: 11))
                : PlanOutcome.Row(planned: row, state: "queued")
        }
        return PlanOutcome(jobID: "job-8", plan: plan, rows: rows)
    }
}

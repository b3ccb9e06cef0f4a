import Fleet
import Foundation
import Reports
import Testing

@Test func planTableShowsEachRetrainTheTotalsAndWhatGreenestSaves() throws {
    let ranking = try PlanFixtures.ranking([
        PlanFixtures.row("a", "gaussian:0.1", kwh: 1, scratch: 3), PlanFixtures.row("b", "blur:2", kwh: 5, scratch: 2),
        PlanFixtures.row("c", "gaussian:0.1", kwh: nil),
    ])
    let plan = try RetrainPlan.make(
        from: ranking, nodes: PlanFixtures.nodes, policy: PlanPolicy(budget: .kilowattHours(10), placement: .spread))
    let text = PlanTable.render(plan)
    let expected = [
        "Retrain plan for job job-1 (nightly): 2 retrains; budget 10 kWh, prefer auto, placement spread, "
            + "target accuracy 0.85, at most 30 epochs",
        "",
        "#      model         shift  approach      epochs          kWh               kg CO2eq  node  region  g/kWh",
        "1          a  gaussian:0.1     reuse   10 [8–12]  1 [0.8–1.2]  0.056 [0.0448–0.0672]    w1     FRA     56",
        "2          b        blur:2   scratch  20 [20–20]      2 [2–2]       1.43 [1.43–1.43]    w2     IND    713",
        "total                                             3 [2.8–3.2]       1.48 [1.47–1.49]                     ",
        "",
        "kg CO2eq by placement: greenest 0.168, fastest 2.14, spread 1.48",
        "Greenest placement saves 1.31 kg CO2eq against spread.",
        "",
        "note: c gaussian:0.1 is left out: neither a retraining estimate (uncalibrated: 2 calibration points, "
            + "at least 4 needed) nor a from-scratch cost is known",
    ]
    #expect(text == expected.joined(separator: "\n"))
}

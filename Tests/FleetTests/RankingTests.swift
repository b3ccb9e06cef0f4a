import Fleet
import Foundation
import Measures
import Retraining
import Testing

@Test func estimatesRecoverTheCalibratedLaw() throws {
    let ranking = try Ranking(members: [FleetFixtures.member("a")], nodes: FleetFixtures.nodes, gramsPerKWh: 400)
    #expect(ranking.rows.count == 3)
    for row in ranking.rows {
        let level = try #require(row.level)
        let kwh = try #require(row.kilowattHours)
        #expect(abs(kwh.value - (2 * level + 0.1)) < 1e-9)
        #expect(kwh.low <= kwh.value + 1e-12 && kwh.high >= kwh.value - 1e-12)
        #expect(abs(try #require(row.kilogramsCO2eq).value - 0.4 * (2 * level + 0.1)) < 1e-9)
        #expect(abs(try #require(row.epochs).value - (5 + 20 * level)) < 0.6)
        #expect(!kwh.extrapolated && row.unestimatedReason == nil)
    }
    let summary = try #require(ranking.calibrations.first)
    #expect(summary.points == 6 && summary.fits.count == 3 && summary.reason == nil)
}

@Test func rowsAreSortedAscendingByTheChosenCost() throws {
    // b is cheaper in energy but needs many more epochs than a.
    let a = try FleetFixtures.member("a")
    let b = try FleetFixtures.member("b", points: FleetFixtures.points(kwh: { 0.5 * $0 + 0.01 }, epochs: { Int((40 + 20 * $0).rounded()) }))
    for cost in RankingCost.allCases {
        let ranking = try Ranking(members: [a, b], nodes: [], sortedBy: cost)
        let values = ranking.rows.map { $0.estimate(of: cost)!.value }
        #expect(values == values.sorted(), "sorted by \(cost)")
        #expect(ranking.sortedBy == cost)
    }
    let byKWh = try Ranking(members: [a, b], nodes: [], sortedBy: .kilowattHours)
    #expect(byKWh.rows.first?.model == "b")
    #expect(byKWh.sorted(by: .epochs).rows.first?.model == "a")
}

@Test func uncalibratedModelsComeLastWithTheReason() throws {
    let ranking = try Ranking(
        members: [FleetFixtures.member("z-calibrated"), FleetFixtures.member("a-few-points", points: FleetFixtures.points(count: 3))],
        nodes: FleetFixtures.nodes)
    #expect(ranking.rows.prefix(3).allSatisfy { $0.model == "z-calibrated" })
    let last = ranking.rows.suffix(3)
    #expect(last.allSatisfy { $0.model == "a-few-points" && $0.kilowattHours == nil && $0.advice == .unknown })
    #expect(last.allSatisfy { $0.unestimatedReason?.contains("at least 4") == true && $0.placement == nil })
    // Ties among unestimated rows go by shift type, then level.
    #expect(last.map(\.shift) == ["blur:0.25", "gaussian:0.15", "gaussian:0.35"])
    let summary = try #require(ranking.calibrations.first { $0.model == "a-few-points" })
    #expect(summary.fits.isEmpty && summary.points == 3 && summary.reason != nil)
    #expect(ranking.notes.contains { $0.contains("a-few-points") })
}

@Test func adviceFollowsTheScratchCostAgainstTheInterval() throws {
    // Estimates at 0.15, 0.35, 0.25 → 0.4, 0.8, 0.6 kWh (exact fit, zero-width interval).
    let cheapScratch = try FleetFixtures.member("cheap", shifts: ["gaussian:0.35"], scratch: .init(kilowattHours: 0.5, kilogramsCO2eq: 0.2, epochs: 10))
    let dearScratch = try FleetFixtures.member("dear", shifts: ["gaussian:0.35"], scratch: .init(kilowattHours: 5, kilogramsCO2eq: 2, epochs: 10))
    let noisy = try FleetFixtures.member(
        "noisy", points: FleetFixtures.points(noise: [0.05, -0.04, 0.06, -0.05, 0.03, -0.06]), shifts: ["gaussian:0.35"],
        scratch: .init(kilowattHours: 0.8, kilogramsCO2eq: 0.3))
    let proxy = try FleetFixtures.member("proxy", shifts: ["gaussian:0.35"], maxEpochs: 30)
    let none = try FleetFixtures.member("none", shifts: ["gaussian:0.35"])
    let ranking = try Ranking(members: [cheapScratch, dearScratch, noisy, proxy, none], nodes: [])
    func row(_ name: String) throws -> RankingRow { try #require(ranking.rows.first { $0.model == name }) }
    #expect(try row("cheap").advice == .fromScratch)
    #expect(try row("dear").advice == .retrain)
    let either = try row("noisy")
    #expect(either.advice == .either)
    #expect(either.kilowattHours!.low < 0.8 && either.kilowattHours!.high > 0.8)
    // Proxy: mean kWh per epoch of the calibration × 30 epochs is far above 0.8 kWh.
    #expect(try row("proxy").advice == .retrain)
    #expect(try row("proxy").adviceReason.contains("proxy"))
    #expect(try row("none").advice == .unknown)
    #expect(try !row("none").adviceReason.isEmpty)
}

@Test func placementPicksTheLowestIntensityRegion() throws {
    let ranking = try Ranking(members: [FleetFixtures.member("a", shifts: ["gaussian:0.2"])], nodes: FleetFixtures.nodes)
    #expect(ranking.greenestRegion == RegionIntensity(region: "FRA", gramsPerKWh: 56))
    #expect(ranking.dirtiestRegion == RegionIntensity(region: "IND", gramsPerKWh: 713))
    let placement = try #require(ranking.rows.first?.placement)
    let kwh = 2 * 0.2 + 0.1
    #expect(placement.greenest.region == "FRA" && abs(placement.greenestKilogramsCO2eq - kwh * 0.056) < 1e-12)
    #expect(placement.dirtiest.region == "IND" && abs(placement.dirtiestKilogramsCO2eq - kwh * 0.713) < 1e-12)
}

@Test func nodeTotalsAddUpAndNodesAreListedByName() throws {
    let ranking = try Ranking(members: [], nodes: FleetFixtures.nodes)
    #expect(ranking.nodes.map(\.node) == ["w1", "w2"])
    #expect(ranking.total.tasks == 12)
    #expect(abs(ranking.total.kilowattHours - 0.5) < 1e-12)
    #expect(abs(ranking.total.kilogramsCO2eq - 0.1594) < 1e-12)
}

@Test func jsonRoundTripKeepsEveryValueIncludingNonFiniteOnes() throws {
    var member = try FleetFixtures.member("a", evaluation: .init(kilowattHours: 0.01, kilogramsCO2eq: 0.002))
    member.measurements.append(try FleetFixtures.measurement(shift: "gaussian:0.5", preindex: .nan))
    let ranking = try Ranking(
        jobID: "job-1", jobName: "demo", members: [member, FleetFixtures.member("b", points: FleetFixtures.points(count: 2))],
        nodes: FleetFixtures.nodes, sortedBy: .kilogramsCO2eq)
    let data = try ranking.jsonData()
    #expect(String(decoding: data, as: UTF8.self).contains("\"nan\""))
    let decoded = try Ranking(jsonData: data)
    #expect(try decoded.jsonData() == data)
    #expect(decoded.jobID == "job-1" && decoded.sortedBy == .kilogramsCO2eq && decoded.rows.count == 7)
    let unmeasurable = try #require(decoded.rows.first { $0.shift == "gaussian:0.5" })
    #expect(unmeasurable.preindex.isNaN && unmeasurable.kilowattHours == nil && unmeasurable.unestimatedReason != nil)
}

@Test func unreadableRankingJSONIsAnErrorNamingThePlace() throws {
    for text in ["{}", "[1, 2]", "not json"] {
        let error = try #require(throws: FleetError.self) { try Ranking(jsonData: Data(text.utf8)) }
        #expect(error.code == .invalidJSON && !error.message.isEmpty)
    }
}

@Test func badMembersAndNodesAreRefusedWithAClearMessage() throws {
    let a = try FleetFixtures.member("a")
    let twice = try #require(throws: FleetError.self) { try Ranking(members: [a, a], nodes: []) }
    #expect(twice.code == .invalidMember && twice.message.contains("twice"))
    var unshifted = a
    unshifted.measurements[1].shift = nil
    let noShift = try #require(throws: FleetError.self) { try Ranking(members: [unshifted], nodes: []) }
    #expect(noShift.message.contains("measurement 2 of model a"))
    let broken = NodeEnergy(node: "w9", region: "FRA", method: "rapl", tasks: 1, kilowattHours: .nan, kilogramsCO2eq: 0, gramsPerKWh: 56)
    let node = try #require(throws: FleetError.self) { try Ranking(members: [a], nodes: [broken]) }
    #expect(node.code == .invalidNode && node.message.contains("w9"))
}

@Test func costModelFitsLikeTheCalibrationOfAModelFile() throws {
    let points = FleetFixtures.points(noise: [0.05, -0.04, 0.06, -0.05, 0.03, -0.06])
    let calibration = try Calibration.fit(
        points: points, architecture: .init(.mlp, inputChannels: 1, inputHeight: 4, inputWidth: 4, classes: 2),
        model: "m", dataset: "builtin:shapes", options: try RetrainOptions(targetAccuracy: 0.9))
    let model = try CostModel.fit(points: points)
    #expect(model.fits == calibration.fits)
    let measurement = try FleetFixtures.measurement(shift: "gaussian:0.33", preindex: 0.33)
    #expect(model.estimate(measurement).map(\.value) == calibration.estimate(measurement).map(\.value))
}

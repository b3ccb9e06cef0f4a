import Fleet
import Foundation
import Testing

private typealias F = PlanFixtures

private func plan(_ rows: [RankingRow], _ policy: PlanPolicy = PlanPolicy(), nodes: [PlanNode] = F.nodes) throws -> RetrainPlan {
    try RetrainPlan.make(from: F.ranking(rows), nodes: nodes, policy: policy)
}

private func picked(_ plan: RetrainPlan) -> [String] { plan.rows.map { "\($0.model) \($0.shift)" } }

@Test func withoutABudgetEveryEstimatedRowIsPlannedCheapestFirstAndNumbered() throws {
    let made = try plan([F.row("b", "blur:1", kwh: 3), F.row("a", "gaussian:0.1", kwh: 1), F.row("a", "gaussian:0.2", kwh: 2)])
    #expect(picked(made) == ["a gaussian:0.1", "a gaussian:0.2", "b blur:1"])
    #expect(made.rows.map(\.number) == [1, 2, 3])
    #expect(made.jobID == "job-1" && made.jobName == "nightly" && made.version == RetrainPlan.currentVersion)
    #expect(made.totals.retrains == 3)
    #expect(made.totals.kilowattHours.value == 6)
    #expect(abs(made.totals.kilowattHours.low - 4.8) < 1e-12 && abs(made.totals.kilowattHours.high - 7.2) < 1e-12)
}

@Test func budgetCoversMoreModelsBeforeCheaperRowsOfModelsAlreadyCovered() throws {
    let rows = [
        F.row("a", "gaussian:0.1", kwh: 1), F.row("a", "gaussian:0.2", kwh: 1.5), F.row("b", "gaussian:0.1", kwh: 2),
        F.row("c", "gaussian:0.1", kwh: 5),
    ]
    let made = try plan(rows, PlanPolicy(budget: .kilowattHours(3.5)))
    #expect(picked(made) == ["a gaussian:0.1", "b gaussian:0.1"])
    #expect(made.totals.kilowattHours.value == 3)
    #expect(made.notes.contains { $0.contains("2 of 4 candidate retrains do not fit the budget of 3.5 kWh") })
    let roomier = try plan(rows, PlanPolicy(budget: .kilowattHours(4.5)))
    #expect(picked(roomier) == ["a gaussian:0.1", "b gaussian:0.1", "a gaussian:0.2"])
}

@Test func budgetTiesGoToTheCheaperRowThenByName() throws {
    let rows = [F.row("b", "gaussian:0.1", kwh: 1), F.row("a", "gaussian:0.1", kwh: 1), F.row("c", "gaussian:0.1", kwh: 0.5)]
    #expect(picked(try plan(rows, PlanPolicy(budget: .kilowattHours(1.6)))) == ["c gaussian:0.1", "a gaussian:0.1"])
}

@Test func budgetIsNeverExceededInKilowattHoursOrCO2() throws {
    let rows = (0..<30).map { i in
        F.row("m\(i % 7)", "gaussian:\(Double(i / 7 + 1) / 10)", kwh: 0.1 + Double((i * 37 + 11) % 101) / 10)
    }
    for limit in [0.05, 0.5, 3, 10, 40, 1000] {
        for placement in PlacementStrategy.allCases {
            let energy = try plan(rows, PlanPolicy(budget: .kilowattHours(limit), placement: placement))
            #expect(energy.totals.kilowattHours.value <= limit)
            let co2 = try plan(rows, PlanPolicy(budget: .kilogramsCO2eq(limit / 10), placement: placement))
            #expect(co2.totals.kilogramsCO2eq.value <= limit / 10)
            #expect(co2.rows.reduce(0) { $0 + $1.kilogramsCO2eq.value } <= limit / 10)
        }
    }
    let nothing = try plan(rows, PlanPolicy(budget: .kilowattHours(0.05)))
    #expect(nothing.rows.isEmpty && nothing.notes.contains { $0.contains("do not fit the budget") })
}

@Test func co2BudgetCountsEmissionsAtThePlannedNode() throws {
    // 10 kWh at w1 (56 g/kWh) = 0.56 kg; at w2 (713 g/kWh) = 7.13 kg.
    let rows = [F.row("a", "gaussian:0.1", kwh: 10), F.row("b", "gaussian:0.1", kwh: 10)]
    #expect(try plan(rows, PlanPolicy(budget: .kilogramsCO2eq(1.2))).rows.count == 2)
    let spread = try plan(rows, PlanPolicy(budget: .kilogramsCO2eq(1.2), placement: .spread))
    #expect(picked(spread) == ["a gaussian:0.1"])
}

@Test func preferReuseScratchAndAutoChooseAsDocumented() throws {
    let rows = [F.row("cheap", "gaussian:0.1", kwh: 1, scratch: 3), F.row("dear", "gaussian:0.1", kwh: 5, scratch: 3)]
    let reuse = try plan(rows, PlanPolicy(prefer: .reuse))
    #expect(reuse.rows.allSatisfy { $0.approach == .reuse && $0.approachReason.contains("--prefer reuse") })
    #expect(reuse.rows.map(\.kilowattHours.value) == [1, 5])

    let scratch = try plan(rows, PlanPolicy(prefer: .scratch))
    #expect(scratch.rows.allSatisfy { $0.approach == .scratch && $0.kilowattHours == CostEstimate(value: 3, low: 3, high: 3, extrapolated: false) })
    #expect(scratch.rows.allSatisfy { $0.epochs?.value == 20 && $0.approachReason.contains("--prefer scratch") })

    let auto = try plan(rows, PlanPolicy(prefer: .auto))
    let cheap = try #require(auto.rows.first { $0.model == "cheap" })
    let dear = try #require(auto.rows.first { $0.model == "dear" })
    #expect(cheap.approach == .reuse && cheap.approachReason == "retraining's estimated 1 kWh is below the 3 kWh of training from scratch")
    #expect(dear.approach == .scratch && dear.approachReason == "the 3 kWh of training from scratch is no more than retraining's estimated 5 kWh")
    #expect(dear.kilowattHours.value == 3)
}

@Test func autoUsesWhicheverCostIsKnownAndSkipsRowsWithNeither() throws {
    let rows = [
        F.row("estimated", "gaussian:0.1", kwh: 2), F.row("scratchOnly", "gaussian:0.1", kwh: nil, scratch: 4, proxy: true),
        F.row("neither", "gaussian:0.1", kwh: nil),
    ]
    let made = try plan(rows)
    #expect(made.rows.map(\.approach) == [.reuse, .scratch])
    #expect(made.rows[0].approachReason.contains("no from-scratch cost is known"))
    #expect(made.rows[1].approachReason.contains("retraining has no estimate (uncalibrated"))
    #expect(made.notes.contains { $0.hasPrefix("neither gaussian:0.1 is left out: neither a retraining estimate") })
    #expect(made.notes.contains { $0.contains("1 from-scratch retrains are priced at an upper-bound proxy") })
    let reuse = try plan(rows, PlanPolicy(prefer: .reuse))
    #expect(picked(reuse) == ["estimated gaussian:0.1"])
    #expect(reuse.notes.contains { $0.hasPrefix("scratchOnly gaussian:0.1 is left out: uncalibrated") })
}

@Test func severalSeedsOfOneShiftBecomeOneRowAtTheCostliestEstimate() throws {
    let made = try plan([F.row("a", "blur:1@1", kwh: 1), F.row("a", "blur:1@2", kwh: 3)])
    #expect(picked(made) == ["a blur:1@2"])
    #expect(made.notes.contains { $0.contains("measured 2 times") })
}

@Test func explicitSelectionsPlanExactlyTheNamedRows() throws {
    let rows = [F.row("a", "gaussian:0.1", kwh: 1), F.row("a", "gaussian:0.2", kwh: 2), F.row("mlp@2:x", "blur:3", kwh: 3)]
    let selections = try ["mlp@2:x:blur:3", "a:gaussian:0.2", "a:gaussian:0.2"].map { text throws(FleetError) in try PlanSelection(parsing: text) }
    #expect(selections[0] == PlanSelection(model: "mlp@2:x", shiftType: "blur", level: 3))
    let made = try plan(rows, PlanPolicy(selections: selections))
    #expect(picked(made) == ["a gaussian:0.2", "mlp@2:x blur:3"])
}

@Test func selectionsNamingNothingOrUnplannableRowsAreErrorsThatSayWhatExists() throws {
    let rows = [F.row("a", "gaussian:0.1", kwh: 1), F.row("b", "gaussian:0.1", kwh: nil)]
    let model = try #require(fleetError { try plan(rows, PlanPolicy(selections: [PlanSelection(model: "z", shiftType: "gaussian", level: 0.1)])) })
    #expect(model.code == .invalidSelection)
    #expect(model.message == "--select z:gaussian:0.1: job job-1 has no model \"z\"; its models are a, b")
    let level = try #require(fleetError { try plan(rows, PlanPolicy(selections: [PlanSelection(model: "a", shiftType: "gaussian", level: 0.3)])) })
    #expect(level.message == "--select a:gaussian:0.3: model a was not measured under gaussian at level 0.3; its shifts are gaussian:0.1")
    let unestimated = try #require(fleetError { try plan(rows, PlanPolicy(prefer: .reuse, selections: [PlanSelection(model: "b", shiftType: "gaussian", level: 0.1)])) })
    #expect(unestimated.code == .invalidSelection)
    #expect(unestimated.message.hasPrefix("b gaussian:0.1 cannot be planned with --prefer reuse: uncalibrated"))
    for text in ["a:gaussian", "a:gaussian:high", ":gaussian:0.1", "a::0.1"] {
        let error = try #require(fleetError { try PlanSelection(parsing: text) }, "\(text)")
        #expect(error.code == .invalidSelection && error.message.contains("is not MODEL:SHIFT:LEVEL"))
    }
}

@Test func rowsArePlacedByTheStrategyAndPricedAtTheirNode() throws {
    let rows = [F.row("a", "gaussian:0.1", kwh: 1), F.row("b", "gaussian:0.1", kwh: 2), F.row("c", "gaussian:0.1", kwh: 3)]
    let greenest = try plan(rows)
    #expect(greenest.rows.allSatisfy { $0.node == "w1" && $0.region == "FRA" && $0.gramsPerKWh == 56 })
    #expect(abs(greenest.rows[1].kilogramsCO2eq.value - 2 * 0.056) < 1e-12)
    #expect(abs(greenest.rows[1].kilogramsCO2eq.high - 2.4 * 0.056) < 1e-12)
    #expect(try plan(rows, PlanPolicy(placement: .spread)).rows.map(\.node) == ["w1", "w2", "w1"])
    #expect(try plan(rows, PlanPolicy(placement: .fastest)).rows.map(\.node) == ["w2", "w2", "w2"])
}

@Test func theCO2GreenestSavesAgainstSpreadIsTheDifferenceOfTheirTotals() throws {
    let rows = [F.row("a", "gaussian:0.1", kwh: 1), F.row("b", "gaussian:0.1", kwh: 2)]
    for placement in PlacementStrategy.allCases {
        let made = try plan(rows, PlanPolicy(placement: placement))
        let greenest = try #require(made.totals.kilogramsCO2eq(placedBy: .greenest))
        let spread = try #require(made.totals.kilogramsCO2eq(placedBy: .spread))
        let fastest = try #require(made.totals.kilogramsCO2eq(placedBy: .fastest))
        #expect(abs(greenest.value - 3 * 0.056) < 1e-12)
        #expect(abs(spread.value - (1 * 0.056 + 2 * 0.713)) < 1e-12)
        #expect(abs(fastest.value - 3 * 0.713) < 1e-12)
        #expect(abs(made.greenestSavesKilogramsCO2eq - 1.314) < 1e-12)
        #expect(made.totals.kilogramsCO2eq == made.totals.kilogramsCO2eq(placedBy: placement))
    }
}

@Test func everyRetrainCarriesThePolicysOptions() throws {
    let policy = PlanPolicy(targetAccuracy: 0.9, maxEpochs: 5, cutoffs: ["0.01:3"])
    let made = try plan([F.row("a", "gaussian:0.1", kwh: 1)], policy)
    #expect(made.rows[0].targetAccuracy == 0.9 && made.rows[0].maxEpochs == 5 && made.rows[0].cutoffs == ["0.01:3"])
    #expect(made.rows[0].modelSHA256 == nil)
    #expect(made.notes.contains { $0.contains("more than --max-epochs 5") })
    #expect(made.policy == policy)
}

@Test func aPlanRoundTripsThroughJSONWithAVersionAndCamelCaseKeys() throws {
    var made = try plan(
        [F.row("a", "gaussian:0.1", kwh: 1, scratch: 0.5), F.row("b", "blur:2", kwh: 2, extrapolated: true)],
        PlanPolicy(budget: .kilogramsCO2eq(10), selections: [], cutoffs: ["0.01:3"]))
    made.rows[0].modelSHA256 = String(repeating: "ab", count: 32)
    let data = try made.jsonData()
    #expect(try RetrainPlan(jsonData: data) == made)
    let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    #expect(object["version"] as? Int == 1)
    #expect(object["greenestSavesKilogramsCO2eq"] != nil && object["jobID"] as? String == "job-1")
    let row = try #require((object["rows"] as? [[String: Any]])?.first)
    #expect(row["approach"] as? String == "scratch" && row["modelSHA256"] != nil && row["kilogramsCO2eq"] != nil)
}

@Test func badPoliciesAreRefusedWithTheValueAndWhatWasExpected() throws {
    let rows = [F.row("a", "gaussian:0.1", kwh: 1)]
    for budget in [PlanBudget.kilowattHours(0), .kilowattHours(-1), .kilogramsCO2eq(.nan), .kilogramsCO2eq(.infinity)] {
        let error = try #require(fleetError { try plan(rows, PlanPolicy(budget: budget)) }, "\(budget)")
        #expect(error.code == .invalidPolicy && error.message.contains("is not a number greater than 0"))
    }
    let target = try #require(fleetError { try plan(rows, PlanPolicy(targetAccuracy: 1.5)) })
    #expect(target.code == .invalidPolicy && target.message.contains("target accuracy must be in (0, 1]"))
    let epochs = try #require(fleetError { try plan(rows, PlanPolicy(maxEpochs: 0)) })
    #expect(epochs.code == .invalidPolicy && epochs.message.contains("--max-epochs must be at least 1"))
    let cutoff = try #require(fleetError { try plan(rows, PlanPolicy(cutoffs: ["soon"])) })
    #expect(cutoff.code == .invalidPolicy && cutoff.message.contains("cutoff 'soon'"))
    let nodes = try #require(fleetError { try plan(rows, nodes: []) })
    #expect(nodes.code == .noNodes)
}

@Test func editedPlansThatAreInvalidAreRefusedWithOneClearError() throws {
    let made = try plan([F.row("a", "gaussian:0.1", kwh: 1)])
    let text = String(decoding: try made.jsonData(), as: UTF8.self)
    func read(_ text: String) -> FleetError? { fleetError { try RetrainPlan(jsonData: Data(text.utf8)) } }

    #expect(read(String(text.dropLast(3)))?.code == .invalidPlan)
    let version = try #require(read(text.replacingOccurrences(of: "\"version\" : 1", with: "\"version\" : 2")))
    #expect(version.code == .invalidPlan && version.message.contains("version 2; this preindex reads version 1"))
    let unversioned = try #require(read(text.replacingOccurrences(of: "\"version\" : 1", with: "\"edition\" : 1")))
    #expect(unversioned.message.contains("has no \"version\""))

    var tampered = made
    tampered.rows[0].modelSHA256 = "deadbeef"
    let hash = try #require(read(String(decoding: try tampered.jsonData(), as: UTF8.self)))
    #expect(hash.code == .invalidPlan && hash.message.contains("model hash \"deadbeef\"; expected 64 lowercase hex digits"))

    var negative = made
    negative.rows[0].kilowattHours.value = -1
    #expect(read(String(decoding: try negative.jsonData(), as: UTF8.self))?.message.contains("row 1 (a gaussian:0.1) estimates -1") == true)

    var budget = made
    budget.policy.budget = .kilowattHours(0)
    #expect(read(String(decoding: try budget.jsonData(), as: UTF8.self))?.message.contains("policy is out of range") == true)

    var twice = made
    twice.rows.append(made.rows[0])
    #expect(read(String(decoding: try twice.jsonData(), as: UTF8.self))?.message.contains("row number 1 appears twice") == true)

    var options = made
    options.rows[0].targetAccuracy = 0
    #expect(read(String(decoding: try options.jsonData(), as: UTF8.self))?.message.contains("row 1 (a gaussian:0.1): the target accuracy") == true)

    let missing = try #require(read(text.replacingOccurrences(of: "\"approach\"", with: "\"method\"")))
    #expect(missing.message.contains("lacks \"approach\" at .rows[0]"))
}

@Test func planningFromARealRankingUsesEachMembersFromScratchCost() throws {
    let members = [
        try FleetFixtures.member("trained", scratch: MeasuredCost(kilowattHours: 0.01, kilogramsCO2eq: 0.004, epochs: 12)),
        try FleetFixtures.member("deployed"),
    ]
    let ranking = try Ranking(jobID: "job-9", members: members, nodes: FleetFixtures.nodes)
    #expect(ranking.rows.first { $0.model == "trained" }?.scratch == ScratchEstimate(epochs: 12, kilowattHours: 0.01, isProxy: false))
    #expect(ranking.rows.first { $0.model == "deployed" }?.scratch == nil)
    let made = try RetrainPlan.make(from: ranking, nodes: ranking.nodes.map { PlanNode($0) }, policy: PlanPolicy())
    #expect(made.rows.count == ranking.rows.count)
    #expect(made.rows.filter { $0.model == "trained" }.allSatisfy { $0.approach == .scratch && $0.epochs?.value == 12 })
    #expect(made.rows.filter { $0.model == "deployed" }.allSatisfy { $0.approach == .reuse })
    #expect(made.rows.allSatisfy { $0.node == "w1" })
}

@Test func rankingsWrittenBeforeScratchEstimatesStillRead() throws {
    let ranking = try Ranking(
        members: [FleetFixtures.member("m", scratch: MeasuredCost(kilowattHours: 1, kilogramsCO2eq: 0.4))], nodes: FleetFixtures.nodes)
    var object = try #require(try JSONSerialization.jsonObject(with: ranking.jsonData()) as? [String: Any])
    object["rows"] = (object["rows"] as? [[String: Any]])?.map { $0.filter { $0.key != "scratch" } }
    let old = try Ranking(jsonData: JSONSerialization.data(withJSONObject: object))
    #expect(old.rows.allSatisfy { $0.scratch == nil })
}

@Test func aPlanTargetingAnotherAccuracyThanTheCalibrationSaysItsEstimatesAreOff() throws {
    var calibrated = try FleetFixtures.member("calibrated")
    calibrated.targetAccuracy = 0.85
    let ranking = try Ranking(members: [calibrated], nodes: FleetFixtures.nodes)
    #expect(ranking.calibrations.first?.targetAccuracy == 0.85)
    let nodes = ranking.nodes.map { PlanNode($0) }

    let same = try RetrainPlan.make(from: ranking, nodes: nodes, policy: PlanPolicy(targetAccuracy: 0.85))
    #expect(!same.notes.contains { $0.contains("calibrated by retrains") })
    let higher = try RetrainPlan.make(from: ranking, nodes: nodes, policy: PlanPolicy(targetAccuracy: 0.95))
    let note = try #require(higher.notes.first { $0.contains("calibrated by retrains") })
    #expect(note.contains("calibrated's estimates were calibrated by retrains to 85% accuracy"))
    #expect(note.contains("targets 95%") && note.contains("too low") && note.contains("--target-accuracy 0.85"))
}

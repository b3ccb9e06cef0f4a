import Fleet
import Testing

@Test func greenestPutsEveryRetrainOnTheLowestIntensityNode() throws {
    var placer = try Placer(nodes: PlanFixtures.nodes, strategy: .greenest)
    #expect((0..<5).map { _ in placer.place().node } == ["w1", "w1", "w1", "w1", "w1"])
    #expect(placer.placed == [5, 0])
}

@Test func greenestSharesEquallyGreenNodesByLoad() throws {
    let nodes = [
        PlanNode(node: "a", region: "FRA", gramsPerKWh: 56, load: 2),
        PlanNode(node: "b", region: "FRA", gramsPerKWh: 56),
        PlanNode(node: "c", region: "IND", gramsPerKWh: 713),
    ]
    var placer = try Placer(nodes: nodes, strategy: .greenest)
    #expect((0..<4).map { _ in placer.place().node } == ["b", "b", "a", "b"])
}

@Test func spreadAlternatesInNodeOrder() throws {
    var placer = try Placer(nodes: PlanFixtures.nodes, strategy: .spread)
    #expect((0..<5).map { _ in placer.place().node } == ["w1", "w2", "w1", "w2", "w1"])
}

@Test func fastestPicksTheMostThreadsThenTheLeastLoaded() throws {
    var placer = try Placer(nodes: PlanFixtures.nodes, strategy: .fastest)
    #expect((0..<3).map { _ in placer.place().node } == ["w2", "w2", "w2"])
    let equal = [PlanNode(node: "a", region: "X", gramsPerKWh: 1, load: 1), PlanNode(node: "b", region: "Y", gramsPerKWh: 2)]
    var tied = try Placer(nodes: equal, strategy: .fastest)
    #expect((0..<3).map { _ in tied.place().node } == ["b", "a", "b"])
}

@Test func nextTellsWhereTheNextRetrainGoesWithoutPlacingIt() throws {
    var placer = try Placer(nodes: PlanFixtures.nodes, strategy: .spread)
    #expect(placer.next.node == "w1")
    #expect(placer.next.node == "w1")
    #expect(placer.place().node == "w1")
    #expect(placer.next.node == "w2")
}

@Test func placerRefusesNoNodesBadNodesAndRepeatedNames() throws {
    let none = try #require(fleetError { try Placer(nodes: [], strategy: .greenest) })
    #expect(none.code == .noNodes && none.message.contains("no live worker node"))
    for node in [
        PlanNode(node: "x", region: "FRA", gramsPerKWh: -1), PlanNode(node: "x", region: "FRA", gramsPerKWh: .nan),
        PlanNode(node: "x", region: "FRA", gramsPerKWh: 5, threads: 0), PlanNode(node: "", region: "FRA", gramsPerKWh: 5),
    ] {
        let error = try #require(fleetError { try Placer(nodes: [node], strategy: .greenest) }, "\(node)")
        #expect(error.code == .invalidNode && error.message.contains("expected a name"))
    }
    let twice = try #require(fleetError { try Placer(nodes: [PlanFixtures.nodes[0], PlanFixtures.nodes[0]], strategy: .spread) })
    #expect(twice.code == .invalidNode && twice.message.contains("w1 is listed twice"))
}

@Test func aNodeOfARankingBringsItsOwnThreadsToFastestPlacement() throws {
    let small = NodeEnergy(
        node: "small", region: "FRA", method: "cpu-model", tasks: 1, kilowattHours: 0, kilogramsCO2eq: 0,
        gramsPerKWh: 56, threads: 2)
    let big = NodeEnergy(
        node: "big", region: "DEU", method: "cpu-model", tasks: 1, kilowattHours: 0, kilogramsCO2eq: 0,
        gramsPerKWh: 381, threads: 16)
    #expect(PlanNode(big).threads == 16)
    #expect(PlanNode(big, threads: 4).threads == 4)
    var placer = try Placer(nodes: [PlanNode(small), PlanNode(big)], strategy: .fastest)
    #expect(placer.place().node == "big")
}

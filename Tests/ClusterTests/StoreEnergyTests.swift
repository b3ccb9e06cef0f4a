import Cluster
import Foundation
import Testing

struct StoreEnergyTests: StoreFixtures {
    /// A database with one job of `count` tasks, each leased to and completed by `nodes[i % nodes.count]` with
    /// the joules `joules(i)`.
    private func databaseWithEnergy(
        _ count: Int, nodes: [(id: String, region: String, intensity: Double)], joules: (Int) -> Double
    ) throws -> (ClusterDatabase, Submission) {
        let (database, submission) = try databaseWithJob(count)
        for (index, id) in submission.taskIDs.enumerated() {
            let node = nodes[index % nodes.count]
            _ = try database.leaseNext(for: node.id, count: 1, leaseDuration: 60, now: at(1))
            try database.complete(
                taskID: id, attempt: 1, node: node.id, result: bytes("{}"),
                energy: report(node: node.id, joules: joules(index), region: node.region, intensity: node.intensity),
                now: at(2))
        }
        return (database, submission)
    }

    @Test func energyIsSummedPerNodeWithItsEmissions() throws {
        // Given three tasks on a French node at 50 g/kWh and one on a Polish node at 700 g/kWh, 3.6 MJ each
        let (database, _) = try databaseWithEnergy(
            4, nodes: [("fr-1", "FR", 50), ("fr-1", "FR", 50), ("fr-1", "FR", 50), ("pl-1", "PL", 700)]
        ) { _ in 3_600_000 }

        // When energy is summed per node and in total
        let byNode = try database.energyByNode()
        let total = try database.energyTotal()

        // Then each node has its tasks, kWh and kg CO2eq (kWh × g/kWh / 1000), and the total adds them up
        #expect(byNode.map(\.nodeID) == ["fr-1", "pl-1"])
        #expect(byNode.map(\.region) == ["FR", "PL"])
        #expect(byNode.map(\.method) == ["cpu-time-model", "cpu-time-model"])
        #expect(byNode.map(\.tasks) == [3, 1])
        #expect(byNode.map(\.kilowattHours) == [3, 1])
        #expect(abs(byNode[0].kgCO2eq - 0.15) < 1e-12 && abs(byNode[1].kgCO2eq - 0.7) < 1e-12)
        #expect(total.nodeID == nil && total.tasks == 4 && total.kilowattHours == 4)
        #expect(abs(total.kgCO2eq - 0.85) < 1e-12)
    }

    @Test func anEnergyReportSentTwiceCountsOnceButEveryAttemptCounts() throws {
        // Given a task whose first attempt on w1 lost its lease and whose second on w2 finished
        let (database, submission) = try databaseWithJob(1)
        let id = submission.taskIDs[0]
        _ = try database.leaseNext(for: "w1", count: 1, leaseDuration: 10, now: at(0))
        try database.expireLeases(now: at(10))
        _ = try database.leaseNext(for: "w2", count: 1, leaseDuration: 10, now: at(11))
        try database.complete(
            taskID: id, attempt: 2, node: "w2", result: bytes("2"), energy: report(node: "w2", joules: 20), now: at(12))

        // When w2's result comes again, and w1's late result of attempt 1 arrives twice
        for _ in 0..<2 {
            try database.complete(
                taskID: id, attempt: 2, node: "w2", result: bytes("2"), energy: report(node: "w2", joules: 20),
                now: at(13))
            try database.complete(
                taskID: id, attempt: 1, node: "w1", result: bytes("1"), energy: report(node: "w1", joules: 10),
                now: at(13))
        }

        // Then each attempt's energy counts once: it was spent, even when its result was not taken
        #expect(try database.energyByNode().map(\.joules) == [10, 20])
        #expect(try database.energyTotal().joules == 30)
        #expect(try database.energyTotal().tasks == 1)
    }

    @Test func energyOfAFailedAttemptCounts() throws {
        // Given a leased task
        let (database, submission) = try databaseWithJob(1)
        _ = try database.leaseNext(for: "w1", count: 1, leaseDuration: 60, now: at(1))

        // When it fails after using 7 J
        try database.fail(
            taskID: submission.taskIDs[0], attempt: 1, error: "out of memory",
            energy: report(node: "w1", joules: 7), now: at(2))

        // Then the 7 J count
        #expect(try database.energyTotal().joules == 7)
    }

    @Test func energyCanBeSummedForOneJob() throws {
        // Given two jobs whose tasks used 1 J and 100 J
        let (database, first) = try databaseWithEnergy(1, nodes: [("w1", "FR", 50)]) { _ in 1 }
        let second = try database.submit(name: "second", spec: "{}", tasks: noopTasks(1), now: at(3))
        _ = try database.leaseNext(for: "w1", count: 1, leaseDuration: 60, now: at(4))
        try database.complete(
            taskID: second.taskIDs[0], attempt: 1, node: "w1", result: bytes("{}"),
            energy: report(node: "w1", joules: 100), now: at(5))

        // When energy is summed per job
        let firstEnergy = try database.energyByNode(job: first.jobID)
        let secondTotal = try database.energyTotal(job: second.jobID)

        // Then each job has its own
        #expect(firstEnergy.map(\.joules) == [1])
        #expect(secondTotal.joules == 100 && secondTotal.tasks == 1)
        #expect(try database.energyTotal().joules == 101)
    }

    @Test func anEmptyClusterUsedNoEnergy() throws {
        let database = try ClusterDatabase.inMemory()
        #expect(try database.energyByNode().isEmpty)
        let total = try database.energyTotal()
        #expect(total.tasks == 0 && total.joules == 0 && total.kgCO2eq == 0)
    }

    @Test(arguments: [-1.0, .infinity, .nan])
    func aNegativeOrNonFiniteEnergyIsRefused(joules: Double) throws {
        // Given a leased task
        let (database, submission) = try databaseWithJob(1)
        _ = try database.leaseNext(for: "w1", count: 1, leaseDuration: 60, now: at(1))

        // When its energy report has a bad number of joules
        let error = #expect(throws: StoreError.self) {
            try database.complete(
                taskID: submission.taskIDs[0], attempt: 1, node: "w1", result: bytes("{}"),
                energy: report(node: "w1", joules: joules), now: at(2))
        }

        // Then it is refused, naming the task, node and number
        #expect(error?.code == .malformedPayload)
        #expect(error?.message.contains("task \(submission.taskIDs[0]) attempt 1 from node w1") == true)
        #expect(error?.message.contains("joules = \(joules)") == true)
    }
}

struct StoreNodeTests: StoreFixtures {
    @Test func aHeartbeatUpdatesWhenANodeWasLastSeen() throws {
        // Given a node registered at 0 s
        let database = try ClusterDatabase.inMemory()
        try database.registerNode(NodeRecord(id: "w1", region: "FR", threads: 2, lastSeen: at(0)))

        // When it sends a heartbeat at 5 s naming its energy method
        try database.recordHeartbeat(node: "w1", method: "rapl", now: at(5))

        // Then it was last seen at 5 s and measures with RAPL
        #expect(
            try database.nodes() == [NodeRecord(id: "w1", region: "FR", method: "rapl", threads: 2, lastSeen: at(5))])
    }

    @Test func aNodeSayingHelloAgainReplacesWhatWasKnown() throws {
        // Given a registered node
        let database = try ClusterDatabase.inMemory()
        try database.registerNode(NodeRecord(id: "w1", region: "FR", threads: 2, lastSeen: at(0)))

        // When it registers again from another region with more threads
        try database.registerNode(NodeRecord(id: "w1", region: "DE", threads: 8, lastSeen: at(9)))

        // Then only the new record is kept
        #expect(try database.nodes() == [NodeRecord(id: "w1", region: "DE", threads: 8, lastSeen: at(9))])
    }

    @Test func aHeartbeatFromANodeThatNeverSaidHelloIsRefused() throws {
        let database = try ClusterDatabase.inMemory()
        let error = #expect(throws: StoreError.self) { try database.recordHeartbeat(node: "ghost", now: at(1)) }
        #expect(error?.code == .unknownNode)
        #expect(error?.message.contains("ghost") == true)
    }
}

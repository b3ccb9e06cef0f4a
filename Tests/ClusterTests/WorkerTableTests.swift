import Cluster
import Foundation
import Testing

/// A gate the executors of a test wait at until the test opens it.
private final class Gate: Sendable {
    private let semaphore = DispatchSemaphore(value: 0)

    /// Blocks until ``open(_:)`` lets one waiter through.
    func wait() { semaphore.wait() }

    /// Lets `count` waiters through.
    func open(_ count: Int = 1) {
        for _ in 0..<count { semaphore.signal() }
    }
}

/// `preindex status`'s worker table: who is connected, where, and what each is doing.
struct WorkerTableTests: ServiceFixtures {
    private func worker(_ node: String, region: String) -> Worker.Configuration {
        Worker.Configuration(
            threads: 1, computeThreads: 4, prefetch: 0, region: region, heartbeatInterval: .milliseconds(100),
            reconnectInitialDelay: .milliseconds(100))
    }

    @Test func theStatusListsBothWorkersWithTheirRegionsAndWhoIsBusy() throws {
        // Given a coordinator with one task, and two workers whose executors wait at a gate
        let database = try ClusterDatabase.inMemory()
        let submission = try submitNoopJob(1, to: database)
        let context = try ZMQContext()
        let coordinator = try Coordinator(
            database: database, endpoint: "inproc://worker-table-busy", context: context,
            configuration: fastCoordinator, logger: quietLogger)
        let gate = Gate()
        let workers = try [("w-de", "DE"), ("w-fr", "FR")].map { node, region in
            try Worker(
                nodeID: node, endpoint: coordinator.endpoint, context: context,
                configuration: worker(node, region: region), logger: quietLogger
            ) { _ in
                gate.wait()
                return ResultPayload(json: Array("{}".utf8))
            }
        }
        let client = try ClusterClient(endpoint: coordinator.clientEndpoint, context: context, timeout: .seconds(10))
        defer {
            gate.open(2)
            for worker in workers { worker.stop() }
            coordinator.stop()
        }

        // When one of them runs the task
        var status = try client.status()
        let oneBusy = try eventually {
            status = try client.status()
            return status.workers.count == 2 && status.workers.contains { $0.state == .busy }
        }

        // Then both are listed, with region, host and threads, one busy with the task and the other idle
        try #require(oneBusy, "\(status.workers)")
        #expect(status.workers.map(\.nodeID) == ["w-de", "w-fr"])
        #expect(status.workers.map(\.region) == ["DE", "FR"])
        #expect(status.workers.allSatisfy { $0.threads == 4 && $0.host == ProcessInfo.processInfo.hostName })
        #expect(status.workers.allSatisfy { $0.secondsSinceHeard >= 0 && $0.secondsSinceHeard < 5 })
        let busy = try #require(status.workers.first { $0.state == .busy })
        let idle = try #require(status.workers.first { $0.state != .busy })
        #expect(busy.taskIDs == [String(submission.taskIDs[0])])
        #expect(idle.state == .idle && idle.taskIDs.isEmpty)
        // A status for one job carries the table too
        #expect(try client.status(jobID: String(submission.jobID)).workers.count == 2)

        // And once the task is done, both are idle
        gate.open()
        let bothIdle = try eventually {
            status = try client.status()
            return status.workers.count == 2 && status.workers.allSatisfy { $0.state == .idle }
        }
        #expect(bothIdle, "\(status.workers)")
    }

    @Test func aStoppingWorkerIsDrainingAndAnAbandonedOneIsLost() throws {
        // Given two workers, one running a task held at a gate
        let database = try ClusterDatabase.inMemory()
        _ = try submitNoopJob(1, to: database)
        let context = try ZMQContext()
        let coordinator = try Coordinator(
            database: database, endpoint: "inproc://worker-table-drain", context: context,
            configuration: fastCoordinator, logger: quietLogger)
        let gate = Gate()
        let runner = try Worker(
            nodeID: "runner", endpoint: coordinator.endpoint, context: context,
            configuration: worker("runner", region: "DE"), logger: quietLogger
        ) { _ in
            gate.wait()
            return ResultPayload(json: Array("{}".utf8))
        }
        let client = try ClusterClient(endpoint: coordinator.clientEndpoint, context: context, timeout: .seconds(10))
        defer {
            gate.open()
            runner.stop()
            coordinator.stop()
        }
        #expect(try eventually { try client.status().workers.first?.state == .busy })
        let bystander = try Worker(
            nodeID: "bystander", endpoint: coordinator.endpoint, context: context,
            configuration: worker("bystander", region: "FR"), logger: quietLogger)
        #expect(try eventually { try client.status().workers.count == 2 })

        // When the running worker is asked to stop, and the other vanishes without a word
        let stopped = DispatchSemaphore(value: 0)
        Thread.detachNewThread {
            runner.stop()
            stopped.signal()
        }
        bystander.abandon()

        // Then the first drains its task and the other is declared lost, then the drained one leaves
        var status = try client.status()
        let seen = try eventually {
            status = try client.status()
            return status.workers.map(\.state) == [.lost, .draining]
        }
        #expect(seen, "\(status.workers)")
        #expect(status.workers.first?.taskIDs == [])
        gate.open()
        stopped.wait()
        let left = try eventually {
            status = try client.status()
            return status.workers.map(\.nodeID) == ["bystander"]
        }
        #expect(left, "\(status.workers)")
    }

    @Test func theStatusWithWorkersSurvivesTheWire() throws {
        // Given a status with a worker table, states from a newer peer included
        let status = Wire.Status(
            jobs: [.init(jobID: "3", total: 10, queued: 2, running: 1, done: 7, failed: 0)], energy: [],
            workers: [
                .init(
                    nodeID: "gpu-1", host: "gpu-1.lab", region: "FR", threads: 64, state: .busy, taskIDs: ["12", "13"],
                    secondsSinceHeard: 0.25),
                .init(nodeID: "old", host: "", region: "", threads: 0, state: .init(rawValue: 9), taskIDs: [],
                    secondsSinceHeard: 120),
            ])

        // When it is encoded and decoded, and a Hello with a host and a draining Heartbeat too
        let decoded = try Wire.Envelope(decoding: Wire.Envelope(.status(status)).encoded())
        let hello = Wire.Hello(nodeID: "n", threads: 2, region: "DE", softwareVersion: "1", host: "n.lab")
        let heartbeat = Wire.Heartbeat(sequence: 4, draining: true)

        // Then every field comes back
        #expect(decoded.body == .status(status))
        #expect(try Wire.Envelope(decoding: Wire.Envelope(.hello(hello)).encoded()).body == .hello(hello))
        #expect(try Wire.Envelope(decoding: Wire.Envelope(.heartbeat(heartbeat)).encoded()).body == .heartbeat(heartbeat))
        #expect(status.workers[1].state.description == "state 9")
    }
}

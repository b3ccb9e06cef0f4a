import Cluster
import Foundation
import Testing

struct ServiceJobTests: ServiceFixtures {
    @Test func twoWorkersCompleteAJobWithEachResultStoredOnce() throws {
        // Given a coordinator with a job of 200 no-op tasks
        let database = try ClusterDatabase.inMemory()
        let submission = try submitNoopJob(200, to: database)
        let context = try ZMQContext()
        let coordinator = try Coordinator(
            database: database, endpoint: "tcp://127.0.0.1:*", context: context, logger: quietLogger)

        // When two workers join
        let workers = try ["w1", "w2"].map { node in
            try Worker(
                nodeID: node, endpoint: coordinator.endpoint, context: context,
                configuration: .init(threads: 2, prefetch: 4), logger: quietLogger)
        }
        let finished = try jobFinishes(submission.jobID, in: database)
        for worker in workers { worker.stop() }
        coordinator.stop()

        // Then the job is done with one result per task, each of its first attempt, from one of the workers
        #expect(finished)
        #expect(try database.job(submission.jobID)?.state == .done)
        let results = try database.results(ofJob: submission.jobID)
        #expect(results.count == 200)
        #expect(Set(results.map(\.result.taskID)) == Set(submission.taskIDs))
        #expect(results.allSatisfy { $0.task.state == .done && $0.task.attempts == 1 && $0.result.attempt == 1 })
        #expect(Set(results.map(\.result.nodeID)).isSubset(of: ["w1", "w2"]))
        #expect(results.allSatisfy { $0.result.payload == Data("{}".utf8) })
        #expect(try Set(database.nodes().map(\.id)) == ["w1", "w2"])
    }

    @Test func aFailedAttemptIsRetriedAndItsErrorKept() throws {
        // Given a job of 10 tasks and a worker whose first attempt at every task throws
        struct Flaky: Error, CustomStringConvertible {
            var description: String { "the first attempt always fails" }
        }
        let database = try ClusterDatabase.inMemory()
        let submission = try submitNoopJob(10, to: database)
        let context = try ZMQContext()
        let coordinator = try Coordinator(
            database: database, endpoint: "inproc://service-retry", context: context, logger: quietLogger)

        // When the worker runs the job
        let worker = try Worker(
            nodeID: "flaky", endpoint: coordinator.endpoint, context: context, logger: quietLogger
        ) { assignment in
            if assignment.attempt == 1 { throw Flaky() }
            return ResultPayload(json: Array(#"{"attempt":\#(assignment.attempt)}"#.utf8))
        }
        let finished = try jobFinishes(submission.jobID, in: database)
        worker.stop()
        coordinator.stop()

        // Then every task is done by its second attempt, and the first attempt's error is kept
        #expect(finished)
        let results = try database.results(ofJob: submission.jobID)
        #expect(results.count == 10)
        #expect(results.allSatisfy { $0.result.attempt == 2 && $0.task.attempts == 2 })
        #expect(results.allSatisfy { $0.task.lastError == "the first attempt always fails" })
    }

    @Test func aWorkerThatVanishesHasItsTasksRequeuedAndTheJobCompletes() throws {
        // Given a coordinator noticing dead workers after 3 × 100 ms, with leases far longer than the test
        let database = try ClusterDatabase.inMemory()
        let submission = try submitNoopJob(200, to: database)
        let context = try ZMQContext()
        let coordinator = try Coordinator(
            database: database, endpoint: "tcp://127.0.0.1:*", context: context, configuration: fastCoordinator,
            logger: quietLogger)

        // And a slow worker that has started tasks and holds more
        let started = Counter()
        let slow = try Worker(
            nodeID: "slow", endpoint: coordinator.endpoint, context: context, configuration: fastWorker(),
            logger: quietLogger
        ) { _ in
            started.increment()
            Thread.sleep(forTimeInterval: 0.02)
            return .empty
        }
        #expect(eventually { started.count >= 3 })

        // When it vanishes without a word, and another worker joins
        slow.abandon()
        let fast = try Worker(
            nodeID: "fast", endpoint: coordinator.endpoint, context: context, configuration: fastWorker(),
            logger: quietLogger)
        let finished = try jobFinishes(submission.jobID, in: database)
        fast.stop()
        coordinator.stop()

        // Then the job completes with one result per task, and the tasks the vanished worker held ran again
        #expect(finished)
        let results = try database.results(ofJob: submission.jobID)
        #expect(results.count == 200)
        #expect(Set(results.map(\.result.taskID)).count == 200)
        let rerun = results.filter { $0.task.attempts == 2 }
        #expect(!rerun.isEmpty)
        #expect(rerun.allSatisfy { $0.result.nodeID == "fast" && $0.result.attempt == 2 })
        #expect(rerun.allSatisfy { $0.task.lastError?.contains("node slow left") == true })
    }

    @Test func aStoppingWorkerHandsBackTasksItHasNotStarted() throws {
        // Given a worker holding more tasks than it runs, its one thread busy
        let database = try ClusterDatabase.inMemory()
        let submission = try submitNoopJob(20, to: database)
        let context = try ZMQContext()
        let coordinator = try Coordinator(
            database: database, endpoint: "inproc://service-hand-back", context: context, logger: quietLogger)
        let started = Counter()
        let worker = try Worker(
            nodeID: "leaving", endpoint: coordinator.endpoint, context: context,
            configuration: .init(threads: 1, prefetch: 5), logger: quietLogger
        ) { _ in
            started.increment()
            Thread.sleep(forTimeInterval: 0.05)
            return .empty
        }
        #expect(eventually { started.count >= 1 })

        // When it stops
        worker.stop()

        // Then no task stays leased to it: the ones it finished are done, the others are queued again
        #expect(
            try eventually {
                try database.tasks(ofJob: submission.jobID).allSatisfy { $0.state == .done || $0.state == .queued }
            })
        let tasks = try database.tasks(ofJob: submission.jobID)
        #expect(tasks.filter { $0.state == .done }.count == started.count)
        #expect(tasks.contains { $0.lastError?.contains("handed it back") == true })
        coordinator.stop()
    }
}

import Cluster
import Foundation
import Testing

struct StoreJobTests: StoreFixtures {
    @Test func submitStoresThePendingJobAndItsQueuedTasks() throws {
        // Given an empty database
        let database = try ClusterDatabase.inMemory()

        // When a job of three tasks is submitted
        let submission = try database.submit(
            name: "fleet", spec: #"{"name":"fleet"}"#, tasks: noopTasks(3), now: epoch)

        // Then the job is pending with three queued tasks, in submission order
        #expect(submission.taskIDs.count == 3)
        #expect(submission.taskIDs == submission.taskIDs.sorted())
        #expect(submission.reusedCount == 0)
        let progress = try database.progress(jobID: submission.jobID)
        #expect(progress.job.name == "fleet")
        #expect(progress.job.spec == #"{"name":"fleet"}"#)
        #expect(progress.job.state == .pending)
        #expect(progress.job.createdAt == epoch)
        #expect(progress.queued == 3 && progress.total == 3 && progress.done == 0)
        let tasks = try database.tasks(ofJob: submission.jobID)
        #expect(tasks.map(\.id) == submission.taskIDs)
        #expect(tasks.allSatisfy { $0.state == .queued && $0.attempts == 0 && $0.maxAttempts == 3 })
        #expect(tasks[2].payload == bytes(#"{"i":2}"#))
    }

    @Test func submitRejectsASpecThatIsNotJSONAndStoresNothing() throws {
        // Given an empty database
        let database = try ClusterDatabase.inMemory()

        // When a job whose spec is not JSON is submitted
        let error = #expect(throws: StoreError.self) {
            try database.submit(name: "broken", spec: "{name: fleet", tasks: noopTasks(2), now: epoch)
        }

        // Then it is refused with a message naming the job, and nothing is stored
        #expect(error?.code == .malformedPayload)
        #expect(error?.message.contains("\"broken\"") == true)
        #expect(try database.jobs().isEmpty)
    }

    @Test func submitRejectsATaskWithoutAttempts() throws {
        // Given an empty database and a task allowing no attempt
        let database = try ClusterDatabase.inMemory()
        let tasks = [NewTask(kind: .measure, payload: bytes("{}"), maxAttempts: 0)]

        // When it is submitted
        let error = #expect(throws: StoreError.self) {
            try database.submit(name: "job", spec: "{}", tasks: tasks, now: epoch)
        }

        // Then it is refused and nothing is stored
        #expect(error?.code == .malformedPayload)
        #expect(error?.message.contains("0 attempts") == true)
        #expect(try database.jobs().isEmpty)
    }

    @Test func aJobWithoutTasksIsDoneAtOnce() throws {
        // Given an empty database
        let database = try ClusterDatabase.inMemory()

        // When a job with no task is submitted
        let submission = try database.submit(name: "empty", spec: "{}", tasks: [], now: epoch)

        // Then it is done
        let job = try #require(try database.job(submission.jobID))
        #expect(job.state == .done)
        #expect(job.finishedAt == epoch)
    }

    @Test func aJobRepeatingStoredWorkReusesItAndSaysHowMuch() throws {
        // Given a first job whose two keyed tasks have results
        let (database, first) = try databaseWithJob(2) { "key-\($0)" }
        let leased = try database.leaseNext(for: "w1", count: 2, leaseDuration: 60, now: at(1))
        for task in leased {
            try database.complete(
                taskID: task.id!, attempt: task.attempts, node: "w1", result: bytes("{\"r\":\(task.id!)}"), now: at(2))
        }

        // When a second job asks for the same two keys and a new one
        let second = try database.submit(
            name: "again", spec: "{}", tasks: noopTasks(3) { "key-\($0)" }, now: at(3))

        // Then two tasks are done at once with the first job's results, and only the new one is queued
        #expect(second.reusedCount == 2)
        let progress = try database.progress(jobID: second.jobID)
        #expect(progress.done == 2 && progress.reused == 2 && progress.queued == 1)
        let reused = try database.tasks(ofJob: second.jobID)
        #expect(reused[0].reusedFrom == first.taskIDs[0])
        #expect(reused[1].reusedFrom == first.taskIDs[1])
        #expect(try database.result(ofTask: second.taskIDs[1])?.payload == bytes("{\"r\":\(first.taskIDs[1])}"))
        let next = try database.leaseNext(for: "w1", count: 10, leaseDuration: 60, now: at(4))
        #expect(next.map(\.id) == [second.taskIDs[2]])
        let results = try database.results(ofJob: second.jobID)
        #expect(results.map(\.task.id) == Array(second.taskIDs[0..<2]))
        #expect(results.map(\.result.taskID) == Array(first.taskIDs[0..<2]))
    }

    @Test func aJobWhollyInTheCacheIsDoneAtOnce() throws {
        // Given a stored result for key "k"
        let (database, first) = try databaseWithJob(1) { _ in "k" }
        _ = try database.leaseNext(for: "w1", count: 1, leaseDuration: 60, now: at(1))
        try database.complete(taskID: first.taskIDs[0], attempt: 1, node: "w1", result: bytes("{}"), now: at(2))

        // When a job of one task with key "k" is submitted
        let second = try database.submit(name: "same", spec: "{}", tasks: noopTasks(1) { _ in "k" }, now: at(3))

        // Then it is done without any task running
        #expect(second.reusedCount == 1)
        #expect(try database.job(second.jobID)?.state == .done)
    }

    @Test func withoutTheCacheEveryTaskRunsAndItsResultBecomesTheCachedOne() throws {
        // Given a stored result for key "k"
        let (database, first) = try databaseWithJob(1) { _ in "k" }
        _ = try database.leaseNext(for: "w1", count: 1, leaseDuration: 60, now: at(1))
        try database.complete(taskID: first.taskIDs[0], attempt: 1, node: "w1", result: bytes("\"old\""), now: at(2))

        // When the same task is submitted with the cache off and runs again
        let second = try database.submit(
            name: "fresh", spec: "{}", tasks: noopTasks(1) { _ in "k" }, useCache: false, now: at(3))
        #expect(second.reusedCount == 0)
        let task = try #require(try database.leaseNext(for: "w2", count: 1, leaseDuration: 60, now: at(4)).first)
        #expect(task.id == second.taskIDs[0])
        try database.complete(taskID: task.id!, attempt: 1, node: "w2", result: bytes("\"new\""), now: at(5))

        // Then the newest result is the one the cache gives
        let cached = try #require(try database.cachedResult(contentKey: "k"))
        #expect(cached.taskID == second.taskIDs[0])
        #expect(cached.payload == bytes("\"new\""))
        #expect(try database.cachedResult(contentKey: "other") == nil)
    }

    @Test func cancellingAJobCancelsOpenTasksAndKeepsFinishedResults() throws {
        // Given a job of three tasks: one done, one leased, one queued
        let (database, submission) = try databaseWithJob(3)
        let leased = try database.leaseNext(for: "w1", count: 2, leaseDuration: 60, now: at(1))
        try database.complete(taskID: leased[0].id!, attempt: 1, node: "w1", result: bytes("1"), now: at(2))

        // When the job is cancelled
        let cancelled = try database.cancel(jobID: submission.jobID, now: at(3))

        // Then the leased and queued tasks are cancelled, the result is kept, and a late result is ignored
        #expect(cancelled == 2)
        let progress = try database.progress(jobID: submission.jobID)
        #expect(progress.job.state == .cancelled && progress.job.finishedAt == at(3))
        #expect(progress.done == 1 && progress.cancelled == 2 && progress.leased == 0 && progress.queued == 0)
        #expect(try database.result(ofTask: leased[0].id!)?.payload == bytes("1"))
        let late = try database.complete(taskID: leased[1].id!, attempt: 1, node: "w1", result: bytes("2"), now: at(4))
        #expect(late == .stale)
        #expect(try database.result(ofTask: leased[1].id!) == nil)
        #expect(try database.leaseNext(for: "w1", count: 5, leaseDuration: 60, now: at(5)).isEmpty)
    }

    @Test func cancellingAFinishedJobChangesNothing() throws {
        // Given a job whose only task is done
        let (database, submission) = try databaseWithJob(1)
        _ = try database.leaseNext(for: "w1", count: 1, leaseDuration: 60, now: at(1))
        try database.complete(taskID: submission.taskIDs[0], attempt: 1, node: "w1", result: bytes("1"), now: at(2))

        // When it is cancelled
        let cancelled = try database.cancel(jobID: submission.jobID, now: at(3))

        // Then it stays done
        #expect(cancelled == 0)
        #expect(try database.job(submission.jobID)?.state == .done)
    }

    @Test func unknownJobsAreNamedInTheError() throws {
        // Given an empty database
        let database = try ClusterDatabase.inMemory()

        // When an unknown job is cancelled, asked about or extended
        let cancelError = #expect(throws: StoreError.self) { try database.cancel(jobID: 42) }
        let progressError = #expect(throws: StoreError.self) { try database.progress(jobID: 42) }
        let addError = #expect(throws: StoreError.self) { try database.addTasks(noopTasks(1), toJob: 42) }

        // Then each says which job is unknown
        for error in [cancelError, progressError, addError] {
            #expect(error?.code == .unknownJob)
            #expect(error?.message == "there is no job 42 in the cluster database")
        }
        #expect(try database.job(42) == nil)
    }

    @Test func addingTasksToAFinishedJobRunsItAgain() throws {
        // Given a job whose only task is done
        let (database, submission) = try databaseWithJob(1)
        _ = try database.leaseNext(for: "w1", count: 1, leaseDuration: 60, now: at(1))
        try database.complete(taskID: submission.taskIDs[0], attempt: 1, node: "w1", result: bytes("1"), now: at(2))

        // When a second phase of two tasks is added
        let added = try database.addTasks(noopTasks(2), toJob: submission.jobID, now: at(3))

        // Then the job runs again until they are done
        #expect(added.jobID == submission.jobID && added.taskIDs.count == 2)
        #expect(try database.job(submission.jobID)?.state == .running)
        #expect(try database.job(submission.jobID)?.finishedAt == nil)
        let leased = try database.leaseNext(for: "w1", count: 2, leaseDuration: 60, now: at(4))
        let outcomes = try database.complete(
            leased.map { Completion(taskID: $0.id!, attempt: $0.attempts, nodeID: "w1", payload: bytes("2")) },
            now: at(5))
        #expect(outcomes == [.stored, .stored])
        #expect(try database.progress(jobID: submission.jobID).job.state == .done)
    }

    @Test func addingTasksToACancelledJobIsRefused() throws {
        // Given a cancelled job
        let (database, submission) = try databaseWithJob(1)
        try database.cancel(jobID: submission.jobID, now: at(1))

        // When tasks are added to it
        let error = #expect(throws: StoreError.self) {
            try database.addTasks(noopTasks(1), toJob: submission.jobID, now: at(2))
        }

        // Then it is refused
        #expect(error?.code == .conflict)
        #expect(try database.tasks(ofJob: submission.jobID).count == 1)
    }
}

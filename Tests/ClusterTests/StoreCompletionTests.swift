import Cluster
import Foundation
import Testing

struct StoreCompletionTests: StoreFixtures {
    @Test func aCompletionStoresTheResultOnceAndFinishesTheJob() throws {
        // Given a job whose only task is leased to w1
        let (database, submission) = try databaseWithJob(1) { _ in "key" }
        let task = try database.leaseNext(for: "w1", count: 1, leaseDuration: 60, now: at(1))[0]

        // When w1 completes it
        let outcome = try database.complete(
            taskID: task.id!, attempt: 1, node: "w1", result: bytes(#"{"ok":true}"#), now: at(2))

        // Then the result is stored under the task's key, the task and the job are done
        #expect(outcome == .stored)
        let result = try #require(try database.result(ofTask: task.id!))
        #expect(result.attempt == 1 && result.nodeID == "w1" && result.contentKey == "key")
        #expect(result.payload == bytes(#"{"ok":true}"#) && result.createdAt == at(2))
        let stored = try #require(try database.task(task.id!))
        #expect(stored.state == .done && stored.leasedTo == nil && stored.finishedAt == at(2))
        let job = try #require(try database.job(submission.jobID))
        #expect(job.state == .done && job.finishedAt == at(2))
    }

    @Test func aResultSentTwiceIsStoredOnce() throws {
        // Given a task completed by w1
        let (database, _) = try databaseWithJob(1)
        let task = try database.leaseNext(for: "w1", count: 1, leaseDuration: 60, now: at(1))[0]
        try database.complete(taskID: task.id!, attempt: 1, node: "w1", result: bytes("1"), now: at(2))

        // When the same result comes again, with other bytes
        let again = try database.complete(taskID: task.id!, attempt: 1, node: "w1", result: bytes("2"), now: at(3))

        // Then it is reported as a duplicate and the first result stays
        #expect(again == .duplicate)
        #expect(try database.result(ofTask: task.id!)?.payload == bytes("1"))
    }

    @Test func aResultOfAnAttemptThatLostItsLeaseIsStale() throws {
        // Given a task whose lease to w1 expired and which is now leased to w2 as attempt 2
        let (database, _) = try databaseWithJob(1)
        let first = try database.leaseNext(for: "w1", count: 1, leaseDuration: 10, now: at(0))[0]
        try database.expireLeases(now: at(10))
        let second = try database.leaseNext(for: "w2", count: 1, leaseDuration: 10, now: at(11))[0]
        #expect(second.attempts == 2)

        // When w1's late result of attempt 1 arrives, then w2's, then w1's again
        let late = try database.complete(taskID: first.id!, attempt: 1, node: "w1", result: bytes("1"), now: at(12))
        let current = try database.complete(taskID: first.id!, attempt: 2, node: "w2", result: bytes("2"), now: at(13))
        let later = try database.complete(taskID: first.id!, attempt: 1, node: "w1", result: bytes("1"), now: at(14))

        // Then only attempt 2's result is stored
        #expect(late == .stale && current == .stored && later == .duplicate)
        let result = try #require(try database.result(ofTask: first.id!))
        #expect(result.attempt == 2 && result.nodeID == "w2" && result.payload == bytes("2"))
    }

    @Test func aLateResultIsTakenWhileNoNewerAttemptRuns() throws {
        // Given a task whose lease expired and went back to the queue, not leased again
        let (database, _) = try databaseWithJob(1)
        let task = try database.leaseNext(for: "w1", count: 1, leaseDuration: 10, now: at(0))[0]
        try database.expireLeases(now: at(10))

        // When w1's result of attempt 1 arrives
        let outcome = try database.complete(taskID: task.id!, attempt: 1, node: "w1", result: bytes("1"), now: at(11))

        // Then it is stored and the task is not leased again
        #expect(outcome == .stored)
        #expect(try database.task(task.id!)?.state == .done)
        #expect(try database.leaseNext(for: "w2", count: 1, leaseDuration: 10, now: at(12)).isEmpty)
    }

    @Test func aResultForATaskNeverLeasedIsStale() throws {
        // Given a queued task never leased
        let (database, submission) = try databaseWithJob(1)

        // When a result claims attempt 0, or attempt 1
        let zero = try database.complete(
            taskID: submission.taskIDs[0], attempt: 0, node: "w1", result: bytes("0"), now: at(1))
        let one = try database.complete(
            taskID: submission.taskIDs[0], attempt: 1, node: "w1", result: bytes("1"), now: at(1))

        // Then both are ignored
        #expect(zero == .stale && one == .stale)
        #expect(try database.task(submission.taskIDs[0])?.state == .queued)
    }

    @Test func aResultForAnUnknownTaskThrowsAloneAndIsReportedInABatch() throws {
        // Given a leased task
        let (database, _) = try databaseWithJob(1)
        let task = try database.leaseNext(for: "w1", count: 1, leaseDuration: 60, now: at(1))[0]

        // When a result names task 999, alone and in a batch beside a good one
        let error = #expect(throws: StoreError.self) {
            try database.complete(taskID: 999, attempt: 1, node: "w1", result: bytes("1"), now: at(2))
        }
        let outcomes = try database.complete(
            [
                Completion(taskID: 999, attempt: 1, nodeID: "w1", payload: bytes("1")),
                Completion(taskID: task.id!, attempt: 1, nodeID: "w1", payload: bytes("2")),
            ], now: at(2))

        // Then alone it throws, and the batch stores the good one
        #expect(error?.code == .unknownTask)
        #expect(error?.message == "there is no task 999 in the cluster database")
        #expect(outcomes == [.unknownTask, .stored])
    }

    @Test func aBatchReportsEachOutcomeInOrder() throws {
        // Given task 0 done, task 1 leased as attempt 2 after an expiry, task 2 leased as attempt 1
        let (database, submission) = try databaseWithJob(3)
        let ids = submission.taskIDs
        _ = try database.leaseNext(for: "w1", count: 2, leaseDuration: 10, now: at(0))
        try database.complete(taskID: ids[0], attempt: 1, node: "w1", result: bytes("0"), now: at(1))
        try database.expireLeases(now: at(10))
        _ = try database.leaseNext(for: "w2", count: 2, leaseDuration: 10, now: at(11))
        #expect(try database.task(ids[1])?.attempts == 2 && database.task(ids[2])?.attempts == 1)

        // When one batch completes all three, task 1 with its old attempt, task 2 twice
        let outcomes = try database.complete(
            [
                Completion(taskID: ids[0], attempt: 1, nodeID: "w1", payload: bytes("0")),
                Completion(taskID: ids[1], attempt: 1, nodeID: "w1", payload: bytes("1")),
                Completion(taskID: ids[2], attempt: 1, nodeID: "w2", payload: bytes("2")),
                Completion(taskID: ids[2], attempt: 1, nodeID: "w2", payload: bytes("2")),
            ], now: at(12))

        // Then each is reported and only task 2's first result is stored
        #expect(outcomes == [.duplicate, .stale, .stored, .duplicate])
        let progress = try database.progress(jobID: submission.jobID)
        #expect(progress.done == 2 && progress.leased == 1 && progress.job.state == .running)
    }

    @Test func aFailedAttemptIsRetriedUntilItsAttemptsAreSpent() throws {
        // Given a job whose only task allows three attempts
        let (database, submission) = try databaseWithJob(1)
        let id = submission.taskIDs[0]

        // When three attempts fail
        var outcomes: [FailureOutcome] = []
        for attempt in 1...3 {
            let task = try database.leaseNext(for: "w1", count: 1, leaseDuration: 60, now: at(Double(attempt)))[0]
            #expect(task.attempts == attempt)
            outcomes.append(
                try database.fail(taskID: id, attempt: attempt, error: "boom \(attempt)", now: at(Double(attempt))))
        }

        // Then the first two requeue it, the third fails it for good with the last error, and the job fails
        #expect(outcomes == [.requeued, .requeued, .failed])
        let task = try #require(try database.task(id))
        #expect(task.state == .failed && task.lastError == "boom 3" && task.finishedAt == at(3))
        #expect(try database.job(submission.jobID)?.state == .failed)
    }

    @Test func aFailureThatCannotBeRetriedFailsAtOnce() throws {
        // Given a leased task with attempts left
        let (database, submission) = try databaseWithJob(1)
        _ = try database.leaseNext(for: "w1", count: 1, leaseDuration: 60, now: at(1))

        // When its worker reports bad input
        let outcome = try database.fail(
            taskID: submission.taskIDs[0], attempt: 1, error: "bad model file", retryable: false, now: at(2))

        // Then it fails for good
        #expect(outcome == .failed)
        #expect(try database.task(submission.taskIDs[0])?.lastError == "bad model file")
    }

    @Test func aFailureOfAStaleAttemptIsIgnored() throws {
        // Given a task done by its first attempt
        let (database, submission) = try databaseWithJob(1)
        let id = submission.taskIDs[0]
        _ = try database.leaseNext(for: "w1", count: 1, leaseDuration: 60, now: at(1))
        try database.complete(taskID: id, attempt: 1, node: "w1", result: bytes("1"), now: at(2))

        // When a failure of that attempt, and one of an attempt never made, arrive
        let late = try database.fail(taskID: id, attempt: 1, error: "late", now: at(3))
        let bogus = try database.fail(taskID: id, attempt: 7, error: "bogus", now: at(3))

        // Then both are ignored and the task stays done
        #expect(late == .stale && bogus == .stale)
        #expect(try database.task(id)?.state == .done)
        #expect(try database.task(id)?.lastError == nil)
        let error = #expect(throws: StoreError.self) { try database.fail(taskID: 999, attempt: 1, error: "x") }
        #expect(error?.code == .unknownTask)
    }

    @Test func twentyThousandNoopTasksCompleteInBatches() throws {
        // Given a job of 20,000 no-op tasks
        let count = 20_000
        let batch = 1_000
        let (database, submission) = try databaseWithJob(count)

        // When two workers lease and complete them a thousand at a time
        var stored = 0
        var round = 0
        while true {
            let node = round % 2 == 0 ? "w1" : "w2"
            let leased = try database.leaseNext(for: node, count: batch, leaseDuration: 60, now: at(Double(round)))
            if leased.isEmpty { break }
            let completions = leased.map {
                Completion(
                    taskID: $0.id!, attempt: $0.attempts, nodeID: node, payload: bytes("{}"),
                    energy: report(node: node, joules: 0.5))
            }
            stored += try database.complete(completions, now: at(Double(round))).filter { $0 == .stored }.count
            round += 1
        }

        // Then every task is done once and the job is done
        #expect(stored == count)
        #expect(round == count / batch)
        let progress = try database.progress(jobID: submission.jobID)
        #expect(progress.done == count && progress.total == count && progress.job.state == .done)
        #expect(try database.energyTotal().tasks == count)
    }

    @Test func aMalformedEnergyReportStoresNothingOfItsBatch() throws {
        // Given two leased tasks
        let (database, _) = try databaseWithJob(2)
        let leased = try database.leaseNext(for: "w1", count: 2, leaseDuration: 60, now: at(1))

        // When a batch completes both but one energy report has NaN joules
        let error = #expect(throws: StoreError.self) {
            try database.complete(
                [
                    Completion(taskID: leased[0].id!, attempt: 1, nodeID: "w1", payload: bytes("1")),
                    Completion(
                        taskID: leased[1].id!, attempt: 1, nodeID: "w1", payload: bytes("2"),
                        energy: report(node: "w1", joules: .nan)),
                ], now: at(2))
        }

        // Then the batch is refused whole, saying which report is wrong
        #expect(error?.code == .malformedPayload)
        #expect(error?.message.contains("joules = nan") == true)
        #expect(try database.result(ofTask: leased[0].id!) == nil)
        #expect(try database.task(leased[0].id!)?.state == .leased)
    }
}

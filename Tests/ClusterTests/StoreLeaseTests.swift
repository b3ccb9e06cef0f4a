import Cluster
import Foundation
import Testing

struct StoreLeaseTests: StoreFixtures {
    @Test func leasingTakesTheHighestPriorityFirstThenTheOldest() throws {
        // Given tasks of priorities 0, 5, 0, 5 in that order
        let database = try ClusterDatabase.inMemory()
        let tasks = [0, 5, 0, 5].map { NewTask(kind: .measure, payload: bytes("{}"), priority: $0) }
        let ids = try database.submit(name: "job", spec: "{}", tasks: tasks, now: epoch).taskIDs

        // When they are leased three, then one
        let first = try database.leaseNext(for: "w1", count: 3, leaseDuration: 30, now: at(1))
        let second = try database.leaseNext(for: "w2", count: 1, leaseDuration: 30, now: at(1))

        // Then the two of priority 5 come first, oldest first, then the older of priority 0
        #expect(first.map(\.id) == [ids[1], ids[3], ids[0]])
        #expect(second.map(\.id) == [ids[2]])
    }

    @Test func aPlacedTaskWaitsForItsNodeWhileThatNodeIsAlive() throws {
        // Given one task placed on "green" and one for any node
        let database = try ClusterDatabase.inMemory()
        let tasks = [
            NewTask(kind: .measure, payload: bytes("{}"), priority: 1, preferredNode: "green"),
            NewTask(kind: .measure, payload: bytes("{}")),
        ]
        let ids = try database.submit(name: "job", spec: "{}", tasks: tasks, now: epoch).taskIDs

        // When "grey" asks while "green" is alive, it gets only the unplaced task
        let grey = try database.leaseNext(for: "grey", count: 2, leaseDuration: 30, liveNodes: ["green", "grey"], now: at(1))
        #expect(grey.map(\.id) == [ids[1]])
        // and "green" gets its own
        let green = try database.leaseNext(for: "green", count: 2, leaseDuration: 30, liveNodes: ["green", "grey"], now: at(1))
        #expect(green.map(\.id) == [ids[0]])
        #expect(green.first?.preferredNode == "green")
    }

    @Test func aPlacedTaskGoesToAnyNodeOnceItsNodeIsGone() throws {
        let database = try ClusterDatabase.inMemory()
        let ids = try database.submit(
            name: "job", spec: "{}", tasks: [NewTask(kind: .measure, payload: bytes("{}"), preferredNode: "green")],
            now: epoch
        ).taskIDs
        let grey = try database.leaseNext(for: "grey", count: 1, leaseDuration: 30, liveNodes: ["grey"], now: at(1))
        #expect(grey.map(\.id) == ids)
    }

    @Test func leasingMarksTasksLeasedAndCountsTheAttempt() throws {
        // Given a pending job of two tasks
        let (database, submission) = try databaseWithJob(2)

        // When one task is leased for 30 s
        let leased = try database.leaseNext(for: "w1", count: 1, leaseDuration: 30, now: at(10))

        // Then it is leased to w1 until 40 s as attempt 1, and the job runs
        let task = try #require(leased.first)
        #expect(task.state == .leased && task.leasedTo == "w1" && task.leaseExpiresAt == at(40))
        #expect(task.attempts == 1)
        #expect(try database.task(task.id!) == task)
        let progress = try database.progress(jobID: submission.jobID)
        #expect(progress.job.state == .running)
        #expect(progress.leased == 1 && progress.queued == 1)
    }

    @Test func leasingGivesFewerTasksWhenTheQueueRunsShort() throws {
        // Given two queued tasks
        let (database, _) = try databaseWithJob(2)

        // When five are asked for, then more, then none
        let first = try database.leaseNext(for: "w1", count: 5, leaseDuration: 30, now: at(1))
        let second = try database.leaseNext(for: "w1", count: 5, leaseDuration: 30, now: at(1))
        let none = try database.leaseNext(for: "w1", count: 0, leaseDuration: 30, now: at(1))

        // Then the two come once and the queue is then empty
        #expect(first.count == 2)
        #expect(second.isEmpty && none.isEmpty)
    }

    @Test func expiredLeasesGoBackToTheQueueAndOthersStay() throws {
        // Given one task leased until 11 s and one until 61 s
        let (database, _) = try databaseWithJob(2)
        let short = try database.leaseNext(for: "w1", count: 1, leaseDuration: 10, now: at(1))[0]
        let long = try database.leaseNext(for: "w2", count: 1, leaseDuration: 60, now: at(1))[0]

        // When leases are expired at 11 s
        let expired = try database.expireLeases(now: at(11))

        // Then only the short one is queued again, with why its attempt ended
        #expect(expired.map(\.id) == [short.id])
        let requeued = try #require(try database.task(short.id!))
        #expect(requeued.state == .queued && requeued.leasedTo == nil && requeued.leaseExpiresAt == nil)
        #expect(requeued.attempts == 1)
        #expect(requeued.lastError == "attempt 1 of 3 ended: the lease of node w1 expired")
        #expect(try database.task(long.id!)?.state == .leased)
    }

    @Test func eachLeaseIsANewAttempt() throws {
        // Given a task leased once and expired
        let (database, submission) = try databaseWithJob(1)
        _ = try database.leaseNext(for: "w1", count: 1, leaseDuration: 10, now: at(0))
        try database.expireLeases(now: at(10))

        // When it is leased again
        let again = try database.leaseNext(for: "w2", count: 1, leaseDuration: 10, now: at(11))

        // Then it is attempt 2
        #expect(again.map(\.id) == [submission.taskIDs[0]])
        #expect(again.first?.attempts == 2)
    }

    @Test func aTaskOutOfAttemptsFailsWhenItsLeaseExpiresAndItsJobFails() throws {
        // Given a job whose only task allows two attempts
        let database = try ClusterDatabase.inMemory()
        let tasks = [NewTask(kind: .measure, payload: bytes("{}"), maxAttempts: 2)]
        let submission = try database.submit(name: "job", spec: "{}", tasks: tasks, now: epoch)

        // When both attempts' leases expire
        for attempt in 0..<2 {
            _ = try database.leaseNext(for: "w1", count: 1, leaseDuration: 10, now: at(Double(attempt) * 20))
            try database.expireLeases(now: at(Double(attempt) * 20 + 10))
        }

        // Then the task failed for good, saying why, and the finished job failed
        let task = try #require(try database.task(submission.taskIDs[0]))
        #expect(task.state == .failed && task.attempts == 2 && task.finishedAt == at(30))
        #expect(task.lastError == "attempt 2 of 2, the last, ended: the lease of node w1 expired")
        #expect(try database.job(submission.jobID)?.state == .failed)
        #expect(try database.leaseNext(for: "w1", count: 1, leaseDuration: 10, now: at(40)).isEmpty)
    }

    @Test func releasingANodesLeasesRequeuesOnlyItsTasks() throws {
        // Given two tasks leased to w1 and one to w2
        let (database, _) = try databaseWithJob(3)
        let mine = try database.leaseNext(for: "w1", count: 2, leaseDuration: 60, now: at(1))
        let theirs = try database.leaseNext(for: "w2", count: 1, leaseDuration: 60, now: at(1))

        // When w1 is declared dead
        let released = try database.releaseLeases(of: "w1", now: at(2))

        // Then its two tasks are queued again and w2's stays leased
        #expect(Set(released.map(\.id)) == Set(mine.map(\.id)))
        #expect(released.allSatisfy { $0.state == .queued && $0.lastError?.contains("node w1 left") == true })
        #expect(try database.task(theirs[0].id!)?.state == .leased)
        let next = try database.leaseNext(for: "w2", count: 5, leaseDuration: 60, now: at(3))
        #expect(Set(next.map(\.id)) == Set(mine.map(\.id)))
    }

    @Test func renewingANodesLeasesPostponesTheirExpiry() throws {
        // Given a task leased to w1 until 11 s
        let (database, submission) = try databaseWithJob(1)
        _ = try database.leaseNext(for: "w1", count: 1, leaseDuration: 10, now: at(1))

        // When w1's heartbeat at 8 s renews its leases for 10 s
        let renewed = try database.renewLeases(of: "w1", leaseDuration: 10, now: at(8))

        // Then the lease outlives 11 s and ends at 18 s
        #expect(renewed == 1)
        #expect(try database.expireLeases(now: at(11)).isEmpty)
        #expect(try database.task(submission.taskIDs[0])?.leaseExpiresAt == at(18))
        #expect(try database.expireLeases(now: at(18)).count == 1)
    }
}

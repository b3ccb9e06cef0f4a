import Cluster
import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#endif

struct StoreDatabaseTests: StoreFixtures {
    @Test func migrationsApplyOnceAndReopeningKeepsEverything() throws {
        // Given a database file holding a job
        let folder = try makeTemporaryFolder("store-reopen")
        defer { removeFolder(folder) }
        let path = folder + "/cluster.sqlite"
        let jobID = try {
            let database = try ClusterDatabase(path: path)
            return try database.submit(name: "kept", spec: "{}", tasks: noopTasks(2), now: epoch).jobID
        }()

        // When it is opened again, twice
        let reopened = try ClusterDatabase(path: path)
        let again = try ClusterDatabase(path: path)

        // Then the schema is migrated once and the job is there
        #expect(try reopened.appliedMigrations() == ["v1", "v2", "v3"])
        #expect(try again.appliedMigrations() == ["v1", "v2", "v3"])
        #expect(try again.job(jobID)?.name == "kept")
        #expect(try again.tasks(ofJob: jobID).count == 2)
    }

    @Test func aDatabaseThatCannotBeOpenedNamesItsPath() throws {
        let error = #expect(throws: StoreError.self) {
            try ClusterDatabase(path: "/nonexistent-folder-of-preindex/cluster.sqlite")
        }
        #expect(error?.code == .database)
        #expect(error?.message.contains("/nonexistent-folder-of-preindex/cluster.sqlite") == true)
    }

    @Test func aFileThatIsNotADatabaseIsRefused() throws {
        // Given a text file
        let folder = try makeTemporaryFolder("store-garbage")
        defer { removeFolder(folder) }
        let path = folder + "/cluster.sqlite"
        try Data(repeating: 0x41, count: 4096).write(to: URL(fileURLWithPath: path))

        // When it is opened as the cluster database
        let error = #expect(throws: StoreError.self) { try ClusterDatabase(path: path) }

        // Then a database error names it
        #expect(error?.code == .database)
        #expect(error?.message.contains(path) == true)
    }

    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/sqlite3"), "needs the sqlite3 command"))
    func aDatabaseFromANewerPreIndexIsRefused() throws {
        // Given a database file whose migrations include one this build does not know
        let folder = try makeTemporaryFolder("store-newer")
        defer { removeFolder(folder) }
        let path = folder + "/cluster.sqlite"
        _ = try ClusterDatabase(path: path)
        try sqlite(path, "INSERT INTO grdb_migrations (identifier) VALUES ('v99')")

        // When it is opened
        let error = #expect(throws: StoreError.self) { try ClusterDatabase(path: path) }

        // Then it is refused, saying a newer preindex is needed
        #expect(error?.code == .newerSchema)
        #expect(error?.message.contains("v99") == true)
    }

    @Test func aCoordinatorDroppedMidJobLosesNothingAndRunsNothingTwice() throws {
        // Given a file database with ten tasks: six leased to w1, three of them completed
        let folder = try makeTemporaryFolder("store-crash")
        defer { removeFolder(folder) }
        let path = folder + "/cluster.sqlite"
        let (submission, leased) = try {
            let database = try ClusterDatabase(path: path)
            let submission = try database.submit(name: "crash", spec: "{}", tasks: noopTasks(10), now: epoch)
            let leased = try database.leaseNext(for: "w1", count: 6, leaseDuration: 30, now: at(1))
            for task in leased.prefix(3) {
                try database.complete(
                    taskID: task.id!, attempt: 1, node: "w1", result: bytes("{\"r\":\(task.id!)}"),
                    energy: report(node: "w1", joules: 1), now: at(2))
            }
            return (submission, leased)
            // The database is dropped here without any shutdown.
        }()

        // When it is reopened and the leases of the lost run expire
        let database = try ClusterDatabase(path: path)
        try checkRecovery(of: database, submission: submission, leased: leased)
    }

    @Test func aCrashImageOfTheFilesRecoversEveryCommit() throws {
        // Given the files of an open database copied as they lie on disk after three commits of results, as a
        // process killed at that moment leaves them (the write-ahead log not checkpointed)
        let folder = try makeTemporaryFolder("store-image")
        defer { removeFolder(folder) }
        let path = folder + "/cluster.sqlite"
        let image = folder + "/image.sqlite"
        let database = try ClusterDatabase(path: path)
        let submission = try database.submit(name: "crash", spec: "{}", tasks: noopTasks(10), now: epoch)
        let leased = try database.leaseNext(for: "w1", count: 6, leaseDuration: 30, now: at(1))
        for task in leased.prefix(3) {
            try database.complete(
                taskID: task.id!, attempt: 1, node: "w1", result: bytes("{\"r\":\(task.id!)}"),
                energy: report(node: "w1", joules: 1), now: at(2))
        }
        for suffix in ["", "-wal"] {
            try FileManager.default.copyItem(atPath: path + suffix, toPath: image + suffix)
        }

        // When the image is opened
        let recovered = try ClusterDatabase(path: image)

        // Then it recovers as a restarted coordinator would
        try checkRecovery(of: recovered, submission: submission, leased: leased)
    }

    @Test func aCoordinatorKilledBySIGKILLLosesNoCommit() async throws {
        // Given a database file written by a child process that kills itself right after its last commit
        let folder = try makeTemporaryFolder("store-kill")
        defer { removeFolder(folder) }
        let path = folder + "/cluster.sqlite"
        await #expect(processExitsWith: .signal(SIGKILL)) { [path = path as String] in
            let database = try ClusterDatabase(path: path)
            let epoch = Date(timeIntervalSince1970: 1_800_000_000)
            let tasks = (0..<10).map { NewTask(kind: .noop, payload: Data("{\"i\":\($0)}".utf8)) }
            _ = try database.submit(name: "crash", spec: "{}", tasks: tasks, now: epoch)
            let leased = try database.leaseNext(
                for: "w1", count: 6, leaseDuration: 30, now: epoch.addingTimeInterval(1))
            for task in leased.prefix(3) {
                try database.complete(
                    taskID: task.id!, attempt: 1, node: "w1", result: Data("{\"r\":\(task.id!)}".utf8),
                    energy: Wire.EnergyReport(
                        nodeID: "w1", method: "cpu-time-model", joules: 1, cpuSeconds: 1, wallSeconds: 1,
                        region: "FR", gridIntensity: 50),
                    now: epoch.addingTimeInterval(2))
            }
            kill(getpid(), SIGKILL)
        }

        // When the parent opens what the killed child left
        let database = try ClusterDatabase(path: path)
        let job = try #require(try database.jobs().first)
        let tasks = try database.tasks(ofJob: #require(job.id))
        let submission = Submission(jobID: job.id!, taskIDs: tasks.map { $0.id! }, reusedCount: 0)
        let leased = tasks.filter { $0.attempts == 1 }

        // Then every commit is there and the job goes on
        #expect(leased.count == 6)
        try checkRecovery(of: database, submission: submission, leased: leased)
    }

    /// Checks that `database`, reopened after ten tasks were submitted, the six `leased` leased to w1 for 30 s
    /// at 1 s and the first three of them completed with 1 J each, continues the job with nothing lost and
    /// nothing run twice.
    private func checkRecovery(of database: ClusterDatabase, submission: Submission, leased: [TaskRecord]) throws {
        // Nothing done is lost; leased tasks are still leased
        var progress = try database.progress(jobID: submission.jobID)
        #expect(progress.done == 3 && progress.leased == 3 && progress.queued == 4)
        for task in leased.prefix(3) {
            #expect(try database.result(ofTask: task.id!)?.payload == bytes("{\"r\":\(task.id!)}"))
        }

        // A duplicate of a stored result is ignored, and its energy is not counted twice
        let duplicate = try database.complete(
            taskID: leased[0].id!, attempt: 1, node: "w1", result: bytes("again"),
            energy: report(node: "w1", joules: 1), now: at(3))
        #expect(duplicate == .duplicate)
        #expect(try database.energyTotal().joules == 3)

        // Leased-but-not-done tasks come back when their leases expire
        let expired = try database.expireLeases(now: at(31))
        #expect(Set(expired.map(\.id)) == Set(leased.suffix(3).map(\.id)))

        // Nothing finished runs again: the rest of the job is leased and completed once
        let rest = try database.leaseNext(for: "w2", count: 100, leaseDuration: 30, now: at(32))
        let done = Set(leased.prefix(3).map(\.id))
        #expect(rest.count == 7)
        #expect(rest.allSatisfy { !done.contains($0.id) })
        let outcomes = try database.complete(
            rest.map { Completion(taskID: $0.id!, attempt: $0.attempts, nodeID: "w2", payload: bytes("{}")) },
            now: at(33))
        #expect(outcomes.allSatisfy { $0 == .stored })
        progress = try database.progress(jobID: submission.jobID)
        #expect(progress.done == 10 && progress.job.state == .done)
    }

    /// Runs `statement` on the database file at `path` with the sqlite3 command, as another program would.
    private func sqlite(_ path: String, _ statement: String) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/sqlite3")
        process.arguments = [path, statement]
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
    }
}

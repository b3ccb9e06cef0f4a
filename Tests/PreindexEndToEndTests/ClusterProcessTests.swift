import Cluster
import Fleet
import Foundation
import Tensors
import Testing

/// The cluster as users run it: `preindex coordinator`, `worker` and the client commands as separate processes on
/// loopback, killed and restarted the hard way. Serialized: the processes of two tests at once would fight over
/// the cores and make the timings these tests rely on (a task still running when it is killed) unreliable.
@Suite(.serialized) struct ClusterProcessTests {
    /// Jobs small enough for a test, all seeded.
    enum Jobs {
        /// Three measure tasks per model (gaussian 0.05 and 0.1, blur 1) after training each for one epoch.
        static func small(_ name: String, architectures: [String] = ["mlp"]) -> String {
            let models = architectures.map { #"{"arch": "\#($0)", "train": {"epochs": 1, "seed": 0}}"# }
            return """
                {"name": "\(name)", "dataset": "builtin:shapes?train=300&test=100&seed=0",
                 "models": [\(models.joined(separator: ", "))],
                 "shifts": [{"type": "gaussian", "levels": [0.05, 0.1]}, {"type": "blur", "levels": [1]}],
                 "measure": {"samples": 200}}
                """
        }

        /// A job whose first task, training a cnn, runs for a few seconds: long enough to kill what runs it.
        static func slow(_ name: String) -> String {
            """
            {"name": "\(name)", "dataset": "builtin:shapes?train=2000&test=100&seed=0",
             "models": [{"arch": "cnn", "train": {"epochs": 2, "seed": 0}}],
             "shifts": [{"type": "gaussian", "levels": [0.05, 0.1]}, {"type": "blur", "levels": [1]}],
             "measure": {"samples": 200}}
            """
        }
    }

    /// The job's tasks, its stored results, and those not done, from the database.
    private func storedCounts(_ cluster: LocalCluster, job: String) throws -> (tasks: Int, results: Int, notDone: Int) {
        (
            try cluster.sqlCount("SELECT count(*) FROM task WHERE jobId = \(job)"),
            try cluster.sqlCount("SELECT count(*) FROM result JOIN task ON task.id = result.taskId WHERE task.jobId = \(job)"),
            try cluster.sqlCount("SELECT count(*) FROM task WHERE jobId = \(job) AND state != 'done'")
        )
    }

    /// Waits until a task of `job` is leased, and returns the node running it.
    private func nodeRunningATask(_ cluster: LocalCluster, job: String) throws -> String {
        var node: String?
        try cluster.waitUntil("a task of job \(job) is running", interval: .milliseconds(100)) {
            node = try cluster.sql("SELECT leasedTo FROM task WHERE jobId = \(job) AND state = 'leased' LIMIT 1").first
            return node != nil
        }
        return node!
    }

    @Test func threeWorkersCompleteAJobAndItsRankingHasOneRowPerModelAndLevel() throws {
        let cluster = try LocalCluster("complete")
        defer { cluster.shutDown() }
        try cluster.startCoordinator()
        for node in ["w1", "w2", "w3"] { try cluster.startWorker(node) }
        let job = try cluster.writeJob(Jobs.small("three-workers", architectures: ["mlp", "cnn"]))

        let submit = try cluster.client(["submit", job, "--wait", "--json"], timeout: .seconds(110))
        #expect(submit.status == 0, "\(submit.stderr)\n\(cluster.logs)")
        let answer = try #require(try JSONSerialization.jsonObject(with: Data(submit.stdout.utf8)) as? [String: Any])
        let jobID = try #require(answer["jobID"] as? String)

        let progress = try cluster.progress(of: jobID)
        #expect(progress.total > 0 && progress.done == progress.total && progress.failed == 0, "\(progress)")
        let output = try cluster.client(["ranking", jobID, "--format", "json"])
        #expect(output.status == 0, "\(output.stderr)")
        let ranking = try Ranking(jsonData: Data(output.stdout.utf8))
        #expect(ranking.rows.count == 6)
        #expect(Set(ranking.rows.map { "\($0.model) \($0.shift)" }).count == 6)
        #expect(Set(ranking.rows.map(\.architecture)) == ["mlp", "cnn"])
    }

    @Test func aWorkerKilledMidTaskLosesNothingAndTheTaskRunsAgainElsewhere() throws {
        let cluster = try LocalCluster("kill-worker")
        defer { cluster.shutDown() }
        try cluster.startCoordinator()
        let doomed = try cluster.startWorker("w1")
        let jobID = try cluster.submit(try cluster.writeJob(Jobs.slow("kill-worker")))
        try cluster.waitUntil("a task runs", interval: .milliseconds(100)) { try cluster.progress(of: jobID).running >= 1 }
        Thread.sleep(forTimeInterval: 0.5)  // Into the task, past its lease.

        doomed.signal(SIGKILL)
        #expect(doomed.waitForExit(within: .seconds(10)) != nil && doomed.wasKilledBySignal)
        try cluster.startWorker("w2")
        try cluster.startWorker("w3")
        let progress = try cluster.waitForJob(jobID)

        #expect(progress.done == progress.total && progress.failed == 0, "\(progress)\n\(cluster.logs)")
        let counts = try storedCounts(cluster, job: jobID)
        #expect(counts.tasks > 0 && counts.results == counts.tasks && counts.notDone == 0, "\(counts)")
        #expect(try cluster.sqlCount("SELECT count(*) FROM task WHERE jobId = \(jobID) AND attempts >= 2") >= 1)
        #expect(try cluster.sqlCount("SELECT count(*) FROM result WHERE nodeId = '\(cluster.nodeID("w1"))'") == 0)
    }

    @Test func aCoordinatorKilledAndRestartedOnItsDatabaseFinishesTheJobWithNothingLost() throws {
        let cluster = try LocalCluster("kill-coordinator")
        defer { cluster.shutDown() }
        let first = try cluster.startCoordinator()
        try cluster.startWorker("w1")
        try cluster.startWorker("w2")
        let jobID = try cluster.submit(try cluster.writeJob(Jobs.slow("kill-coordinator")))
        _ = try nodeRunningATask(cluster, job: jobID)

        first.signal(SIGKILL)
        #expect(first.waitForExit(within: .seconds(10)) != nil && first.wasKilledBySignal)
        try cluster.startCoordinator()
        let progress = try cluster.waitForJob(jobID)

        #expect(progress.done == progress.total && progress.failed == 0, "\(progress)\n\(cluster.logs)")
        let counts = try storedCounts(cluster, job: jobID)
        #expect(counts.tasks > 0 && counts.results == counts.tasks && counts.notDone == 0, "\(counts)")
    }

    @Test func curveLetsOnlyAuthorisedKeysInAndAPlainCoordinatorStaysOnLoopback() throws {
        let cluster = try LocalCluster("curve")
        defer { cluster.shutDown() }
        let keys = cluster.directory + "/keys"
        try FileManager.default.createDirectory(atPath: keys, withIntermediateDirectories: true)
        for name in ["coordinator", "worker", "client", "stranger"] {
            let keygen = try preindex("keygen", name, "--directory", keys)
            try #require(keygen.status == 0, "\(keygen.stderr)")
        }
        let authorized = try ["worker", "client"].map { try String(contentsOfFile: "\(keys)/\($0).pub", encoding: .utf8) }
        try Data(authorized.joined(separator: "\n").utf8).write(to: URL(fileURLWithPath: "\(keys)/authorized"))
        try cluster.startCoordinator(["--key", "\(keys)/coordinator", "--authorized-keys", "\(keys)/authorized"])
        try cluster.startWorker("w1", ["--key", "\(keys)/worker", "--server-key", "\(keys)/coordinator.pub"])

        for unknown in [["--key", "\(keys)/stranger", "--server-key", "\(keys)/coordinator.pub"], []] {
            let refused = try cluster.client(["status", "--timeout", "3"] + unknown, timeout: .seconds(20))
            #expect(refused.status != 0)
            #expect(refused.stderr.contains("no answer from the coordinator at \(cluster.clientsEndpoint)"), "\(refused.stderr)")
        }
        cluster.clientArguments = ["--key", "\(keys)/client", "--server-key", "\(keys)/coordinator.pub"]
        let jobID = try cluster.submit(try cluster.writeJob(Jobs.small("curve")))
        let progress = try cluster.waitForJob(jobID)
        #expect(progress.done == progress.total && progress.failed == 0, "\(progress)\n\(cluster.logs)")
        #expect(try cluster.sqlCount("SELECT count(*) FROM result WHERE nodeId = '\(cluster.nodeID("w1"))'") == progress.total)

        let ports = try freeLoopbackPorts(2)
        let plain = try runCommand(
            preindexExecutable,
            [
                "coordinator", "--workers", "tcp://0.0.0.0:\(ports[0])", "--clients", "tcp://127.0.0.1:\(ports[1])",
                "--db", cluster.directory + "/plain.sqlite",
            ], timeout: .seconds(20))
        #expect(plain.status != 0)
        #expect(plain.stderr.contains("--insecure"), "\(plain.stderr)")
    }

    @Test func garbageAndOversizedMessagesLeaveTheCoordinatorServing() throws {
        let cluster = try LocalCluster("garbage")
        defer { cluster.shutDown() }
        let coordinator = try cluster.startCoordinator()
        try cluster.startWorker("w1")
        let context = try ZMQContext()
        var random = SeededGenerator(seed: 5)
        let valid = try Wire.Envelope(.submit(.init(document: .job(json: Array(Jobs.small("never").utf8))))).encoded()

        for endpoint in [cluster.workersEndpoint, cluster.clientsEndpoint] {
            // A wrong protocol version is answered with an error saying so.
            let peer = try Socket(.dealer, context: context)
            try peer.set(.linger(.zero))
            try peer.set(.sendTimeout(.seconds(5)))
            try peer.connect(to: endpoint)
            try peer.send(RoutedMessage(payload: try Wire.Envelope(.statusQuery(.init()), protocolVersion: 99).encoded()).frames)
            let reply = try #require(try peer.receive(timeout: .seconds(10)), "no answer to a wrong version from \(endpoint)")
            let envelope = try Wire.Envelope(decoding: RoutedMessage(frames: reply).payload)
            guard case .error(let error) = envelope.body else {
                Issue.record("a wrong version from \(endpoint) was answered with \(envelope.body.name)")
                continue
            }
            #expect(error.code == .unsupportedVersion, "\(error.message)")

            // Random bytes, with and without the delimiter, and valid envelopes cut short.
            for length in [1, 7, 100, 5000] {
                let bytes = (0..<length).map { _ in UInt8.random(in: 0...255, using: &random) }
                try peer.send(RoutedMessage(payload: bytes).frames)
                try peer.send([bytes])
                try peer.send([bytes, [], bytes, bytes])
            }
            for cut in [1, 3, valid.count / 2, valid.count - 1] {
                try peer.send(RoutedMessage(payload: Array(valid.prefix(cut))).frames)
            }
            try peer.send(RoutedMessage(payload: []).frames)

            // More than the coordinator takes: libzmq drops the connection.
            let big = try Socket(.dealer, context: context)
            try big.set(.linger(.zero))
            try big.set(.sendTimeout(.seconds(10)))
            try big.connect(to: endpoint)
            try big.send(RoutedMessage(payload: [UInt8](repeating: 7, count: Wire.maximumMessageSize + 4096 + 1)).frames)
        }
        Thread.sleep(forTimeInterval: 0.5)

        #expect(coordinator.isRunning)
        let status = try cluster.client(["status", "--json", "--timeout", "10"])
        #expect(status.status == 0, "\(status.stderr)\n\(cluster.logs)")
        let jobID = try cluster.submit(try cluster.writeJob(Jobs.small("after-garbage")))
        let progress = try cluster.waitForJob(jobID)
        #expect(progress.done == progress.total && progress.failed == 0, "\(progress)\n\(cluster.logs)")
    }

    @Test func sigtermDrainsAWorkerAndStopsTheCoordinatorWithResultsIntact() throws {
        let cluster = try LocalCluster("sigterm")
        defer { cluster.shutDown() }
        let coordinator = try cluster.startCoordinator()
        let workers = [
            cluster.nodeID("w1"): try cluster.startWorker("w1"), cluster.nodeID("w2"): try cluster.startWorker("w2"),
        ]
        let jobID = try cluster.submit(try cluster.writeJob(Jobs.slow("sigterm")))
        let node = try nodeRunningATask(cluster, job: jobID)
        let taskID = try cluster.sqlCount("SELECT id FROM task WHERE jobId = \(jobID) AND state = 'leased' LIMIT 1")
        let worker = try #require(workers[node])
        Thread.sleep(forTimeInterval: 1)  // The Assign reaches the worker and its task starts.

        worker.signal(SIGTERM)
        #expect(worker.waitForExit(within: .seconds(40)) == 0, "\(cluster.logs)")
        #expect(!worker.wasKilledBySignal)
        let progress = try cluster.waitForJob(jobID)
        #expect(progress.done == progress.total && progress.failed == 0, "\(progress)\n\(cluster.logs)")
        // The running task was finished and reported before the worker left.
        #expect(try cluster.sql("SELECT nodeId FROM result WHERE taskId = \(taskID)") == [node])

        let results = "SELECT taskId, attempt, nodeId, hex(payload) FROM result ORDER BY taskId"
        let before = try cluster.sql(results)
        coordinator.signal(SIGTERM)
        #expect(coordinator.waitForExit(within: .seconds(15)) == 0, "\(cluster.logs)")
        try cluster.startCoordinator()
        #expect(try cluster.sql(results) == before)
        let restarted = try cluster.progress(of: jobID)
        #expect(restarted.done == progress.total && restarted.failed == 0, "\(restarted)")
        let ranking = try cluster.client(["ranking", jobID, "--format", "json"])
        #expect(ranking.status == 0, "\(ranking.stderr)")
        #expect(try Ranking(jsonData: Data(ranking.stdout.utf8)).rows.count == 3)
    }
}

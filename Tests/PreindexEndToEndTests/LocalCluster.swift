import Foundation

/// A cluster of real `preindex coordinator` and `preindex worker` processes on loopback, for one test: its own
/// temporary folder (database, logs, caches, keys), its own ports, and a deadline after which every wait fails.
///
/// ``shutDown()`` (call it in `defer`) kills every process it started and removes the folder.
final class LocalCluster {
    /// The test's folder.
    let directory: String
    /// Where the coordinator serves workers and clients.
    let workersEndpoint: String, clientsEndpoint: String
    /// The coordinator's state database.
    let database: String
    /// When every wait of this test gives up.
    let deadline: ContinuousClock.Instant
    /// Arguments the client commands add (CURVE keys), after `--connect`.
    var clientArguments: [String] = []
    private(set) var processes: [BackgroundProcess] = []
    private let prefix: String

    /// A cluster named `name` (used in folder and node names) whose waits give up after `budget`.
    init(_ name: String, budget: Duration = .seconds(120)) throws {
        prefix = "\(name)-\(getpid())"
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("preindex-\(prefix)-\(UUID().uuidString.prefix(8))").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let ports = try freeLoopbackPorts(2)
        workersEndpoint = "tcp://127.0.0.1:\(ports[0])"
        clientsEndpoint = "tcp://127.0.0.1:\(ports[1])"
        database = directory + "/state.sqlite"
        deadline = ContinuousClock.now.advanced(by: budget)
    }

    /// Kills every process still running and removes the folder.
    func shutDown() {
        for process in processes { process.kill() }
        try? FileManager.default.removeItem(atPath: directory)
    }

    /// The time left before the deadline (at least 1 s, so that a last command can still report).
    var remaining: Duration { max(.seconds(1), ContinuousClock.now.duration(to: deadline)) }

    // MARK: Processes

    /// Starts a coordinator on this cluster's endpoints and database with `arguments` added, and waits until it
    /// serves (its log says so).
    @discardableResult
    func startCoordinator(_ arguments: [String] = []) throws -> BackgroundProcess {
        let servingLine = "Coordinator serving workers"
        func timesServing() -> Int {
            let log = (try? String(contentsOfFile: logPath("coordinator"), encoding: .utf8)) ?? ""
            return log.components(separatedBy: servingLine).count - 1
        }
        let before = timesServing()
        let coordinator = try start(
            "coordinator",
            ["coordinator", "--workers", workersEndpoint, "--clients", clientsEndpoint, "--db", database] + arguments)
        try waitUntil("the coordinator serves") {
            if !coordinator.isRunning { throw ClusterTestError("the coordinator exited on starting:\n\(logs)") }
            return timesServing() > before
        }
        return coordinator
    }

    /// Starts a worker named `node` (prefixed with the test's name) with one compute thread and its own cache.
    @discardableResult
    func startWorker(_ node: String, _ arguments: [String] = []) throws -> BackgroundProcess {
        try start(
            "worker \(node)",
            [
                "worker", "--connect", workersEndpoint, "--node", nodeID(node), "--cache", directory + "/cache-" + node,
                "--energy-method", "cpu-model", "--threads", "1",
            ] + arguments)
    }

    /// The node id of worker `node` in the database.
    func nodeID(_ node: String) -> String { "\(prefix)-\(node)" }

    /// Starts `preindex arguments` in the background, logging to `name`'s log file.
    func start(_ name: String, _ arguments: [String]) throws -> BackgroundProcess {
        let process = try BackgroundProcess(
            name: name, executable: preindexExecutable, arguments: arguments, logPath: logPath(name))
        processes.append(process)
        return process
    }

    /// The log file of the process called `name` (a restarted process appends to its predecessor's).
    func logPath(_ name: String) -> String {
        directory + "/" + name.replacingOccurrences(of: " ", with: "-") + ".log"
    }

    /// The last lines of every process's log, for failure messages.
    var logs: String {
        // A restarted process shares its predecessor's log: show each log once, with its latest process.
        let latest = processes.enumerated().filter { index, process in
            !processes[(index + 1)...].contains { $0.logPath == process.logPath }
        }.map(\.element)
        return latest.map { process in
            let lines = process.log.split(separator: "\n", omittingEmptySubsequences: false).suffix(25)
            return "--- \(process.name) (pid \(process.pid), \(process.isRunning ? "running" : "exited")):\n"
                + lines.joined(separator: "\n")
        }.joined(separator: "\n")
    }

    /// Every task and result in the database, for failure messages.
    var tasks: String {
        let tasks = (try? sql("SELECT id, jobId, kind, state, attempts, leasedTo, lastError FROM task")) ?? []
        let results = (try? sql("SELECT taskId, attempt, nodeId FROM result")) ?? []
        return "tasks (id|job|kind|state|attempts|leasedTo|lastError):\n" + tasks.joined(separator: "\n")
            + "\nresults (task|attempt|node):\n" + results.joined(separator: "\n")
    }

    // MARK: Clients

    /// Runs a client command (`submit`, `status`, …) against this cluster's coordinator, with `HOME` in the test's
    /// folder so that what it caches there (`artifacts get`) goes when the folder does.
    func client(_ arguments: [String], timeout: Duration = .seconds(60)) throws -> CommandOutput {
        try runCommand(
            preindexExecutable, arguments + ["--connect", clientsEndpoint] + clientArguments,
            timeout: min(timeout, remaining), environment: ["HOME": directory])
    }

    /// Writes `json` as a job file and returns its path.
    func writeJob(_ json: String, name: String = "job.json") throws -> String {
        let path = directory + "/" + name
        try Data(json.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    /// Submits the job file at `path` without waiting and returns its id.
    func submit(_ path: String) throws -> String {
        let output = try client(["submit", path, "--json"])
        guard output.status == 0,
            let answer = try JSONSerialization.jsonObject(with: Data(output.stdout.utf8)) as? [String: Any],
            let jobID = answer["jobID"] as? String
        else { throw ClusterTestError("submit failed (\(output.status)): \(output.stderr)\n\(logs)") }
        return jobID
    }

    /// The progress of job `jobID`, from `preindex status JOB --json`.
    func progress(of jobID: String) throws -> JobProgress {
        let output = try client(["status", jobID, "--json"], timeout: .seconds(20))
        guard output.status == 0 else { throw ClusterTestError("status failed (\(output.status)): \(output.stderr)") }
        let report = try JSONDecoder().decode(StatusReport.self, from: Data(output.stdout.utf8))
        guard let job = report.jobs.first(where: { $0.job == jobID }) else {
            throw ClusterTestError("status does not list job \(jobID): \(output.stdout)")
        }
        return job
    }

    /// Waits until no task of job `jobID` is queued or running, and returns its final progress.
    @discardableResult
    func waitForJob(_ jobID: String) throws -> JobProgress {
        var last: JobProgress?
        try PreindexEndToEndTests.waitUntil(
            "job \(jobID) has finished", deadline: deadline, interval: .milliseconds(300),
            context: { "last progress: \(last.map(\.description) ?? "none")\n\(tasks)\n\(logs)" }
        ) {
            // A coordinator restarting or a status timing out is not the end of the job: ask again.
            guard let progress = try? progress(of: jobID) else { return false }
            last = progress
            return progress.total > 0 && progress.queued == 0 && progress.running == 0
        }
        return last!
    }

    /// Waits until `condition` holds or the cluster's deadline passes; the error carries every process's log.
    func waitUntil(_ what: String, interval: Duration = .milliseconds(200), _ condition: () throws -> Bool) throws {
        try PreindexEndToEndTests.waitUntil(what, deadline: deadline, interval: interval, context: { logs }, condition)
    }

    // MARK: Database

    /// The rows `query` selects from the state database, one line each, columns separated by `|` (sqlite3).
    func sql(_ query: String) throws -> [String] {
        let output = try runCommand(
            URL(fileURLWithPath: "/usr/bin/sqlite3"), ["-cmd", ".timeout 5000", database, query], timeout: .seconds(30))
        guard output.status == 0 else { throw ClusterTestError("sqlite3 failed on `\(query)`: \(output.stderr)") }
        return output.stdout.split(separator: "\n").map(String.init)
    }

    /// The one integer `query` selects.
    func sqlCount(_ query: String) throws -> Int {
        guard let line = try sql(query).first, let value = Int(line) else {
            throw ClusterTestError("`\(query)` selected no integer")
        }
        return value
    }
}

/// One job's line of `preindex status --json`.
struct JobProgress: Decodable, CustomStringConvertible {
    var job: String
    var total, queued, running, done, failed: Int
    var description: String { "\(done)/\(total) done, \(running) running, \(queued) queued, \(failed) failed" }
}

/// What `preindex status --json` prints.
struct StatusReport: Decodable {
    var jobs: [JobProgress]
}

/// A step of a cluster test that went wrong, with what was seen.
struct ClusterTestError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

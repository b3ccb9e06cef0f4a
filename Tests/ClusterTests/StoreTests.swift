import Cluster
import Foundation
import TestSupport

/// Fixtures of the Store*Tests suites: each suite conforms and calls them as its own, so they stay out of the
/// test module's global names.
protocol StoreFixtures {}

extension StoreFixtures {
    /// A fixed instant, so that stored dates are deterministic (whole seconds survive SQLite's millisecond dates).
    var epoch: Date { Date(timeIntervalSince1970: 1_800_000_000) }

    /// `seconds` after ``epoch``.
    func at(_ seconds: TimeInterval) -> Date {
        epoch.addingTimeInterval(seconds)
    }

    /// UTF-8 bytes of `text`.
    func bytes(_ text: String) -> Data {
        Data(text.utf8)
    }

    /// `count` no-op tasks; task `i` has payload `{"i":i}` and the content key `keys(i)`.
    func noopTasks(_ count: Int, keys: (Int) -> String? = { _ in nil }) -> [NewTask] {
        (0..<count).map { NewTask(kind: .noop, payload: bytes("{\"i\":\($0)}"), contentKey: keys($0)) }
    }

    /// An energy report of `node`, in region `region` at `intensity` g CO2eq/kWh.
    func report(node: String, joules: Double, region: String = "FR", intensity: Double = 50) -> Wire.EnergyReport {
        Wire.EnergyReport(
            nodeID: node, method: "cpu-time-model", joules: joules, cpuSeconds: 1, wallSeconds: 1, region: region,
            gridIntensity: intensity)
    }

    /// A database in memory holding one job, submitted at ``epoch``, of `count` no-op tasks.
    func databaseWithJob(_ count: Int, keys: (Int) -> String? = { _ in nil }) throws -> (ClusterDatabase, Submission) {
        let database = try ClusterDatabase.inMemory()
        let submission = try database.submit(name: "job", spec: "{}", tasks: noopTasks(count, keys: keys), now: epoch)
        return (database, submission)
    }

    /// A fresh, empty temporary folder; remove it with ``removeFolder(_:)``.
    func makeTemporaryFolder(_ name: String) throws -> String {
        let path = temporaryPath(name)
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    /// Deletes `path` and everything in it.
    func removeFolder(_ path: String) {
        try? FileManager.default.removeItem(atPath: path)
    }
}

import Cluster
import Foundation
import Logging
import Synchronization
import Testing

/// What the service tests share: a quiet logger, no-op jobs, and waiting for a condition with a bound.
protocol ServiceFixtures {}

extension ServiceFixtures {
    /// Long enough for loopback work on a busy machine; a test fails instead of hanging.
    var patience: Duration { .seconds(60) }

    /// A logger that drops everything.
    var quietLogger: Logger { Logger(label: "preindex.tests.service") { _ in SwiftLogNoOpLogHandler() } }

    /// Timings short enough that a dead worker is noticed in well under a second.
    var fastCoordinator: Coordinator.Configuration {
        Coordinator.Configuration(heartbeatInterval: .milliseconds(100), missedHeartbeatLimit: 3)
    }

    /// A worker configuration with heartbeats every 100 ms.
    func fastWorker(threads: Int = 1, prefetch: Int = 2) -> Worker.Configuration {
        Worker.Configuration(
            threads: threads, prefetch: prefetch, region: "DE", heartbeatInterval: .milliseconds(100),
            reconnectInitialDelay: .milliseconds(100))
    }

    /// Submits a job of `count` no-op tasks, numbered in their payloads.
    func submitNoopJob(_ count: Int, to database: ClusterDatabase) throws -> Submission {
        try database.submit(
            name: "noop", spec: "{}",
            tasks: (0..<count).map { NewTask(kind: .noop, payload: Data(#"{"index":\#($0)}"#.utf8)) })
    }

    /// Waits until `condition` holds, checking every few milliseconds; `false` when ``patience`` ran out.
    func eventually(_ condition: () throws -> Bool) rethrows -> Bool {
        let deadline = ContinuousClock.now.advanced(by: patience)
        while ContinuousClock.now < deadline {
            if try condition() { return true }
            Thread.sleep(forTimeInterval: 0.005)
        }
        return try condition()
    }

    /// Waits until job `jobID` is finished; `false` when ``patience`` ran out.
    func jobFinishes(_ jobID: Int64, in database: ClusterDatabase) throws -> Bool {
        try eventually { try database.job(jobID)?.state.isFinished == true }
    }
}

/// A count shared between an executor's threads and a test.
final class Counter: Sendable {
    private let value = Atomic<Int>(0)

    /// Adds one and returns the new count.
    @discardableResult
    func increment() -> Int { value.add(1, ordering: .relaxed).newValue }

    /// The count now.
    var count: Int { value.load(ordering: .relaxed) }
}

import Synchronization

/// Collects the dispatch latencies a coordinator measured (Assign sent → Result received), for benchmarks.
final class DispatchLatencyRecorder: Sendable {
    private let samples = Mutex<[Duration]>([])

    /// Adds `latencies`; the coordinator hands them over when it stops.
    func record(_ latencies: [Duration]) {
        samples.withLock { $0.append(contentsOf: latencies) }
    }

    /// Every latency recorded so far.
    var latencies: [Duration] { samples.withLock { $0 } }
}

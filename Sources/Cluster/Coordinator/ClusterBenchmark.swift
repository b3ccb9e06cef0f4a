import Foundation
import Logging

/// Benchmarks of the cluster's service path, measured in one run against bare ZeroMQ on the same machine.
public enum ClusterBenchmark {
    /// What ``noop(tasks:workers:)`` measured.
    public struct NoopReport: Sendable, Hashable {
        /// Tasks run.
        public var tasks: Int
        /// Workers (and bare DEALER peers).
        public var workers: Int
        /// No-op tasks leased, run and stored per second, from the first lease to the job done in the database.
        public var tasksPerSecond: Double
        /// The median time from an Assign sent to its Result received by the coordinator.
        public var dispatchLatencyP50: Duration
        /// The 99th percentile of the same.
        public var dispatchLatencyP99: Duration
        /// Bare ROUTER/DEALER request–reply round trips per second with as many peers, each waiting for its reply.
        public var bareRoundTripsPerSecond: Double

        /// ``tasksPerSecond`` as a fraction of ``bareRoundTripsPerSecond`` (the target is at least 0.4).
        public var ratio: Double { tasksPerSecond / bareRoundTripsPerSecond }
    }

    /// Runs `tasks` no-op tasks through a coordinator (on a database file in a temporary directory, so commits are
    /// durable) and `workers` workers of one thread on loopback TCP, then as many bare round trips.
    ///
    /// - Throws: ``ZMQError`` or ``StoreError`` when the sockets or the database cannot be set up, or a
    ///   ``StoreError`` when the job did not finish within a minute.
    public static func noop(tasks: Int, workers: Int) throws -> NoopReport {
        precondition(tasks >= 1 && workers >= 1, "a benchmark needs at least 1 task and 1 worker")
        let logger = Logger(label: "preindex.bench.cluster") { _ in SwiftLogNoOpLogHandler() }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("preindex-bench-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let database = try ClusterDatabase(path: directory.appendingPathComponent("bench.sqlite").path)
        let submission = try database.submit(
            name: "bench-noop", spec: "{}",
            tasks: Array(repeating: NewTask(kind: .noop, payload: Data("{}".utf8)), count: tasks))

        let context = try ZMQContext()
        let recorder = DispatchLatencyRecorder()
        let clock = ContinuousClock()
        let start = clock.now
        let coordinator = try Coordinator(
            database: database, endpoint: "tcp://127.0.0.1:*", clientEndpoint: nil, context: context,
            security: .plain(allowingRemotePeers: false), artifacts: nil, configuration: Coordinator.Configuration(),
            logger: logger, latencyRecorder: recorder)
        let fleet = try (0..<workers).map { index in
            try Worker(
                nodeID: "bench-\(index)", endpoint: coordinator.endpoint, context: context,
                configuration: .init(threads: 1, prefetch: 16), logger: logger)
        }
        let deadline = start.advanced(by: .seconds(60))
        while try database.job(submission.jobID)?.state.isFinished != true {
            guard clock.now < deadline else {
                throw StoreError(.database, "the benchmark job of \(tasks) no-op tasks did not finish within 60 s")
            }
            Thread.sleep(forTimeInterval: 0.0005)
        }
        let elapsed = start.duration(to: clock.now)
        for worker in fleet { worker.stop() }
        coordinator.stop()

        let latencies = recorder.latencies.sorted()
        return NoopReport(
            tasks: tasks, workers: workers, tasksPerSecond: Double(tasks) / elapsed.timeInterval,
            dispatchLatencyP50: percentile(0.50, of: latencies), dispatchLatencyP99: percentile(0.99, of: latencies),
            bareRoundTripsPerSecond: try bareRoundTrips(tasks, peers: workers, context: context))
    }

    /// The `fraction` percentile of `sorted` samples (nearest rank), zero when there are none.
    static func percentile(_ fraction: Double, of sorted: [Duration]) -> Duration {
        guard !sorted.isEmpty else { return .zero }
        let rank = Int((fraction * Double(sorted.count)).rounded(.up))
        return sorted[min(max(rank, 1), sorted.count) - 1]
    }

    /// Round trips per second of `count` requests split over `peers` DEALERs echoed by one ROUTER on loopback TCP.
    private static func bareRoundTrips(_ count: Int, peers: Int, context: ZMQContext) throws(ZMQError) -> Double {
        let (echo, endpoint) = try ServiceThread.start(name: "preindex-bench-echo") { service, ready in
            do throws(ZMQError) {
                let router = try Socket(.router, context: context)
                ready(.success(try router.bind(to: "tcp://127.0.0.1:*")))
                while !service.isStopRequested {
                    guard let frames = try router.receive(timeout: .milliseconds(10)) else { continue }
                    try router.send(frames)
                }
            } catch {
                ready(.failure(error))
            }
        }
        defer { echo.stop() }
        let clock = ContinuousClock()
        let start = clock.now
        var clients: [ServiceThread] = []
        for index in 0..<peers {
            let share = count / peers + (index < count % peers ? 1 : 0)
            clients.append(try ServiceThread.start(name: "preindex-bench-peer-\(index)") { _, ready in
                do throws(ZMQError) {
                    let dealer = try Socket(.dealer, context: context)
                    try dealer.set(.receiveTimeout(.seconds(10)))
                    try dealer.connect(to: endpoint)
                    ready(.success(endpoint))
                    let request: [[UInt8]] = [[], Array(repeating: 0, count: 32)]
                    for _ in 0..<share {
                        try dealer.send(request)
                        _ = try dealer.receive()
                    }
                } catch {
                    ready(.failure(error))
                }
            }.thread)
        }
        for client in clients { client.stop() }
        return Double(count) / start.duration(to: clock.now).timeInterval
    }
}

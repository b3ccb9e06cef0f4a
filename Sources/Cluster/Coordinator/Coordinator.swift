import Foundation
import Logging

/// The cluster's coordinator: hands queued tasks of a ``ClusterDatabase`` to workers over a ZeroMQ ROUTER socket
/// and stores their results, exactly once.
///
/// It binds its endpoint when created and serves on a thread of its own until ``stop()``: it registers workers
/// that say Hello, leases them as many tasks as their Ready messages offered slots (one more per Result; a worker offers a failed task's slot again with Ready),
/// commits results in batches (up to ``Configuration/resultBatchLimit`` per transaction, none waiting longer than
/// ``Configuration/resultBatchWindow``), requeues failed tasks while attempts remain, exchanges heartbeats, releases
/// the leases of a worker silent for ``Configuration/missedHeartbeatLimit`` intervals and puts expired leases back in
/// the queue. Anything it cannot decode or does not expect is answered with a Wire Error and logged; it keeps
/// serving. Tasks enter through the database (``ClusterDatabase/submit(name:spec:tasks:useCache:now:)``), even
/// while it runs.
public final class Coordinator: Sendable {
    /// The endpoint bound, with the port chosen when the requested one was `*`.
    public let endpoint: String
    private let thread: ServiceThread

    /// Binds `endpoint` and starts serving.
    ///
    /// - Parameters:
    ///   - database: The store of jobs, tasks and results.
    ///   - endpoint: Where workers connect: `tcp://127.0.0.1:*` (any free port), `tcp://host:port` or `inproc://name`.
    ///   - context: The ZeroMQ context; `inproc://` workers must share it.
    ///   - configuration: Timings and batching.
    ///   - logger: Where the coordinator reports workers joining and leaving and every rejected message.
    /// - Throws: ``ZMQError`` when the endpoint cannot be bound (taken, malformed).
    public convenience init(
        database: ClusterDatabase, endpoint: String, context: ZMQContext, configuration: Configuration = Configuration(),
        logger: Logger
    ) throws(ZMQError) {
        try self.init(
            database: database, endpoint: endpoint, context: context, configuration: configuration, logger: logger,
            latencyRecorder: nil)
    }

    /// Binds `endpoint` and starts serving, recording dispatch latencies into `latencyRecorder` when given.
    init(
        database: ClusterDatabase, endpoint: String, context: ZMQContext, configuration: Configuration, logger: Logger,
        latencyRecorder: DispatchLatencyRecorder?
    ) throws(ZMQError) {
        let (thread, bound) = try ServiceThread.start(name: "preindex-coordinator") { service, ready in
            do throws(ZMQError) {
                let socket = try Socket(.router, context: context)
                try socket.set(.routerMandatory(true))
                try socket.set(.maximumMessageSize(Wire.maximumMessageSize + 4096))
                try socket.set(.sendTimeout(.seconds(1)))
                ready(.success(try socket.bind(to: endpoint)))
                CoordinatorLoop(
                    database: database, configuration: configuration, logger: logger, latencyRecorder: latencyRecorder
                ).run(socket, until: service)
            } catch {
                ready(.failure(error))
            }
        }
        self.thread = thread
        self.endpoint = bound
        logger.info("Coordinator serving", metadata: ["endpoint": "\(bound)"])
    }

    deinit {
        thread.stop()
    }

    /// Stops serving: commits the results received, tells connected workers it is leaving, closes the socket and
    /// returns once its thread has ended. Leases stay in the database and come back when they expire.
    public func stop() {
        thread.stop()
    }
}

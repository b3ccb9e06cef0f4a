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
/// serving. Tasks enter through the database (``ClusterDatabase/submit(name:spec:tasks:useCache:kind:parentJobID:now:)``), even
/// while it runs.
public final class Coordinator: Sendable {
    /// The endpoint bound for workers, with the port chosen when the requested one was `*`.
    public let endpoint: String
    /// The endpoint bound for clients (`submit`, `status`, `ranking`), or ``endpoint`` when they share it.
    public let clientEndpoint: String
    /// The endpoint serving `GET /metrics` (`tcp://127.0.0.1:9464`, the port chosen for `*`), or `nil` when off.
    public let metricsEndpoint: String?
    private let thread: ServiceThread
    private let authenticator: ZAPHandler?

    /// Binds the endpoints and starts serving.
    ///
    /// - Parameters:
    ///   - database: The store of jobs, tasks, results and artifacts.
    ///   - endpoint: Where workers connect: `tcp://127.0.0.1:*` (any free port), `tcp://host:port` or `inproc://name`.
    ///   - clientEndpoint: Where clients connect; `nil` serves them on `endpoint` too.
    ///   - context: The ZeroMQ context; `inproc://` peers must share it.
    ///   - security: CURVE keys, or plain; a plain coordinator binds only loopback endpoints unless it allows remote
    ///     peers (`--insecure`).
    ///   - artifacts: Where uploaded and registered artifacts (model files) are kept.
    ///   - configuration: Timings and batching.
    ///   - metrics: Where to serve Prometheus metrics over HTTP (`GET /metrics`); `nil` serves none.
    ///   - logger: Where the coordinator reports workers joining and leaving, jobs, and every rejected message.
    /// - Throws: ``InsecureEndpointError`` for a non-loopback endpoint without CURVE; ``ZMQError`` when an endpoint
    ///   cannot be bound (taken, malformed).
    public convenience init(
        database: ClusterDatabase, endpoint: String, clientEndpoint: String? = nil, context: ZMQContext,
        security: ServerSecurity = .plain(allowingRemotePeers: false), artifacts: ArtifactCache? = nil,
        configuration: Configuration = Configuration(), metrics: MetricsEndpoint? = nil, logger: Logger
    ) throws {
        try self.init(
            database: database, endpoint: endpoint, clientEndpoint: clientEndpoint, context: context, security: security,
            artifacts: artifacts, configuration: configuration, metrics: metrics, logger: logger, latencyRecorder: nil)
    }

    /// Binds the endpoints and starts serving, recording dispatch latencies into `latencyRecorder` when given.
    init(
        database: ClusterDatabase, endpoint: String, clientEndpoint: String?, context: ZMQContext,
        security: ServerSecurity, artifacts: ArtifactCache?, configuration: Configuration, metrics: MetricsEndpoint? = nil,
        logger: Logger, latencyRecorder: DispatchLatencyRecorder?
    ) throws {
        try security.check(bindable: endpoint)
        if let clientEndpoint { try security.check(bindable: clientEndpoint) }
        let cache = try artifacts ?? ArtifactCache(directory: Self.artifactDirectory(beside: database))
        if case .curve(_, let keys) = security {
            authenticator = try ZAPHandler(context: context, authorizedKeys: keys, logger: logger)
        } else {
            authenticator = nil
        }
        let sharedClientEndpoint = "inproc://preindex-coordinator-clients-\(UUID().uuidString)"
        let (thread, bound) = try ServiceThread.start(name: "preindex-coordinator") { service, ready in
            do throws(ZMQError) {
                let workers = try Self.makeRouter(context: context, security: security)
                let clients = try Self.makeRouter(context: context, security: security)
                let workerEndpoint = try workers.bind(to: endpoint)
                let clientBound = try clients.bind(to: clientEndpoint ?? sharedClientEndpoint)
                let metricsServer = try metrics.map { (metrics) throws(ZMQError) in
                    try MetricsHTTPServer(endpoint: metrics.endpoint, context: context, logger: logger)
                }
                ready(.success([workerEndpoint, clientBound, metricsServer?.endpoint ?? ""].joined(separator: "\n")))
                CoordinatorLoop(
                    database: database, artifactCache: cache, configuration: configuration, logger: logger,
                    latencyRecorder: latencyRecorder, metrics: metrics == nil ? nil : CoordinatorMetrics()
                ).run(
                    workers: workers, clients: clients, clientRoles: clientEndpoint == nil ? [.workers, .clients] : .clients,
                    metricsServer: metricsServer, until: service)
            } catch {
                ready(.failure(error))
            }
        }
        let endpoints = bound.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        self.thread = thread
        self.endpoint = endpoints[0]
        self.clientEndpoint = clientEndpoint == nil ? endpoints[0] : endpoints[1]
        self.metricsEndpoint = endpoints[2].isEmpty ? nil : endpoints[2]
        logger.info(
            "Coordinator serving",
            metadata: [
                "workers": "\(self.endpoint)", "clients": "\(self.clientEndpoint)",
                "metrics": "\(self.metricsEndpoint.map { "http://" + $0.dropFirst("tcp://".count) + "/metrics" } ?? "off")",
            ])
    }

    deinit {
        thread.stop()
        authenticator?.stop()
    }

    /// Stops serving: commits the results received, tells connected workers it is leaving, closes the sockets and
    /// returns once its thread has ended. Leases stay in the database and come back when they expire.
    public func stop() {
        thread.stop()
        authenticator?.stop()
    }

    /// A ROUTER socket as the coordinator serves on: mandatory routing, size limit, CURVE when configured.
    private static func makeRouter(context: ZMQContext, security: ServerSecurity) throws(ZMQError) -> Socket {
        let socket = try Socket(.router, context: context)
        try socket.set(.routerMandatory(true))
        try socket.set(.maximumMessageSize(Wire.maximumMessageSize + 4096))
        try socket.set(.sendTimeout(.seconds(1)))
        try security.configure(socket)
        return socket
    }

    /// The artifact directory used unless another is given: `<database>.artifacts` beside the database file, or a
    /// temporary directory for an in-memory database.
    static func artifactDirectory(beside database: ClusterDatabase) -> String {
        if let path = database.path { return path + ".artifacts" }
        return FileManager.default.temporaryDirectory.appendingPathComponent("preindex-artifacts-\(UUID())").path
    }
}

import Foundation
import Logging

/// The coordinator's run loop and its state; lives on the coordinator's thread, next to the socket it serves.
///
/// Each turn receives every message waiting (up to a bound), then commits the result batch when it is full or old
/// enough, leases tasks to workers with free slots, sends due heartbeats, releases dead workers and expires leases.
final class CoordinatorLoop {
    typealias Instant = ContinuousClock.Instant
    /// A peer's route on the ROUTER socket: its identity frame.
    typealias Peer = [[UInt8]]

    /// Which messages a socket takes: the worker endpoint's, the client endpoint's, or both on one endpoint.
    struct Roles: OptionSet {
        let rawValue: Int
        static let workers = Roles(rawValue: 1)
        static let clients = Roles(rawValue: 2)
    }

    let database: ClusterDatabase
    let jobs: JobService
    let artifacts: ArtifactService
    let ranking: RankingService
    let configuration: Coordinator.Configuration
    let logger: Logger
    let clock = ContinuousClock()
    let lease: LeaseClock<Instant>

    /// The connected workers (read by the worker table in `CoordinatorLoop+Workers.swift`).
    var sessions: [Peer: WorkerSession] = [:]
    /// Workers declared dead, by node, until they join again or ``lostWorkerRetention`` passes.
    var lostWorkers: [String: WorkerSession] = [:]
    /// The metrics the `/metrics` endpoint shows; `nil` when it is off.
    let metrics: CoordinatorMetrics?
    var peerOfNode: [String: Peer] = [:]
    var liveness: PeerLiveness<Peer, Instant>
    /// Results received and not yet committed, and when the oldest arrived.
    var pending: [Completion] = []
    var oldestPending: Instant?
    /// When the queue may next hold tasks: now after a requeue, otherwise one poll interval after it ran dry.
    var nextQueueCheck: Instant
    var nextLeaseExpiry: Instant
    /// How long a worker declared dead stays in the worker table as lost (a restarted worker often comes back under
    /// another node identifier).
    static let lostWorkerRetention: Duration = .seconds(3600)
    /// The most messages handled in one turn before timers get their turn.
    private let messagesPerTurn = 1024
    /// Where dispatch latencies go when measured: the time from an Assign sent to its Result received.
    let latencyRecorder: DispatchLatencyRecorder?
    var assignedAt: [String: Instant] = [:]
    var latencies: [Duration] = []
    /// What each running task last reported with its worker's heartbeats, by task identifier.
    var taskProgress: [String: Wire.TaskProgress] = [:]
    /// The job of each train task leased: when its result is committed the job gets its next tasks.
    var trainTasks: [Int64: Int64] = [:]

    init(
        database: ClusterDatabase, artifactCache: ArtifactCache, configuration: Coordinator.Configuration,
        logger: Logger, latencyRecorder: DispatchLatencyRecorder? = nil, metrics: CoordinatorMetrics? = nil
    ) {
        self.latencyRecorder = latencyRecorder
        self.metrics = metrics
        self.database = database
        self.artifacts = ArtifactService(database: database, cache: artifactCache)
        self.jobs = JobService(database: database, artifacts: artifacts, logger: logger)
        self.ranking = RankingService(database: database)
        self.configuration = configuration
        self.logger = logger
        self.lease = LeaseClock(duration: configuration.leaseDuration)
        self.liveness = PeerLiveness(schedule: configuration.schedule)
        let now = clock.now
        self.nextQueueCheck = now
        self.nextLeaseExpiry = now
    }

    /// Serves workers on `workers` and clients on `clients` until `service` is asked to stop or the context shuts
    /// down, then commits what is pending and says goodbye to the workers. `clientRoles` is `[.workers, .clients]`
    /// when both share one endpoint. `metricsServer`, when given, answers `GET /metrics` from the same loop.
    func run(
        workers: borrowing Socket, clients: borrowing Socket, clientRoles: Roles = .clients,
        metricsServer: MetricsHTTPServer? = nil, until service: ServiceThread
    ) {
        jobs.advanceAll()
        rememberOpenTrainTasks()
        let workerRoles: Roles = clientRoles.contains(.workers) ? [.workers, .clients] : .workers
        var items = [workers.pollItem(.readable), clients.pollItem(.readable)]
        if let metricsServer { items.append(metricsServer.pollItem) }
        while !service.isStopRequested {
            do {
                let ready = try Socket.poll(items, timeout: pollTimeout(at: clock.now))
                if ready[0].contains(.readable) { try drain(workers, roles: workerRoles) }
                if ready[1].contains(.readable) { try drain(clients, roles: clientRoles) }
                if let metricsServer, ready[2].contains(.readable) {
                    let now = clock.now
                    try metricsServer.serve(at: now) { metricsExposition(at: now) }
                }
            } catch .contextTerminated {
                logger.info("Coordinator stopping: its ZeroMQ context was shut down")
                break
            } catch {
                logger.error("Coordinator could not receive: \(error)")
            }
            let now = clock.now
            flushIfDue(at: now)
            assignTasks(on: workers, at: now)
            sendHeartbeats(on: workers, at: now)
            releaseDeadWorkers(at: now)
            expireLeasesIfDue(at: now)
            metricsServer?.closeStale(at: now)
        }
        flush()
        latencyRecorder?.record(latencies)
        for (peer, session) in sessions {
            send(.disconnect(.init(reason: "the coordinator is stopping")), to: peer, on: workers)
            logger.debug("Said goodbye", metadata: ["node": "\(session.nodeID)"])
        }
    }

    /// Handles the messages waiting on `socket`, up to a bound so that timers get their turn.
    private func drain(_ socket: borrowing Socket, roles: Roles) throws(ZMQError) {
        var handled = 0
        while handled < messagesPerTurn, let frames = try socket.receive(timeout: .zero) {
            handle(frames, on: socket, roles: roles)
            handled += 1
        }
    }

    /// How long the next receive may wait: a poll interval, less when a result batch is due sooner.
    private func pollTimeout(at now: Instant) -> Duration {
        guard let oldestPending else { return configuration.pollInterval }
        let due = oldestPending.advanced(by: configuration.resultBatchWindow)
        return now < due ? min(configuration.pollInterval, now.duration(to: due)) : .zero
    }

    // MARK: Sending

    /// Answers `peer` with `reply` and logs why.
    func reject(_ reply: Wire.ErrorReply, to peer: Peer, on socket: borrowing Socket) {
        logger.warning("Rejected a message: \(reply.message)", metadata: ["code": "\(reply.code.rawValue)"])
        guard !peer.isEmpty else { return }
        send(.error(reply), to: peer, on: socket)
    }

    /// Sends `body` to `peer`; a peer that is gone or cannot take it is logged, never fatal.
    func send(_ body: Wire.Envelope.Body, to peer: Peer, on socket: borrowing Socket) {
        do {
            let payload = try Wire.Envelope(body).encoded()
            try socket.send(RoutedMessage(route: peer, payload: payload).frames)
            sessions[peer]?.schedule.recordSent(at: clock.now)
        } catch {
            logger.warning("Could not send \(body.name) to a peer: \(error)")
        }
    }
}

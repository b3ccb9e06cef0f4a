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

    private let database: ClusterDatabase
    let jobs: JobService
    private let artifacts: ArtifactService
    private let ranking: RankingService
    private let configuration: Coordinator.Configuration
    private let logger: Logger
    let clock = ContinuousClock()
    private let lease: LeaseClock<Instant>

    /// The connected workers (read by the worker table in `CoordinatorLoop+Workers.swift`).
    var sessions: [Peer: WorkerSession] = [:]
    /// Workers declared dead, by node, until they join again or ``lostWorkerRetention`` passes.
    var lostWorkers: [String: WorkerSession] = [:]
    /// The metrics the `/metrics` endpoint shows; `nil` when it is off.
    let metrics: CoordinatorMetrics?
    private var peerOfNode: [String: Peer] = [:]
    private var liveness: PeerLiveness<Peer, Instant>
    /// Results received and not yet committed, and when the oldest arrived.
    private var pending: [Completion] = []
    private var oldestPending: Instant?
    /// When the queue may next hold tasks: now after a requeue, otherwise one poll interval after it ran dry.
    private var nextQueueCheck: Instant
    private var nextLeaseExpiry: Instant
    /// How long a worker declared dead stays in the worker table as lost (a restarted worker often comes back under
    /// another node identifier).
    static let lostWorkerRetention: Duration = .seconds(3600)
    /// The most messages handled in one turn before timers get their turn.
    private let messagesPerTurn = 1024
    /// Where dispatch latencies go when measured: the time from an Assign sent to its Result received.
    private let latencyRecorder: DispatchLatencyRecorder?
    private var assignedAt: [String: Instant] = [:]
    private var latencies: [Duration] = []
    /// What each running task last reported with its worker's heartbeats, by task identifier.
    private var taskProgress: [String: Wire.TaskProgress] = [:]
    /// The job of each train task leased: when its result is committed the job gets its next tasks.
    private var trainTasks: [Int64: Int64] = [:]

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

    // MARK: Messages

    /// Decodes one received message and serves it; anything undecodable or unexpected gets an Error reply.
    private func handle(_ frames: [[UInt8]], on socket: borrowing Socket, roles: Roles) {
        let message: RoutedMessage
        let envelope: Wire.Envelope
        do {
            message = try RoutedMessage(frames: frames)
        } catch {
            // A ROUTER puts the sender's identity first, whatever else the frames hold.
            reject(Wire.ErrorReply(error), to: Array(frames.prefix(1)), on: socket)
            return
        }
        do {
            envelope = try Wire.Envelope(decoding: message.payload)
        } catch {
            reject(Wire.ErrorReply(error), to: message.route, on: socket)
            return
        }
        let peer = message.route
        let now = clock.now
        switch envelope.body {
        case .artifactRequest(let request):
            send(artifacts.answer(request), to: peer, on: socket)
            return
        case .artifactUpload(let upload):
            if let refusal = artifacts.receive(upload) { reject(refusal, to: peer, on: socket) }
            return
        case .error(let reply):
            logger.warning(
                "A peer reported an error", metadata: ["code": "\(reply.code.rawValue)", "message": "\(reply.message)"])
            return
        case .submit(let submit) where roles.contains(.clients):
            send(jobs.submit(submit), to: peer, on: socket)
            return
        case .statusQuery(let query) where roles.contains(.clients):
            send(withWorkerTable(jobs.status(query), at: now), to: peer, on: socket)
            return
        case .artifactListQuery(let query) where roles.contains(.clients):
            send(artifacts.answer(query), to: peer, on: socket)
            return
        case .rankingQuery(let query) where roles.contains(.clients):
            send(ranking.answer(query, progress: taskProgress), to: peer, on: socket)
            return
        case .cancel(let cancel) where roles.contains(.clients):
            send(jobs.cancel(cancel), to: peer, on: socket)
            return
        default:
            break
        }
        guard roles.contains(.workers) else {
            reject(
                Wire.ErrorReply(
                    code: .rejected,
                    message: "The coordinator's client endpoint does not take \(envelope.body.name) messages; expected "
                        + "Submit, StatusQuery, RankingQuery, Cancel, ArtifactListQuery, ArtifactUpload or ArtifactRequest"),
                to: peer, on: socket)
            return
        }
        if sessions[peer] != nil {
            liveness.heard(from: peer, at: now)
            sessions[peer]!.lastHeard = now
            renewLeasesIfDue(of: peer, at: now)
        }
        switch envelope.body {
        case .hello(let hello):
            register(hello, from: peer, at: now)
        case .ready(let ready):
            withSession(of: peer, for: envelope.body, on: socket) { session in
                session.freeSlots = min(
                    configuration.maximumSlotsPerWorker, session.freeSlots + Int(ready.freeSlots))
            }
        case .heartbeat(let heartbeat):
            withSession(of: peer, for: envelope.body, on: socket) { session in
                if heartbeat.draining { session.draining = true }
            }
            record(heartbeat.progress)
        case .result(let result):
            receive(result, from: peer, on: socket, at: now)
        case .failure(let failure):
            receive(failure, from: peer, on: socket, at: now)
        case .disconnect(let disconnect):
            endSession(of: peer, because: "it disconnected: \(disconnect.reason)")
        default:
            reject(
                Wire.ErrorReply(
                    code: .rejected,
                    message: "The coordinator's worker endpoint does not take \(envelope.body.name) messages; "
                        + "expected Hello, Ready, Heartbeat, Result, Failure, Disconnect, ArtifactRequest or ArtifactUpload"),
                to: peer, on: socket)
        }
    }

    /// Starts a session for a worker; a session of the same node under another identity (it reconnected) ends.
    private func register(_ hello: Wire.Hello, from peer: Peer, at now: Instant) {
        if let previous = peerOfNode[hello.nodeID], previous != peer {
            endSession(of: previous, because: "it joined again under a new connection")
        } else if peerOfNode[hello.nodeID] == nil {
            releaseEarlierLeases(of: hello.nodeID)
        }
        do {
            try database.registerNode(
                NodeRecord(id: hello.nodeID, region: hello.region, threads: Int(hello.threads), lastSeen: Date()))
        } catch {
            logger.error("Could not register node \(hello.nodeID): \(error)")
        }
        lostWorkers[hello.nodeID] = nil
        if sessions[peer] == nil {
            sessions[peer] = WorkerSession(
                hello: hello, schedule: configuration.schedule,
                leaseRenewalDue: lease.renewalDue(expiry: lease.expiry(grantedAt: now)), now: now)
            peerOfNode[hello.nodeID] = peer
            logger.info(
                "Worker joined",
                metadata: ["node": "\(hello.nodeID)", "threads": "\(hello.threads)", "region": "\(hello.region)"])
        }
        liveness.heard(from: peer, at: now)
    }

    /// Runs `body` on the session of `peer`, or answers that the peer must say Hello first.
    private func withSession(
        of peer: Peer, for body: Wire.Envelope.Body, on socket: borrowing Socket, _ update: (inout WorkerSession) -> Void
    ) {
        guard sessions[peer] != nil else {
            reject(
                Wire.ErrorReply(
                    code: .rejected,
                    message: "The coordinator has no session for this connection (it never said Hello, or was "
                        + "declared dead); send Hello before \(body.name)"),
                to: peer, on: socket)
            return
        }
        update(&sessions[peer]!)
    }

    /// Keeps what running tasks reported, and records the energy each attempt used so far: an attempt lost before
    /// it reports a result still counts what it spent.
    private func record(_ progress: [Wire.TaskProgress]) {
        for entry in progress {
            taskProgress[entry.taskID] = entry
            guard let taskID = Int64(entry.taskID) else { continue }
            do {
                try database.recordProgress(taskID: taskID, attempt: Int(entry.attempt), energy: entry.energy)
            } catch {
                logger.warning("Could not record the progress of task \(entry.taskID): \(error)")
            }
        }
    }

    /// Queues a result for the next batch commit; its slot is free again.
    private func receive(_ result: Wire.Result, from peer: Peer, on socket: borrowing Socket, at now: Instant) {
        guard let session = sessions[peer] else {
            withSession(of: peer, for: .result(result), on: socket) { _ in }
            return
        }
        sessions[peer]!.freeSlots += 1
        taskProgress[result.taskID] = nil
        if let running = sessions[peer]!.running.removeValue(forKey: result.taskID) {
            metrics?.recordTaskDuration(running.assignedAt.duration(to: now), kind: running.kind.rawValue)
        }
        if latencyRecorder != nil, let sent = assignedAt.removeValue(forKey: result.taskID) {
            latencies.append(sent.duration(to: now))
        }
        guard let taskID = Int64(result.taskID) else {
            reject(badTaskID(result.taskID, in: "Result"), to: peer, on: socket)
            return
        }
        let energy = result.energy.method == ResultPayload.unmeasuredMethod ? nil : result.energy
        pending.append(
            Completion(
                taskID: taskID, attempt: Int(result.attempt), nodeID: session.nodeID, payload: Data(result.resultJSON),
                energy: energy))
        if oldestPending == nil { oldestPending = now }
        if pending.count >= configuration.resultBatchLimit { flush() }
    }

    /// Records a failed attempt at once: the task is requeued while it has attempts left.
    ///
    /// Unlike a Result, a Failure frees no slot: a worker handing tasks back as it stops wants no more, and one that
    /// does says so with Ready.
    private func receive(_ failure: Wire.Failure, from peer: Peer, on socket: borrowing Socket, at now: Instant) {
        guard let session = sessions[peer] else {
            withSession(of: peer, for: .failure(failure), on: socket) { _ in }
            return
        }
        sessions[peer]!.running[failure.taskID] = nil
        guard let taskID = Int64(failure.taskID) else {
            reject(badTaskID(failure.taskID, in: "Failure"), to: peer, on: socket)
            return
        }
        do {
            let outcome = try database.fail(
                taskID: taskID, attempt: Int(failure.attempt), error: failure.message, retryable: failure.retryable,
                energy: failure.energy)
            if outcome == .requeued { nextQueueCheck = now }
            logger.debug(
                "Task failed",
                metadata: [
                    "task": "\(taskID)", "node": "\(session.nodeID)", "outcome": "\(outcome)",
                    "message": "\(failure.message)",
                ])
        } catch {
            logger.warning("Could not record the failure of task \(taskID) from node \(session.nodeID): \(error)")
            reject(Wire.ErrorReply(code: .notFound, message: error.message), to: peer, on: socket)
        }
    }

    private func badTaskID(_ id: String, in message: String) -> Wire.ErrorReply {
        Wire.ErrorReply(
            code: .malformed, message: "\(message) names task \"\(id)\", which is not a task identifier (an integer)")
    }

    // MARK: Timers

    /// Commits the pending results when the batch is full or its oldest result waited a batch window.
    private func flushIfDue(at now: Instant) {
        guard let oldestPending else { return }
        if pending.count >= configuration.resultBatchLimit
            || now >= oldestPending.advanced(by: configuration.resultBatchWindow)
        {
            flush()
        }
    }

    /// Commits the pending results in one transaction.
    private func flush() {
        guard !pending.isEmpty else { return }
        defer {
            pending.removeAll(keepingCapacity: true)
            oldestPending = nil
        }
        var outcomes: [Completion.Outcome] = []
        do {
            outcomes = try database.complete(pending)
            let ignored = outcomes.filter { $0 != .stored }.count
            if ignored > 0 {
                logger.debug("Ignored \(ignored) of \(outcomes.count) results (duplicate, stale or unknown)")
            }
        } catch {
            // A batch is refused whole only for a malformed energy report: store the others one by one.
            logger.warning("Could not commit \(pending.count) results at once (\(error)); committing them one by one")
            outcomes = pending.map { completion in
                do {
                    return try database.complete([completion])[0]
                } catch {
                    logger.warning("Dropped the result of task \(completion.taskID): \(error)")
                    return .stale
                }
            }
        }
        // Only a stored result gives a job its trained model: a stale one (an earlier attempt finishing late) must
        // not use up the train task's entry before the attempt that holds the task reports.
        var trainedJobs: Set<Int64> = []
        for (completion, outcome) in zip(pending, outcomes) where outcome == .stored || outcome == .duplicate {
            if let job = trainTasks.removeValue(forKey: completion.taskID), outcome == .stored { trainedJobs.insert(job) }
        }
        advance(trainedJobs)
    }

    /// Notes the open train tasks of every job, leased by an earlier run of the coordinator or queued, so that their
    /// results advance their jobs whenever they come.
    private func rememberOpenTrainTasks() {
        do {
            for job in try database.jobs() where job.state != .cancelled {
                for task in try database.tasks(ofJob: job.id!) where task.kind == .train && task.state != .done {
                    trainTasks[task.id!] = job.id!
                }
            }
        } catch {
            logger.error("Could not list the open train tasks: \(error)")
        }
    }

    /// Gives `jobIDs` the tasks their newly trained models made ready.
    private func advance(_ jobIDs: Set<Int64>) {
        for jobID in jobIDs {
            do {
                try jobs.advance(job: jobID)
                nextQueueCheck = clock.now
            } catch {
                logger.error("Could not add the next tasks of job \(jobID): \(error)")
            }
        }
    }

    /// Leases tasks to every worker with free slots and sends them; skipped while the queue is known to be empty.
    private func assignTasks(on socket: borrowing Socket, at now: Instant) {
        guard now >= nextQueueCheck else { return }
        // The nodes with a session: tasks placed on one of them wait for it.
        let liveNodes = Set(sessions.values.map(\.nodeID))
        var ranShort = false
        for peer in Array(sessions.keys) {
            guard let session = sessions[peer], session.freeSlots > 0 else { continue }
            let tasks: [TaskRecord]
            do {
                tasks = try database.leaseNext(
                    for: session.nodeID, count: session.freeSlots, leaseDuration: configuration.leaseDuration.timeInterval,
                    liveNodes: liveNodes)
            } catch {
                logger.error("Could not lease tasks to node \(session.nodeID): \(error)")
                return
            }
            sessions[peer]!.freeSlots -= tasks.count
            for task in tasks {
                let assign = Wire.Assign(
                    taskID: String(task.id!), attempt: UInt32(clamping: task.attempts),
                    taskJSON: PlanService.payload(toAssign: task, database: database),
                    leaseMilliseconds: UInt64(configuration.leaseDuration.timeInterval * 1000))
                if latencyRecorder != nil { assignedAt[assign.taskID] = clock.now }
                if task.kind == .train { trainTasks[task.id!] = task.jobID }
                sessions[peer]!.running[assign.taskID] = .init(assignedAt: now, kind: task.kind)
                send(.assign(assign), to: peer, on: socket)
            }
            // The queue ran short for this node; others may still get tasks placed on them.
            if tasks.count < session.freeSlots { ranShort = true }
        }
        if ranShort { nextQueueCheck = now.advanced(by: configuration.queuePollInterval) }
    }

    /// Sends a heartbeat to every worker that was sent nothing for an interval.
    private func sendHeartbeats(on socket: borrowing Socket, at now: Instant) {
        for (peer, session) in sessions where session.schedule.isSendDue(at: now) {
            sessions[peer]!.heartbeatSequence += 1
            send(.heartbeat(.init(sequence: sessions[peer]!.heartbeatSequence)), to: peer, on: socket)
        }
    }

    /// Ends the session of every worker silent for the missed-heartbeat limit; it stays in the worker table as lost
    /// for ``lostWorkerRetention``.
    private func releaseDeadWorkers(at now: Instant) {
        if !lostWorkers.isEmpty {
            lostWorkers = lostWorkers.filter { $0.value.lastHeard.duration(to: now) < Self.lostWorkerRetention }
        }
        for peer in liveness.removeDeadPeers(at: now) {
            if let session = sessions[peer] { lostWorkers[session.nodeID] = session }
            endSession(
                of: peer,
                because: "it missed \(configuration.missedHeartbeatLimit) heartbeats of \(configuration.heartbeatInterval)")
        }
    }

    /// Renews the leases of `peer`'s node when half their duration has passed since the last renewal.
    private func renewLeasesIfDue(of peer: Peer, at now: Instant) {
        guard let session = sessions[peer], now >= session.leaseRenewalDue else { return }
        sessions[peer]!.leaseRenewalDue = lease.renewalDue(expiry: lease.expiry(grantedAt: now))
        do {
            try database.renewLeases(of: session.nodeID, leaseDuration: configuration.leaseDuration.timeInterval)
        } catch {
            logger.error("Could not renew the leases of node \(session.nodeID): \(error)")
        }
    }

    /// Puts expired leases back in the queue, once per lease-expiry interval.
    private func expireLeasesIfDue(at now: Instant) {
        guard now >= nextLeaseExpiry else { return }
        nextLeaseExpiry = now.advanced(by: configuration.leaseExpiryInterval)
        flush()
        do {
            let expired = try database.expireLeases()
            if !expired.isEmpty {
                logger.info("Put \(expired.count) tasks with expired leases back in the queue")
                nextQueueCheck = now
            }
        } catch {
            logger.error("Could not expire leases: \(error)")
        }
    }

    /// Puts back in the queue the tasks stored as leased to `node` although it has no session here: leases granted by
    /// a previous run of the coordinator, whose Assign or Result may have been lost with it. Without this the node's
    /// heartbeats would renew them forever. A result of such a task still arriving is stored unless the task was leased
    /// again meanwhile.
    private func releaseEarlierLeases(of node: String) {
        do {
            let released = try database.releaseLeases(of: node)
            guard !released.isEmpty else { return }
            logger.info(
                "Worker joined holding leases of an earlier connection; they go back in the queue",
                metadata: ["node": "\(node)", "released": "\(released.count)"])
            nextQueueCheck = clock.now
        } catch {
            logger.error("Could not release the earlier leases of node \(node): \(error)")
        }
    }

    /// Forgets `peer` and releases its node's leases, after committing the results it sent.
    private func endSession(of peer: Peer, because reason: String) {
        guard let session = sessions.removeValue(forKey: peer) else { return }
        liveness.forget(peer)
        if peerOfNode[session.nodeID] == peer { peerOfNode[session.nodeID] = nil }
        flush()
        do {
            let released = try database.releaseLeases(of: session.nodeID)
            logger.info(
                "Worker left: \(reason)", metadata: ["node": "\(session.nodeID)", "released": "\(released.count)"])
            if !released.isEmpty { nextQueueCheck = clock.now }
        } catch {
            logger.error("Could not release the leases of node \(session.nodeID): \(error)")
        }
    }

    // MARK: Sending

    /// Answers `peer` with `reply` and logs why.
    private func reject(_ reply: Wire.ErrorReply, to peer: Peer, on socket: borrowing Socket) {
        logger.warning("Rejected a message: \(reply.message)", metadata: ["code": "\(reply.code.rawValue)"])
        guard !peer.isEmpty else { return }
        send(.error(reply), to: peer, on: socket)
    }

    /// Sends `body` to `peer`; a peer that is gone or cannot take it is logged, never fatal.
    private func send(_ body: Wire.Envelope.Body, to peer: Peer, on socket: borrowing Socket) {
        do {
            let payload = try Wire.Envelope(body).encoded()
            try socket.send(RoutedMessage(route: peer, payload: payload).frames)
            sessions[peer]?.schedule.recordSent(at: clock.now)
        } catch {
            logger.warning("Could not send \(body.name) to a peer: \(error)")
        }
    }
}

import Foundation
import Logging

/// A worker's run loop: one connection to the coordinator at a time, reconnecting with backoff when it goes
/// silent. Lives on the worker's thread with its sockets.
final class WorkerLoop {
    typealias Instant = ContinuousClock.Instant

    /// Why a connection ended.
    private enum Ending {
        /// The worker was asked to stop.
        case stopped
        /// The coordinator went silent or said it is leaving: connect again.
        case lost
    }

    private let nodeID: String
    private let endpoint: String
    private let context: ZMQContext
    private let security: ClientSecurity
    private let configuration: Worker.Configuration
    private let queue: TaskQueue
    private let progress: TaskProgressBoard
    private let logger: Logger
    private let clock = ContinuousClock()
    private var backoff: ReconnectBackoff
    private var schedule: HeartbeatSchedule<Instant>
    private var heartbeatSequence: UInt64 = 0
    private var lastHeard: Instant

    init(
        nodeID: String, endpoint: String, context: ZMQContext, security: ClientSecurity,
        configuration: Worker.Configuration, queue: TaskQueue, progress: TaskProgressBoard, logger: Logger
    ) {
        self.progress = progress
        self.security = security
        self.nodeID = nodeID
        self.endpoint = endpoint
        self.context = context
        self.configuration = configuration
        self.queue = queue
        self.logger = logger
        self.backoff = ReconnectBackoff(
            initialDelay: configuration.reconnectInitialDelay, maximumDelay: configuration.reconnectMaximumDelay)
        self.schedule = HeartbeatSchedule(
            interval: configuration.heartbeatInterval, missedLimit: configuration.missedHeartbeatLimit)
        self.lastHeard = clock.now
    }

    /// Serves until `service` is asked to stop; `handsBack` says then whether to hand work back and say goodbye.
    func run(results: borrowing Socket, until service: ServiceThread, handsBack: () -> Bool) {
        while true {
            let ending: Ending
            do {
                ending = try connection(results: results, until: service, handsBack: handsBack)
            } catch .contextTerminated {
                return
            } catch {
                logger.error("Worker \(nodeID) lost its connection: \(error)")
                ending = .lost
            }
            if ending == .stopped { return }
            let delay = backoff.delayAfterFailure()
            logger.info("Worker \(nodeID) reconnects to \(endpoint) in \(delay)")
            let resume = clock.now.advanced(by: delay)
            while clock.now < resume {
                if service.isStopRequested { return }
                Thread.sleep(forTimeInterval: min(configuration.pollInterval, clock.now.duration(to: resume)).timeInterval)
            }
        }
    }

    /// One connection: join, then run tasks and exchange heartbeats until stopped or the coordinator is lost.
    private func connection(
        results: borrowing Socket, until service: ServiceThread, handsBack: () -> Bool
    ) throws(ZMQError) -> Ending {
        let socket = try Socket(.dealer, context: context)
        try socket.set(.linger(.seconds(1)))
        try socket.set(.sendTimeout(.seconds(1)))
        try socket.set(.maximumMessageSize(Wire.maximumMessageSize + 4096))
        try security.configure(socket)
        try socket.connect(to: endpoint)
        lastHeard = clock.now
        join(on: socket)
        let items = [socket.pollItem(.readable), results.pollItem(.readable)]
        let silenceLimit = schedule.silenceLimit
        while true {
            if service.isStopRequested {
                if handsBack() { leave(on: socket, results: results) }
                return .stopped
            }
            let timeout = min(configuration.pollInterval, schedule.timeUntilSendDue(at: clock.now))
            let ready = try Socket.poll(items, timeout: timeout)
            if ready[0].contains(.readable) {
                while let frames = try socket.receive(timeout: .zero) {
                    if handle(frames, on: socket) == .lost { return .lost }
                }
            }
            if ready[1].contains(.readable) {
                while let frames = try results.receive(timeout: .zero) { forward(frames, on: socket) }
            }
            let now = clock.now
            if schedule.isSendDue(at: now) {
                heartbeatSequence += 1
                send(.heartbeat(.init(sequence: heartbeatSequence, progress: progress.snapshot)), on: socket)
            }
            if now >= lastHeard.advanced(by: silenceLimit) {
                logger.warning("Worker \(nodeID) heard nothing from the coordinator for \(silenceLimit)")
                return .lost
            }
        }
    }

    /// Says Hello and offers the slots not taken by tasks still held from an earlier connection.
    private func join(on socket: borrowing Socket) {
        send(
            .hello(
                .init(
                    nodeID: nodeID, threads: UInt32(configuration.computeThreads ?? configuration.threads),
                    region: configuration.region,
                    softwareVersion: EngineVersion.current, host: ProcessInfo.processInfo.hostName)),
            on: socket)
        let free = configuration.slots - queue.heldCount
        if free > 0 { send(.ready(.init(freeSlots: UInt32(free))), on: socket) }
    }

    /// Serves one message from the coordinator; `.lost` when it says it is leaving.
    private func handle(_ frames: [[UInt8]], on socket: borrowing Socket) -> Ending? {
        lastHeard = clock.now
        backoff.recordSuccess()
        let envelope: Wire.Envelope
        do {
            envelope = try Wire.Envelope(decoding: RoutedMessage(frames: frames).payload)
        } catch {
            logger.warning("Worker \(nodeID) ignored a message it could not decode: \(error)")
            return nil
        }
        switch envelope.body {
        case .assign(let assign):
            queue.push(TaskAssignment(assign))
        case .heartbeat:
            break
        case .disconnect(let disconnect):
            logger.info("The coordinator is leaving: \(disconnect.reason)")
            return .lost
        case .error(let reply):
            logger.warning("The coordinator reported an error: \(reply.message)", metadata: ["node": "\(nodeID)"])
            // The coordinator lost this worker's session (it was declared dead): join again.
            if reply.code == .rejected { join(on: socket) }
        default:
            logger.warning("Worker \(nodeID) ignored an unexpected \(envelope.body.name) message")
        }
        return nil
    }

    /// Sends a Result or Failure an executor pushed; after a Failure, offers the slot again unless `leaving`.
    ///
    /// The coordinator counts a Result as a freed slot, but not a Failure (so that tasks handed back on stopping
    /// do not come straight back).
    private func forward(_ frames: [[UInt8]], on socket: borrowing Socket, leaving: Bool = false) {
        guard frames.count == 2, let payload = frames.last, !payload.isEmpty else { return }
        send(payload: payload, on: socket)
        if frames[0] == [TaskExecution.Outcome.failed.rawValue] && !leaving {
            send(.ready(.init(freeSlots: 1)), on: socket)
        }
    }

    /// Hands unstarted tasks back, waits for running ones to report, and says Disconnect.
    private func leave(on socket: borrowing Socket, results: borrowing Socket) {
        // `preindex status` shows the worker as draining until it says Disconnect.
        heartbeatSequence += 1
        send(.heartbeat(.init(sequence: heartbeatSequence, progress: progress.snapshot, draining: true)), on: socket)
        for assignment in queue.takeWaiting() {
            send(
                .failure(
                    .init(
                        taskID: assignment.taskID, attempt: assignment.attempt,
                        message: "worker \(nodeID) stopped before starting the task and handed it back",
                        retryable: true)),
                on: socket)
        }
        let deadline = clock.now.advanced(by: configuration.drainTimeout)
        while clock.now < deadline {
            let running = queue.runningCount
            while let frames = try? results.receive(timeout: running > 0 ? configuration.pollInterval : .zero) {
                forward(frames, on: socket, leaving: true)
            }
            if running == 0 { break }
            // Still alive: a coordinator that heard nothing would declare this worker dead and refuse its result.
            if schedule.isSendDue(at: clock.now) {
                heartbeatSequence += 1
                send(
                    .heartbeat(.init(sequence: heartbeatSequence, progress: progress.snapshot, draining: true)),
                    on: socket)
            }
        }
        send(.disconnect(.init(reason: "worker \(nodeID) is stopping")), on: socket)
        logger.info("Worker \(nodeID) left the cluster")
    }

    private func send(_ body: Wire.Envelope.Body, on socket: borrowing Socket) {
        do {
            send(payload: try Wire.Envelope(body).encoded(), on: socket)
        } catch {
            logger.error("Worker \(nodeID) could not encode \(body.name): \(error)")
        }
    }

    private func send(payload: [UInt8], on socket: borrowing Socket) {
        do {
            try socket.send(RoutedMessage(payload: payload).frames)
            schedule.recordSent(at: clock.now)
        } catch {
            logger.warning("Worker \(nodeID) could not send to the coordinator: \(error)")
        }
    }
}

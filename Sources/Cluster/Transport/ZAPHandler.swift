import Foundation
import Logging
import Synchronization

/// Decides which CURVE clients a context's server sockets let in: a ZAP handler (ZeroMQ RFC 27) on
/// its own thread, accepting the client public keys of an ``AuthorizedKeys`` list and refusing all others.
///
/// libzmq asks the handler bound to `inproc://zeromq.zap.01` in the server socket's context about every
/// CURVE handshake; without a handler, libzmq lets every client with any key in. So start the handler
/// before binding a ``SocketOption/curveServer(_:)`` socket, and keep it for as long as that socket
/// serves. One handler per ``ZMQContext``. An accepted client's Z85 public key is its user id, which
/// libzmq attaches to its messages as the `User-Id` property.
///
/// The handler stops when ``stop()`` is called, when it is released (`deinit` stops it and waits), or
/// when its context is shut down (``ZMQContext/shutdown()``); its thread closes its sockets before it
/// ends, so the context can then terminate without waiting.
public final class ZAPHandler: Sendable {
    /// The endpoint libzmq sends ZAP requests to.
    public static let endpoint = "inproc://zeromq.zap.01"
    /// How many decisions ``recentDecisions`` keeps.
    public static let recentDecisionLimit = 100

    private let shared: Shared
    private let context: ZMQContext
    private let controlEndpoint: String

    /// Starts a handler for `context` letting in the keys of `authorizedKeys`, and waits until it listens.
    ///
    /// - Parameter logger: Where refusals are logged (`warning`) and acceptances (`debug`).
    /// - Throws: ``ZMQError/addressInUse`` when the context has a ZAP handler already;
    ///   ``ZMQError/contextTerminated`` when the context was shut down.
    public init(context: ZMQContext, authorizedKeys: AuthorizedKeys, logger: Logger) throws(ZMQError) {
        self.shared = Shared(authorizedKeys: authorizedKeys)
        self.context = context
        self.controlEndpoint = "inproc://preindex.zap-handler.control.\(UUID().uuidString)"
        let shared = self.shared
        let controlEndpoint = self.controlEndpoint
        let thread = Thread {
            Self.run(context: context, shared: shared, controlEndpoint: controlEndpoint, logger: logger)
        }
        thread.name = "preindex ZAP handler"
        thread.start()
        shared.listening.wait()
        if let error = shared.startError.withLock({ $0 }) {
            // The thread has ended; mark the handler stopped so that `deinit` does not wait for it again.
            shared.finished.wait()
            shared.finished.signal()
            shared.state.withLock { $0.stopRequested = true }
            throw error
        }
    }

    deinit {
        stop()
    }

    /// The keys let in now.
    public var authorizedKeys: AuthorizedKeys {
        shared.state.withLock { $0.authorizedKeys }
    }

    /// Replaces the keys let in, for connections from now on (such as after the file changed).
    public func update(authorizedKeys: AuthorizedKeys) {
        shared.state.withLock { $0.authorizedKeys = authorizedKeys }
    }

    /// The latest decisions, oldest first, at most ``recentDecisionLimit``.
    public var recentDecisions: [ZAPDecision] {
        shared.state.withLock { $0.recent }
    }

    /// How many connections were let in and how many were not, since the start.
    public var counts: (accepted: Int, refused: Int) {
        shared.state.withLock { ($0.acceptedCount, $0.refusedCount) }
    }

    /// Stops the handler and waits until its thread has closed its sockets. Calling it again only waits.
    ///
    /// Stop the handler only after the server sockets it guards are closed: libzmq 4.3 lets any CURVE
    /// client in when no handler listens.
    public func stop() {
        let first = shared.state.withLock { state in
            defer { state.stopRequested = true }
            return !state.stopRequested
        }
        if first {
            // Wake the thread through its control socket; if the context was shut down the thread is
            // ending already. The socket stays open until the thread has read the message.
            let control = try? Socket(.pair, context: context)
            try? control?.set(.sendTimeout(.seconds(1)))
            try? control?.connect(to: controlEndpoint)
            try? control?.send([[]])
            shared.finished.wait()
            _ = control
            shared.finished.signal()
        } else {
            // Another caller is stopping it: wait for the thread too, and let the next waiter through.
            shared.finished.wait()
            shared.finished.signal()
        }
    }

    /// The thread's body: bind, then answer requests until told to stop or the context shuts down.
    private static func run(context: ZMQContext, shared: Shared, controlEndpoint: String, logger: Logger) {
        defer { shared.finished.signal() }
        var listening = false
        do {
            let requests = try Socket(.reply, context: context)
            try requests.bind(to: endpoint)
            let control = try Socket(.pair, context: context)
            try control.bind(to: controlEndpoint)
            listening = true
            shared.listening.signal()
            let items = [requests.pollItem(.readable), control.pollItem(.readable)]
            while true {
                let ready = try Socket.poll(items, timeout: nil)
                if ready[1].contains(.readable) { return }
                guard ready[0].contains(.readable), let frames = try requests.receive(timeout: .zero) else { continue }
                let (reply, decision) = shared.answer(frames)
                log(decision, logger: logger)
                try requests.send(reply)
            }
        } catch {
            if !listening {
                shared.startError.withLock { $0 = error }
                shared.listening.signal()
            } else if error != .contextTerminated {
                logger.error("The ZAP handler stopped: \(error)")
            }
        }
    }

    private static func log(_ decision: ZAPDecision, logger: Logger) {
        let metadata: Logger.Metadata = [
            "address": "\(decision.address)", "mechanism": "\(decision.mechanism)",
            "key": "\(decision.publicKey?.z85 ?? "none")", "status": "\(decision.status.rawValue)",
        ]
        if decision.isAccepted {
            logger.debug("Connection let in", metadata: metadata)
        } else {
            logger.warning("Connection refused: \(decision.reason)", metadata: metadata)
        }
    }

    /// What the handler and its thread share.
    private final class Shared: Sendable {
        struct State {
            var authorizedKeys: AuthorizedKeys
            var recent: [ZAPDecision] = []
            var acceptedCount = 0
            var refusedCount = 0
            var stopRequested = false
        }

        let state: Mutex<State>
        let startError = Mutex<ZMQError?>(nil)
        /// Signalled once the thread listens, or failed to.
        let listening = DispatchSemaphore(value: 0)
        /// Signalled once the thread has closed its sockets.
        let finished = DispatchSemaphore(value: 0)

        init(authorizedKeys: AuthorizedKeys) {
            state = Mutex(State(authorizedKeys: authorizedKeys))
        }

        /// The reply to request `frames` and the decision it carries, recorded.
        func answer(_ frames: [[UInt8]]) -> (reply: [[UInt8]], decision: ZAPDecision) {
            state.withLock { state in
                let answer: (reply: [[UInt8]], decision: ZAPDecision)
                if let request = ZAPRequest(frames: frames) {
                    let decision = request.decision(authorizedKeys: state.authorizedKeys)
                    answer = (request.reply(decision), decision)
                } else {
                    answer = ZAPRequest.malformedReply(to: frames)
                }
                if answer.decision.isAccepted { state.acceptedCount += 1 } else { state.refusedCount += 1 }
                state.recent.append(answer.decision)
                if state.recent.count > ZAPHandler.recentDecisionLimit { state.recent.removeFirst() }
                return answer
            }
        }
    }
}

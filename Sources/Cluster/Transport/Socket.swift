/// A ZeroMQ socket: sends and receives whole multipart messages, each an array of frames.
///
/// A socket is owned by one piece of code at a time (it is `~Copyable`) and closed when its owner
/// drops it. libzmq sockets must not be used from two threads at once; create a socket on the thread
/// or task that runs its loop. The socket keeps its ``ZMQContext`` alive.
///
/// Blocking calls wait as long as the socket's ``SocketOption/receiveTimeout(_:)`` or
/// ``SocketOption/sendTimeout(_:)`` allows, then throw ``ZMQError/again``. The `timeout:` and `try`
/// variants never wait longer than asked and answer "nothing" with `nil` or `false`.
///
/// On the cluster's ROUTER sockets a message is `[identity][empty][payload]`; a DEALER peer sends and
/// receives `[empty][payload]` (see ``RoutedMessage``).
public struct Socket: ~Copyable {
    private let handle: UnsafeMutableRawPointer
    private let context: ZMQContext
    /// The socket's messaging pattern.
    public let type: SocketType

    /// A new socket of `type` in `context`.
    ///
    /// - Throws: ``ZMQError/contextTerminated`` when the context was shut down; ``ZMQError`` when
    ///   libzmq has no room for another socket.
    ///
    /// The corresponding C function is `zmq_socket`.
    public init(_ type: SocketType, context: ZMQContext) throws(ZMQError) {
        self.handle = try ZMQ.socket(context: context.handle, type: type.number)
        self.context = context
        self.type = type
    }

    deinit {
        ZMQ.close(socket: handle)
    }

    /// Applies `option`.
    ///
    /// - Throws: ``ZMQError/invalidArgument`` when the value is out of range for the option
    ///   (an empty or over-long routing id, `routerMandatory` on a non-ROUTER socket).
    ///
    /// The corresponding C function is `zmq_setsockopt`.
    public func set(_ option: SocketOption) throws(ZMQError) {
        try ZMQ.setOption(socket: handle, option: option.number, value: option.value)
    }

    /// Listens on `endpoint`, such as `tcp://*:5555`, `tcp://127.0.0.1:*` (any free port) or `inproc://name`.
    ///
    /// - Returns: The endpoint actually bound, with the port libzmq chose for `*`.
    /// - Throws: ``ZMQError/addressInUse`` when the endpoint is taken; ``ZMQError/invalidArgument``
    ///   or ``ZMQError/protocolNotSupported`` for a malformed endpoint.
    ///
    /// The corresponding C functions are `zmq_bind` and `zmq_getsockopt(ZMQ_LAST_ENDPOINT)`.
    @discardableResult
    public func bind(to endpoint: String) throws(ZMQError) -> String {
        try ZMQ.bind(socket: handle, endpoint: endpoint)
        return try ZMQ.stringOption(socket: handle, option: ZMQ.OptionNumber.lastEndpoint)
    }

    /// Connects to `endpoint`; libzmq reconnects in the background whenever the connection drops.
    ///
    /// - Throws: ``ZMQError/invalidArgument`` or ``ZMQError/protocolNotSupported`` for a malformed endpoint.
    ///
    /// The corresponding C function is `zmq_connect`.
    public func connect(to endpoint: String) throws(ZMQError) {
        try ZMQ.connect(socket: handle, endpoint: endpoint)
    }

    /// Sends one message of `frames` (at least one), waiting while the socket cannot take it.
    ///
    /// - Throws: ``ZMQError/again`` when the send timeout passes; ``ZMQError/hostUnreachable`` from a
    ///   ROUTER with ``SocketOption/routerMandatory(_:)`` whose first frame names no connected peer.
    ///
    /// The corresponding C function is `zmq_send`.
    public func send(_ frames: [[UInt8]]) throws(ZMQError) {
        _ = try send(frames, blocking: true)
    }

    /// Sends one message of `frames` (at least one) if the socket can take it now.
    ///
    /// - Returns: `false` when the message was not sent because the socket would block.
    /// - Throws: As ``send(_:)``, except that it never throws ``ZMQError/again``.
    ///
    /// The corresponding C function is `zmq_send` with `ZMQ_DONTWAIT`.
    public func trySend(_ frames: [[UInt8]]) throws(ZMQError) -> Bool {
        try send(frames, blocking: false)
    }

    /// Receives one whole message, waiting for it.
    ///
    /// - Returns: The message's frames (at least one).
    /// - Throws: ``ZMQError/again`` when the receive timeout passes;
    ///   ``ZMQError/contextTerminated`` when the context is shut down while waiting.
    ///
    /// The corresponding C function is `zmq_msg_recv`.
    public func receive() throws(ZMQError) -> [[UInt8]] {
        // A blocking receive never reports "would block".
        try receive(blocking: true)!
    }

    /// Receives one whole message if one arrives within `timeout`.
    ///
    /// - Parameter timeout: The longest wait; `.zero` only takes a message that is already there.
    /// - Returns: The message's frames, or `nil` when none arrived in time.
    /// - Throws: ``ZMQError/contextTerminated`` when the context is shut down.
    ///
    /// The corresponding C functions are `zmq_poll` and `zmq_msg_recv` with `ZMQ_DONTWAIT`.
    public func receive(timeout: Duration) throws(ZMQError) -> [[UInt8]]? {
        if timeout > .zero {
            let ready = try Socket.poll([pollItem(.readable)], timeout: timeout)
            guard ready[0].contains(.readable) else { return nil }
        }
        return try receive(blocking: false)
    }

    /// An entry for ``poll(_:timeout:)`` waiting for `events` on this socket.
    public func pollItem(_ events: PollEvents) -> PollItem {
        PollItem(handle: handle, events: events)
    }

    /// Waits until at least one of `items` has one of its events, or `timeout` passes.
    ///
    /// - Parameters:
    ///   - items: The sockets and events to wait for; every socket must still be open.
    ///   - timeout: The longest wait; `nil` waits forever, `.zero` only looks. A signal restarts the wait.
    /// - Returns: The events found, one entry per item, in the order of `items` (all empty on timeout).
    /// - Throws: ``ZMQError/contextTerminated`` when a socket's context is shut down.
    ///
    /// The corresponding C function is `zmq_poll`.
    public static func poll(_ items: [PollItem], timeout: Duration?) throws(ZMQError) -> [PollEvents] {
        let milliseconds = timeout.map { $0.millisecondsRoundedUp(limit: Int(Int32.max)) } ?? -1
        let found = try ZMQ.poll(
            items: items.map { ($0.handle, $0.events.rawValue) },
            timeoutMilliseconds: milliseconds
        )
        return found.map(PollEvents.init(rawValue:))
    }

    /// Sends all frames of one message; `false` when a non-blocking send would block.
    private func send(_ frames: [[UInt8]], blocking: Bool) throws(ZMQError) -> Bool {
        precondition(!frames.isEmpty, "a ZeroMQ message has at least one frame")
        for (index, frame) in frames.enumerated() {
            // libzmq queues a multipart message whole: once the first frame is accepted, the
            // others are too, so only the first frame can report "would block".
            let more = index < frames.count - 1
            guard try ZMQ.send(socket: handle, frame: frame, more: more, blocking: blocking || index > 0) else {
                return false
            }
        }
        return true
    }

    /// Receives all frames of one message; `nil` when a non-blocking receive finds none.
    private func receive(blocking: Bool) throws(ZMQError) -> [[UInt8]]? {
        guard var frame = try ZMQ.receive(socket: handle, blocking: blocking) else { return nil }
        var frames = [frame.bytes]
        while frame.more {
            // The rest of a multipart message has arrived together with its first frame.
            frame = try ZMQ.receive(socket: handle, blocking: true)!
            frames.append(frame.bytes)
        }
        return frames
    }
}

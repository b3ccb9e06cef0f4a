/// The messaging pattern of a ``Socket``.
///
/// The cluster uses ``router`` (coordinator, one socket serving many peers, each message prefixed
/// by the peer's identity frame) and ``dealer`` (workers and clients); the others are here for tests
/// and tools, and ``stream`` serves the coordinator's HTTP metrics.
public enum SocketType: Sendable, Hashable, CaseIterable {
    /// One-to-one, both directions. The corresponding C constant is `ZMQ_PAIR`.
    case pair
    /// Strict send-then-receive client. The corresponding C constant is `ZMQ_REQ`.
    case request
    /// Strict receive-then-send server. The corresponding C constant is `ZMQ_REP`.
    case reply
    /// Asynchronous client, load-balancing outgoing messages over its peers.
    /// The corresponding C constant is `ZMQ_DEALER`.
    case dealer
    /// Asynchronous server addressing peers by identity frame.
    /// The corresponding C constant is `ZMQ_ROUTER`.
    case router
    /// Receiving end of a pipeline. The corresponding C constant is `ZMQ_PULL`.
    case pull
    /// Sending end of a pipeline. The corresponding C constant is `ZMQ_PUSH`.
    case push
    /// Raw TCP: each message is `[connection identity][bytes]`; an empty bytes frame announces a connection
    /// or its end, and sending one closes the connection. The metrics endpoint serves HTTP on it.
    /// The corresponding C constant is `ZMQ_STREAM`.
    case stream

    /// libzmq's number for the type.
    var number: CInt {
        switch self {
        case .pair: ZMQ.SocketTypeNumber.pair
        case .request: ZMQ.SocketTypeNumber.request
        case .reply: ZMQ.SocketTypeNumber.reply
        case .dealer: ZMQ.SocketTypeNumber.dealer
        case .router: ZMQ.SocketTypeNumber.router
        case .pull: ZMQ.SocketTypeNumber.pull
        case .push: ZMQ.SocketTypeNumber.push
        case .stream: ZMQ.SocketTypeNumber.stream
        }
    }
}

import Logging

/// The coordinator's `GET /metrics` endpoint: HTTP/1.x over a ZeroMQ `ZMQ_STREAM` socket, served from the
/// coordinator's own poll loop (no thread, no HTTP library).
///
/// A `ZMQ_STREAM` socket hands over raw TCP bytes as `[connection][bytes]`. Each connection's bytes are collected
/// until its request head ends, answered once (metrics, 404, 405, 400 or 431) and closed. Nothing a peer sends can
/// make it trap: a head longer than ``HTTPRequestHead/maximumByteCount`` is refused, at most
/// ``maximumConnections`` partial requests are kept, and one still incomplete after ``requestTimeout`` is closed.
/// Create, use and drop it on the thread of its loop, like every socket.
final class MetricsHTTPServer {
    typealias Instant = ContinuousClock.Instant

    /// The most connections with a partial request kept at once; a further one is closed unanswered.
    static let maximumConnections = 64
    /// How long a connection may take to send its request head.
    static let requestTimeout: Duration = .seconds(10)

    /// The endpoint bound, with the port chosen for `*` (`tcp://127.0.0.1:9464`).
    let endpoint: String
    private let socket: Socket
    private let logger: Logger
    /// The bytes received from each open connection that has not been answered, and when it started.
    private var partial: [[UInt8]: (bytes: [UInt8], since: Instant)] = [:]

    /// Binds `endpoint` (`tcp://host:port`).
    ///
    /// - Throws: ``ZMQError`` when the endpoint cannot be bound (taken, malformed).
    init(endpoint: String, context: ZMQContext, logger: Logger) throws(ZMQError) {
        let socket = try Socket(.stream, context: context)
        try socket.set(.linger(.zero))
        try socket.set(.sendTimeout(.seconds(1)))
        self.endpoint = try socket.bind(to: endpoint)
        self.socket = socket
        self.logger = logger
    }

    /// The entry that tells the loop's poll when a connection sent something.
    var pollItem: PollItem { socket.pollItem(.readable) }

    /// Reads what arrived, and answers every request whose head is complete with `metrics()` (called once per
    /// `GET /metrics`) or an error.
    func serve(at now: Instant, metrics: () -> [UInt8]) throws(ZMQError) {
        var handled = 0
        while handled < 1024, let frames = try socket.receive(timeout: .zero) {
            handled += 1
            guard frames.count == 2 else { continue }
            receive(frames[1], from: frames[0], at: now, metrics: metrics)
        }
    }

    /// Takes one chunk of a connection's bytes; an empty chunk is a connection opening or closing.
    private func receive(_ chunk: [UInt8], from connection: [UInt8], at now: Instant, metrics: () -> [UInt8]) {
        guard !chunk.isEmpty else {
            partial[connection] = nil
            return
        }
        guard partial[connection] != nil || partial.count < Self.maximumConnections else {
            logger.warning("Metrics endpoint: too many unfinished requests; closing a new connection")
            close(connection)
            return
        }
        var bytes = partial[connection]?.bytes ?? []
        bytes += chunk
        switch HTTPRequestHead.parse(bytes) {
        case .incomplete:
            partial[connection] = (bytes, partial[connection]?.since ?? now)
        case .complete(let head):
            respond(HTTPResponse.answer(head, metrics: metrics), to: connection)
        case .invalid(let reason):
            respond(.error(400, "not an HTTP/1.x request: \(reason)"), to: connection)
        case .tooLarge:
            respond(
                .error(431, "the request head is longer than \(HTTPRequestHead.maximumByteCount) bytes"), to: connection)
        }
    }

    /// Sends `response` and closes the connection.
    private func respond(_ response: HTTPResponse, to connection: [UInt8]) {
        partial[connection] = nil
        do {
            try socket.send([connection, response.bytes])
        } catch {
            logger.debug("Metrics endpoint could not answer a connection: \(error)")
        }
        close(connection)
    }

    /// Closes the connections whose request head did not arrive within ``requestTimeout``; the loop calls it every
    /// turn, so a connection that went quiet is closed too.
    func closeStale(at now: Instant) {
        guard !partial.isEmpty else { return }
        let stale = partial.filter { now - $0.value.since > Self.requestTimeout }.keys
        for connection in stale {
            partial[connection] = nil
            close(connection)
        }
    }

    /// Closes a connection: on a `ZMQ_STREAM` socket, an empty frame sent to it.
    private func close(_ connection: [UInt8]) {
        do {
            try socket.send([connection, []])
        } catch {
            logger.debug("Metrics endpoint could not close a connection: \(error)")
        }
    }
}

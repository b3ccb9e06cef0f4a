/// A ZeroMQ message split into its route and its payload: `[route…][empty][payload]`.
///
/// A ROUTER socket receives `[identity][empty][payload]` and sends a reply to the peer named by the
/// identity frame; a DEALER socket talking to a ROUTER sends and receives `[empty][payload]`, with an
/// empty route. The empty delimiter frame keeps the format compatible with REQ/REP peers.
public struct RoutedMessage: Sendable, Equatable {
    /// The frames before the delimiter: the peer's identity on a ROUTER socket, nothing on a DEALER.
    public var route: [[UInt8]]
    /// The last frame, an encoded ``Wire/Envelope`` in the cluster.
    public var payload: [UInt8]

    /// A message for the peers named by `route` carrying `payload`.
    public init(route: [[UInt8]] = [], payload: [UInt8]) {
        self.route = route
        self.payload = payload
    }

    /// Splits received frames.
    ///
    /// - Throws: ``WireError`` ``WireError/Code/malformedFrames`` when the frames do not end in an
    ///   empty delimiter frame followed by the payload.
    public init(frames: [[UInt8]]) throws(WireError) {
        guard frames.count >= 2, frames[frames.count - 2].isEmpty else {
            throw WireError(
                .malformedFrames,
                "A received message has \(frames.count) frame(s) without an empty delimiter before the last;"
                    + " expected [route…][empty][Envelope]")
        }
        self.init(route: Array(frames.dropLast(2)), payload: frames[frames.count - 1])
    }

    /// The frames to send: the route, the empty delimiter, the payload.
    public var frames: [[UInt8]] {
        route + [[], payload]
    }
}

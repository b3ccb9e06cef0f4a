/// A setting of a ``Socket``, applied with ``Socket/set(_:)``.
///
/// Set options before `bind` or `connect`: libzmq applies most of them to connections made afterwards.
public enum SocketOption: Sendable, Hashable {
    /// The identity a peer ROUTER sees as this socket's first frame: 1 to 255 bytes, not starting with 0.
    ///
    /// The corresponding C option is `ZMQ_ROUTING_ID` (formerly `ZMQ_IDENTITY`).
    case routingID([UInt8])
    /// How long closing the socket may wait to deliver queued messages; `nil` waits forever.
    ///
    /// Sockets of a ``ZMQContext`` start at zero. The corresponding C option is `ZMQ_LINGER`.
    case linger(Duration?)
    /// How long a blocking ``Socket/receive()`` waits before throwing ``ZMQError/again``;
    /// `nil` waits forever (the default).
    ///
    /// The corresponding C option is `ZMQ_RCVTIMEO`.
    case receiveTimeout(Duration?)
    /// How long a blocking ``Socket/send(_:)`` waits before throwing ``ZMQError/again``;
    /// `nil` waits forever (the default).
    ///
    /// The corresponding C option is `ZMQ_SNDTIMEO`.
    case sendTimeout(Duration?)
    /// The largest frame, in bytes, a peer may send; a peer sending more is disconnected.
    /// `nil`: no limit (the default).
    ///
    /// The corresponding C option is `ZMQ_MAXMSGSIZE`.
    case maximumMessageSize(Int?)
    /// Whether a ROUTER socket throws ``ZMQError/hostUnreachable`` for an unknown identity instead
    /// of dropping the message silently (the default).
    ///
    /// The corresponding C option is `ZMQ_ROUTER_MANDATORY`.
    case routerMandatory(Bool)
    /// Whether the socket is the CURVE server side: it needs its own ``curveSecretKey(_:)`` and lets in
    /// the clients the ``ZAPHandler`` accepts. Set on the coordinator's ROUTER before `bind`.
    ///
    /// The corresponding C option is `ZMQ_CURVE_SERVER`.
    case curveServer(Bool)
    /// This side's long-term public key, on CURVE clients (the server's is only its secret key).
    ///
    /// The corresponding C option is `ZMQ_CURVE_PUBLICKEY`.
    case curvePublicKey(CurveKey)
    /// This side's long-term secret key, on CURVE servers and clients.
    ///
    /// The corresponding C option is `ZMQ_CURVE_SECRETKEY`.
    case curveSecretKey(CurveKey)
    /// The server's public key, on a CURVE client; setting it makes the socket a CURVE client.
    ///
    /// The corresponding C option is `ZMQ_CURVE_SERVERKEY`.
    case curveServerKey(CurveKey)

    /// libzmq's number for the option.
    var number: CInt {
        switch self {
        case .routingID: ZMQ.OptionNumber.routingID
        case .linger: ZMQ.OptionNumber.linger
        case .receiveTimeout: ZMQ.OptionNumber.receiveTimeout
        case .sendTimeout: ZMQ.OptionNumber.sendTimeout
        case .maximumMessageSize: ZMQ.OptionNumber.maximumMessageSize
        case .routerMandatory: ZMQ.OptionNumber.routerMandatory
        case .curveServer: ZMQ.OptionNumber.curveServer
        case .curvePublicKey: ZMQ.OptionNumber.curvePublicKey
        case .curveSecretKey: ZMQ.OptionNumber.curveSecretKey
        case .curveServerKey: ZMQ.OptionNumber.curveServerKey
        }
    }

    /// The option's value laid out as libzmq expects it: a C `int`, an `int64_t` or the bytes themselves.
    var value: [UInt8] {
        switch self {
        case .routingID(let bytes):
            bytes
        case .linger(let duration), .receiveTimeout(let duration), .sendTimeout(let duration):
            // Milliseconds as a C int, -1 meaning forever.
            Self.bytes(of: CInt(duration.map { $0.millisecondsRoundedUp(limit: Int(CInt.max)) } ?? -1))
        case .maximumMessageSize(let size):
            Self.bytes(of: Int64(size.map { max(0, $0) } ?? -1))
        case .routerMandatory(let on), .curveServer(let on):
            Self.bytes(of: CInt(on ? 1 : 0))
        case .curvePublicKey(let key), .curveSecretKey(let key), .curveServerKey(let key):
            // libzmq takes a key as its 32 bytes or as Z85 text; the bytes need no terminator.
            key.bytes
        }
    }

    /// The bytes of an integer in memory order.
    private static func bytes<Integer: FixedWidthInteger>(of value: Integer) -> [UInt8] {
        withUnsafeBytes(of: value) { Array($0) }
    }
}

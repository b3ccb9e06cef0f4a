/// What the ``ZAPHandler`` answered to one connection's request to be let in.
///
/// ZAP (ZeroMQ RFC 27) is how libzmq asks the application whether a peer that completed a security
/// handshake may connect: the request names the mechanism (`CURVE`), the peer's address and its
/// credentials (for CURVE its long-term public key); the answer is a status code, `200` to accept,
/// `400` to refuse, `500` for a request that cannot be judged.
public struct ZAPDecision: Sendable, Hashable {
    /// The status codes of RFC 27 the handler answers with.
    public enum Status: String, Sendable, Hashable {
        /// The peer may connect.
        case accepted = "200"
        /// The peer's credentials are not authorised.
        case refused = "400"
        /// The request was malformed, so the peer is not let in either.
        case failed = "500"
    }

    /// The answer.
    public var status: Status
    /// The security mechanism of the handshake, `CURVE` in the cluster.
    public var mechanism: String
    /// The peer's network address as libzmq gives it, such as `127.0.0.1`.
    public var address: String
    /// The peer's CURVE public key, when the request carried one.
    public var publicKey: CurveKey?
    /// Why, in words: the status text sent back to libzmq.
    public var reason: String

    /// Whether the peer was let in.
    public var isAccepted: Bool { status == .accepted }
}

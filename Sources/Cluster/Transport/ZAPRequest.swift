/// One ZAP request as the frames libzmq sends on `inproc://zeromq.zap.01` (ZeroMQ RFC 27), and the
/// answer to it.
///
/// Frames: version `1.0`, request id, domain, address, routing id, mechanism, then the credentials
/// (one frame for CURVE: the client's 32-byte public key). The reply echoes the version and request id
/// and adds the status code, status text, user id and (empty) metadata.
struct ZAPRequest: Sendable, Hashable {
    /// The only protocol version there is.
    static let version = Array("1.0".utf8)

    var requestID: [UInt8]
    var domain: String
    var address: String
    var mechanism: String
    var credentials: [[UInt8]]

    /// The request in `frames`, or `nil` when they are not a version 1.0 ZAP request.
    init?(frames: [[UInt8]]) {
        guard frames.count >= 6, frames[0] == Self.version else { return nil }
        requestID = frames[1]
        domain = String(decoding: frames[2], as: UTF8.self)
        address = String(decoding: frames[3], as: UTF8.self)
        mechanism = String(decoding: frames[5], as: UTF8.self)
        credentials = Array(frames.dropFirst(6))
    }

    /// The decision on this request: accepted exactly when it is a CURVE handshake whose client key
    /// is in `authorizedKeys`.
    func decision(authorizedKeys: AuthorizedKeys) -> ZAPDecision {
        guard mechanism == "CURVE" else {
            return ZAPDecision(
                status: .refused, mechanism: mechanism, address: address, publicKey: nil,
                reason: "only CURVE connections are accepted, not \(mechanism)")
        }
        guard credentials.count == 1, let key = try? CurveKey(bytes: credentials[0]) else {
            return ZAPDecision(
                status: .failed, mechanism: mechanism, address: address, publicKey: nil,
                reason: "the CURVE request carries no 32-byte client key")
        }
        guard authorizedKeys.contains(key) else {
            return ZAPDecision(
                status: .refused, mechanism: mechanism, address: address, publicKey: key,
                reason: "client key \(key.z85) is not in the authorised keys")
        }
        return ZAPDecision(
            status: .accepted, mechanism: mechanism, address: address, publicKey: key, reason: "OK")
    }

    /// The reply frames carrying `decision`; the user id is the client's Z85 public key, which libzmq
    /// attaches to the peer's messages as their `User-Id` property.
    func reply(_ decision: ZAPDecision) -> [[UInt8]] {
        Self.reply(requestID: requestID, decision: decision)
    }

    /// The reply frames for request `requestID`.
    static func reply(requestID: [UInt8], decision: ZAPDecision) -> [[UInt8]] {
        let userID = decision.isAccepted ? decision.publicKey.map { Array($0.z85.utf8) } ?? [] : []
        return [version, requestID, Array(decision.status.rawValue.utf8), Array(decision.reason.utf8), userID, []]
    }

    /// The reply to frames that are not a ZAP request: status 500, echoing the request id if there is one.
    static func malformedReply(to frames: [[UInt8]]) -> (reply: [[UInt8]], decision: ZAPDecision) {
        let decision = ZAPDecision(
            status: .failed, mechanism: "", address: "", publicKey: nil,
            reason: "malformed ZAP request of \(frames.count) frame(s); expected version 1.0 and at least 6 frames")
        return (reply(requestID: frames.count > 1 ? frames[1] : [], decision: decision), decision)
    }
}

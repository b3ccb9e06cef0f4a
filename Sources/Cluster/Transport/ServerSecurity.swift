/// How the coordinator protects the sockets it binds: CURVE with an authorised-keys list, or nothing.
///
/// Without CURVE anyone who reaches the port can submit work and read results, so a plain server binds only
/// loopback endpoints (`tcp://127.0.0.1`, `tcp://localhost`, `tcp://[::1]`, `inproc://`, `ipc://`) unless it
/// is explicitly ``plain(allowingRemotePeers:)`` with `true` (`--insecure`).
public enum ServerSecurity: Sendable {
    /// No encryption or authentication; remote endpoints only when `allowingRemotePeers`.
    case plain(allowingRemotePeers: Bool)
    /// CURVE with the server's key pair; only clients whose public key is in `authorizedKeys` are let in.
    case curve(keyPair: CurveKeyPair, authorizedKeys: AuthorizedKeys)

    /// Throws unless `endpoint` may be bound under this security.
    ///
    /// - Throws: ``InsecureEndpointError`` naming the endpoint and the ways out.
    public func check(bindable endpoint: String) throws(InsecureEndpointError) {
        guard case .plain(false) = self, !Self.isLoopback(endpoint) else { return }
        throw InsecureEndpointError(
            endpoint: endpoint,
            message: "refusing to bind \(endpoint) without CURVE keys: anyone reaching it could submit work and read results; "
                + "give --key and --authorized-keys, bind a loopback address (tcp://127.0.0.1:PORT), or pass --insecure")
    }

    /// Configures `socket` as a CURVE server before it binds; a plain socket is left as it is.
    public func configure(_ socket: borrowing Socket) throws(ZMQError) {
        guard case .curve(let keyPair, _) = self else { return }
        try socket.set(.curveServer(true))
        try socket.set(.curveSecretKey(keyPair.secretKey))
    }

    /// Whether `endpoint` can only be reached from this machine.
    public static func isLoopback(_ endpoint: String) -> Bool {
        if endpoint.hasPrefix("inproc://") || endpoint.hasPrefix("ipc://") { return true }
        guard endpoint.hasPrefix("tcp://") else { return false }
        let address = endpoint.dropFirst("tcp://".count)
        return ["127.", "localhost:", "[::1]:"].contains { address.hasPrefix($0) }
    }
}

/// A plain coordinator was asked to bind an endpoint other machines can reach.
public struct InsecureEndpointError: Error, CustomStringConvertible, Sendable {
    /// The endpoint refused.
    public var endpoint: String
    /// What is wrong and the ways out.
    public var message: String

    /// The message.
    public var description: String { message }
}

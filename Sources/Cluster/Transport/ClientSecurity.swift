/// How a worker or client connects to the coordinator: with its own CURVE key pair and the server's public key,
/// or in the clear.
public enum ClientSecurity: Sendable {
    /// No encryption; the coordinator must be plain too.
    case plain
    /// CURVE: this peer's key pair (its public key must be in the coordinator's authorised keys) and the
    /// coordinator's public key.
    case curve(keyPair: CurveKeyPair, serverKey: CurveKey)

    /// Configures `socket` as a CURVE client before it connects; a plain socket is left as it is.
    public func configure(_ socket: borrowing Socket) throws(ZMQError) {
        guard case .curve(let keyPair, let serverKey) = self else { return }
        try socket.set(.curveServerKey(serverKey))
        try socket.set(.curvePublicKey(keyPair.publicKey))
        try socket.set(.curveSecretKey(keyPair.secretKey))
    }
}

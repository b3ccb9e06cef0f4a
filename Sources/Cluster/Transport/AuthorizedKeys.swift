/// The public keys of the workers and clients a CURVE server lets in: the authorised-keys file.
///
/// The file lists one Z85 public key per line (each a peer's `name.pub`), with blank lines and `#`
/// comment lines ignored (see ``CurveKeyFile``). The ``ZAPHandler`` accepts a CURVE handshake exactly
/// when the client's public key is listed.
public struct AuthorizedKeys: Sendable, Hashable {
    /// The keys let in.
    public var keys: Set<CurveKey>

    /// The keys `keys`.
    public init(_ keys: some Sequence<CurveKey>) {
        self.keys = Set(keys)
    }

    /// The keys listed in the file at `path`.
    ///
    /// - Throws: ``CurveKeyError`` ``CurveKeyError/Code/cannotRead`` when the file cannot be read;
    ///   ``CurveKeyError/Code/malformedKey`` naming the file and line of a line that is not a key.
    public init(contentsOf path: String) throws(CurveKeyError) {
        self.init(try CurveKeyFile.readKeys(at: path))
    }

    /// Whether `key` is let in.
    public func contains(_ key: CurveKey) -> Bool {
        keys.contains(key)
    }
}

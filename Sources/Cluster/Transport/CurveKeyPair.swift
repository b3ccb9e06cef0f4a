import Foundation

/// A CURVE key pair: the public key peers are told, and the secret key only its owner holds.
///
/// The coordinator has one, whose public key workers and clients use as the server key; every worker
/// and client has one, whose public key is listed in the coordinator's authorised-keys file
/// (``AuthorizedKeys``). On disk a pair named `name` is two files (``save(in:name:overwrite:)``):
/// `name.key`, the secret key, readable by its owner only (mode 0600), and `name.pub`, the public key.
public struct CurveKeyPair: Sendable, Hashable {
    /// The key peers use to reach or recognise this side.
    public let publicKey: CurveKey
    /// The key that proves this side's identity; never leaves its owner.
    public let secretKey: CurveKey

    /// The pair of `secretKey`, with its public key derived from it.
    ///
    /// - Throws: ``CurveKeyError`` ``CurveKeyError/Code/unsupported`` when libzmq lacks CURVE.
    public init(secretKey: CurveKey) throws(CurveKeyError) {
        let publicText: String
        do {
            publicText = try ZMQ.curvePublicKey(secretKey: secretKey.z85)
        } catch {
            throw Self.unsupported(error)
        }
        self.publicKey = try CurveKey(z85: publicText, source: "libzmq's public key")
        self.secretKey = secretKey
    }

    /// A new random key pair from libzmq.
    ///
    /// - Throws: ``CurveKeyError`` ``CurveKeyError/Code/unsupported`` when libzmq lacks CURVE.
    ///
    /// The corresponding C function is `zmq_curve_keypair`.
    public static func generate() throws(CurveKeyError) -> CurveKeyPair {
        let pair: (publicKey: String, secretKey: String)
        do {
            pair = try ZMQ.curveKeyPair()
        } catch {
            throw unsupported(error)
        }
        return try CurveKeyPair(secretKey: CurveKey(z85: pair.secretKey, source: "libzmq's secret key"))
    }

    /// The paths of the pair named `name` in `directory`: `name.key` (secret) and `name.pub` (public).
    public static func paths(in directory: String, name: String) -> (secretKey: String, publicKey: String) {
        let base = directory.hasSuffix("/") ? directory + name : directory + "/" + name
        return (base + ".key", base + ".pub")
    }

    /// Writes `name.key` (the secret key, mode 0600) and `name.pub` (the public key, mode 0644) in `directory`.
    ///
    /// - Throws: ``CurveKeyError`` ``CurveKeyError/Code/fileExists`` when either file exists and
    ///   `overwrite` is `false` (nothing is written then); ``CurveKeyError/Code/cannotWrite``.
    public func save(in directory: String, name: String, overwrite: Bool = false) throws(CurveKeyError) {
        let paths = Self.paths(in: directory, name: name)
        if !overwrite {
            // Check both before writing either, so that a refusal leaves no half-written pair.
            for path in [paths.publicKey, paths.secretKey] where access(path, F_OK) == 0 {
                throw CurveKeyError(
                    .fileExists, "'\(path)' exists already; remove it or choose another name to write a new key")
            }
        }
        try CurveKeyFile.write(
            secretKey, comment: "PreIndex CURVE secret key '\(name)': keep it private", to: paths.secretKey,
            mode: 0o600, overwrite: overwrite)
        try CurveKeyFile.write(
            publicKey, comment: "PreIndex CURVE public key '\(name)'", to: paths.publicKey,
            mode: 0o644, overwrite: overwrite)
    }

    /// Reads the pair named `name` from `directory`, checking that `name.pub` belongs to `name.key`.
    ///
    /// - Throws: ``CurveKeyError``: ``CurveKeyError/Code/cannotRead`` for a missing or unreadable file,
    ///   ``CurveKeyError/Code/malformedKey`` or ``CurveKeyError/Code/wrongKeyCount`` for a file that is
    ///   not one key, ``CurveKeyError/Code/mismatchedPair`` when the public key is another pair's.
    public static func load(from directory: String, name: String) throws(CurveKeyError) -> CurveKeyPair {
        let paths = Self.paths(in: directory, name: name)
        let pair = try CurveKeyPair(secretKey: CurveKeyFile.readKey(at: paths.secretKey))
        let publicKey = try CurveKeyFile.readKey(at: paths.publicKey)
        guard publicKey == pair.publicKey else {
            throw CurveKeyError(
                .mismatchedPair,
                "'\(paths.publicKey)' is not the public key of '\(paths.secretKey)'; restore the matching"
                    + " file or make a new pair with `preindex keygen`")
        }
        return pair
    }

    private static func unsupported(_ error: ZMQError) -> CurveKeyError {
        CurveKeyError(.unsupported, "libzmq cannot make CURVE keys (\(error)); install a libzmq built with CURVE")
    }
}

import ArgumentParser
import Cluster
import Foundation

/// The CURVE flags of `coordinator`, `worker` and the client commands.
///
/// Keys are the files `preindex keygen NAME` writes: `--key DIR/NAME` names the pair `DIR/NAME.key` +
/// `DIR/NAME.pub`.
struct ClusterSecurityOptions: ParsableArguments {
    @Option(help: "This node's CURVE key pair, as written by `preindex keygen` (PATH for PATH.key and PATH.pub).")
    var key: String?

    @Option(help: "Coordinator: the authorised-keys file (one public key per line) of workers and clients.")
    var authorizedKeys: String?

    @Option(help: "Worker and client: the coordinator's public key file (its NAME.pub).")
    var serverKey: String?

    @Flag(help: "Coordinator: bind non-loopback endpoints without CURVE (anyone reaching them can submit work).")
    var insecure = false

    /// The coordinator's security: CURVE with `--key` and `--authorized-keys`, or plain.
    func server() throws -> ServerSecurity {
        switch (key, authorizedKeys) {
        case (nil, nil):
            return .plain(allowingRemotePeers: insecure)
        case (let key?, let authorized?):
            return .curve(keyPair: try Self.loadPair(key), authorizedKeys: try AuthorizedKeys(contentsOf: authorized))
        default:
            throw ValidationError("a CURVE coordinator needs both --key and --authorized-keys")
        }
    }

    /// A worker's or client's security: CURVE with `--key` and `--server-key`, or plain.
    func client() throws -> ClientSecurity {
        switch (key, serverKey) {
        case (nil, nil):
            return .plain
        case (let key?, let server?):
            return .curve(keyPair: try Self.loadPair(key), serverKey: try CurveKeyFile.readKey(at: server))
        default:
            throw ValidationError("connecting with CURVE needs both --key and --server-key")
        }
    }

    private static func loadPair(_ path: String) throws -> CurveKeyPair {
        let url = URL(fileURLWithPath: path.hasSuffix(".key") ? String(path.dropLast(4)) : path)
        return try CurveKeyPair.load(from: url.deletingLastPathComponent().path, name: url.lastPathComponent)
    }
}

import ArgumentParser
import Cluster

extension Preindex {
    struct Keygen: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create a CURVE key pair for a coordinator, worker or client.",
            discussion: """
                Writes NAME.key (the secret key, mode 0600) and NAME.pub (the public key) into --directory and prints \
                the public key. Give the coordinator's public key to workers and clients as its server key; list \
                every worker's and client's public key, one per line, in the coordinator's authorised-keys file.
                """
        )

        @Argument(help: "The key pair's name, e.g. the node's host name.")
        var name: String

        @Option(help: "Where to write the key files.")
        var directory = "."

        @Flag(help: "Replace existing key files of that name.")
        var overwrite = false

        func validate() throws {
            guard !name.isEmpty, !name.contains("/") else { throw ValidationError("the key name must be a plain file name, got '\(name)'") }
        }

        func run() throws {
            let pair = try CurveKeyPair.generate()
            try pair.save(in: directory, name: name, overwrite: overwrite)
            print(pair.publicKey.z85)
        }
    }
}

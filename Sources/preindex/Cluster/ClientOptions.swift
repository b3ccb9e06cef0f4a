import ArgumentParser
import Cluster

/// How the client commands (`submit`, `status`, `ranking`, `cancel`) reach the coordinator.
struct ClientOptions: ParsableArguments {
    @Option(help: "The coordinator's client endpoint.")
    var connect = ClusterEndpoints.clients

    @Option(help: "The longest wait for one answer, in seconds.")
    var timeout = 30

    @OptionGroup var security: ClusterSecurityOptions

    /// A client connected with these options.
    func makeClient(context: ZMQContext) throws -> ClusterClient {
        try ClusterClient(
            endpoint: connect, context: context, security: try security.client(), timeout: .seconds(timeout))
    }
}

import ArgumentParser
import Cluster
import Foundation

extension Preindex {
    struct CoordinatorCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "coordinator",
            abstract: "Serve a cluster: hand tasks to workers, store results, answer submit/status/ranking.",
            discussion: """
                State lives in --db (SQLite): a coordinator stopped or killed and started again on the same file \
                continues every job, with nothing lost and nothing that finished run twice. Model files are kept in \
                --artifacts (default: beside the database). Without CURVE keys only loopback endpoints are bound, \
                unless --insecure. --metrics HOST:PORT serves Prometheus metrics at http://HOST:PORT/metrics \
                (loopback only unless --insecure). Stops cleanly on SIGTERM or SIGINT.
                """
        )

        @Option(help: "Where workers connect.")
        var workers = ClusterEndpoints.workers

        @Option(help: "Where clients (submit, status, ranking) connect.")
        var clients = ClusterEndpoints.clients

        @Option(help: "The state database (created if missing).")
        var db = "preindex-state.sqlite"

        @Option(help: "Where artifacts are kept (default: DB.artifacts).")
        var artifacts: String?

        @Option(help: "Serve Prometheus metrics over HTTP at this address, e.g. 127.0.0.1:9464 (default: off).")
        var metrics: String?

        @OptionGroup var security: ClusterSecurityOptions
        @OptionGroup var global: GlobalOptions

        func run() throws {
            var logger = global.makeLogger()
            logger.logLevel = min(logger.logLevel, .info)
            let database = try ClusterDatabase(path: db)
            let context = try ZMQContext()
            let coordinator = try Cluster.Coordinator(
                database: database, endpoint: workers, clientEndpoint: clients, context: context,
                security: try security.server(), artifacts: try artifacts.map { try ArtifactCache(directory: $0) },
                metrics: try metrics.map { try MetricsEndpoint(address: $0, allowingRemoteScrapers: security.insecure) },
                logger: logger)
            logger.notice("Coordinator serving workers on \(coordinator.endpoint), clients on \(coordinator.clientEndpoint)")
            if let endpoint = coordinator.metricsEndpoint {
                logger.notice("Metrics at http://\(endpoint.dropFirst("tcp://".count))/metrics")
            }
            let signal = ShutdownSignal.wait()
            logger.notice("Coordinator stopping on \(signal)")
            coordinator.stop()
        }
    }
}

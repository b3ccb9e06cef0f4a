import ArgumentParser
import Cluster
import Energy
import Foundation
import Tensors

extension Preindex {
    struct WorkerCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "worker",
            abstract: "Join a cluster: run the train, measure, calibrate and retrain tasks a coordinator leases.",
            discussion: """
                Runs one task at a time with --threads compute threads, fetching model files from the coordinator \
                by sha256 into --cache and reporting the energy each task used, measured with --energy-method and \
                priced at --region's grid intensity. Reconnects with backoff (1 s doubling to 32 s) when the \
                coordinator goes away. On SIGTERM or SIGINT it hands unstarted work back, lets the running task \
                finish (up to --drain-seconds), and leaves.
                """
        )

        @Option(help: "The coordinator's worker endpoint.")
        var connect = ClusterEndpoints.workers

        @Option(help: "This node's name in the cluster (default: host name and process id).")
        var node: String?

        @Option(help: "Grid region of this machine: ISO 3166 alpha-3 (FRA) or a cloud region (us-central1).")
        var region: String?

        @Option(help: "Energy method: auto (RAPL when readable, else the CPU model), rapl, cpu-model or codecarbon.")
        var energyMethod: EnergyMethodChoice = .auto

        @Option(help: "The CPU's power with every logical CPU busy, in W (overrides the TDP table).")
        var cpuWatts: Double?

        @Option(help: "Where fetched artifacts are cached (default: ~/.cache/preindex/artifacts).")
        var cache: String?

        @Option(help: "How long a stopping worker waits for its running task, in seconds.")
        var drainSeconds = 30

        @OptionGroup var security: ClusterSecurityOptions
        @OptionGroup var global: GlobalOptions

        func validate() throws {
            if let region { _ = try GridIntensity.lookup(region) }
        }

        func run() throws {
            var logger = global.makeLogger()
            logger.logLevel = min(logger.logLevel, .info)
            let nodeID = node ?? "\(ProcessInfo.processInfo.hostName)-\(getpid())"
            let context = try ZMQContext()
            let security = try security.client()
            let artifacts = CoordinatorArtifacts(
                endpoint: connect, context: context, security: security,
                cache: try cache.map { try ArtifactCache(directory: $0) } ?? ArtifactCache())
            let workDirectory = FileManager.default.temporaryDirectory
                .appendingPathComponent("preindex-worker-\(nodeID)").path
            try FileManager.default.createDirectory(atPath: workDirectory, withIntermediateDirectories: true)
            let runner = try TaskRunner(
                nodeID: nodeID, region: region ?? "", energy: EnergyOptions(method: energyMethod, cpuWatts: cpuWatts),
                artifacts: artifacts, workDirectory: workDirectory, logger: logger)
            let worker = try Cluster.Worker(
                nodeID: nodeID, endpoint: connect, context: context, security: security,
                configuration: .init(
                    threads: 1, computeThreads: Compute.threadCount, region: region ?? "",
                    drainTimeout: .seconds(drainSeconds)),
                logger: logger, executor: runner.run)
            logger.notice("Worker \(nodeID) joined \(connect) with \(Compute.threadCount) compute threads")
            let signal = ShutdownSignal.wait()
            logger.notice("Worker \(nodeID) stopping on \(signal)")
            worker.stop()
        }
    }
}

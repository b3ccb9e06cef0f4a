import Energy
import Foundation
import Logging
import Tensors

/// A coordinator and its workers in one process, talking over `inproc://`: the embedded default of
/// `preindex demo`, and the cluster path of the benchmarks.
///
/// It is the same ``Coordinator``, ``Worker`` and ``TaskRunner`` a real cluster runs, with the same wire
/// messages and store; only the transport stays inside the process.
public final class LocalCluster {
    /// The ZeroMQ context every socket of the cluster shares.
    public let context: ZMQContext
    /// The coordinator.
    public let coordinator: Coordinator
    /// The workers, one per entry of the regions given.
    public let workers: [Worker]

    /// Starts a coordinator on `database` and one worker per entry of `regions`, each running one task at a time.
    ///
    /// - Parameters:
    ///   - database: The coordinator's store; a file keeps results (and trained models) between runs.
    ///   - regions: The grid region of each worker (`""` for the world average).
    ///   - energy: How the workers measure energy.
    ///   - artifactDirectory: Where the coordinator keeps artifacts; workers cache theirs in subdirectories.
    ///   - configuration: The coordinator's timings.
    ///   - logger: Where coordinator and workers log.
    public init(
        database: ClusterDatabase, regions: [String], energy: EnergyOptions = EnergyOptions(),
        artifactDirectory: String, configuration: Coordinator.Configuration = Coordinator.Configuration(),
        logger: Logger
    ) throws {
        precondition(!regions.isEmpty, "a local cluster needs at least one worker")
        let context = try ZMQContext()
        let name = UUID().uuidString
        let coordinator = try Coordinator(
            database: database, endpoint: "inproc://preindex-local-\(name)", context: context,
            artifacts: try ArtifactCache(directory: artifactDirectory + "/coordinator"), configuration: configuration,
            logger: logger)
        self.workers = try regions.enumerated().map { index, region in
            let nodeID = "local-\(index + 1)"
            let workDirectory = artifactDirectory + "/" + nodeID + "-work"
            try FileManager.default.createDirectory(atPath: workDirectory, withIntermediateDirectories: true)
            let artifacts = CoordinatorArtifacts(
                endpoint: coordinator.endpoint, context: context,
                cache: try ArtifactCache(directory: artifactDirectory + "/" + nodeID))
            let runner = try TaskRunner(
                nodeID: nodeID, region: region, energy: energy, artifacts: artifacts,
                workDirectory: workDirectory, logger: logger)
            return try Worker(
                nodeID: nodeID, endpoint: coordinator.endpoint, context: context,
                configuration: .init(
                    threads: 1, computeThreads: Compute.threadCount, region: region, heartbeatInterval: configuration.heartbeatInterval,
                    missedHeartbeatLimit: configuration.missedHeartbeatLimit),
                logger: logger, executor: runner.run)
        }
        self.context = context
        self.coordinator = coordinator
    }

    /// A client of the coordinator, for submitting jobs and reading status and rankings.
    public func client(timeout: Duration = .seconds(30)) throws(ClusterClientError) -> ClusterClient {
        try ClusterClient(endpoint: coordinator.clientEndpoint, context: context, timeout: timeout)
    }

    /// Stops the workers, then the coordinator.
    public func stop() {
        for worker in workers { worker.stop() }
        coordinator.stop()
    }

    deinit {
        stop()
    }
}

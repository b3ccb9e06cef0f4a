/// Artifacts reached through the coordinator: fetched by sha256 into the worker's on-disk cache, published by
/// uploading them. The worker's ``ArtifactAccess`` in a cluster.
///
/// Each call opens its own short connection (a ``ClusterClient``), so that executor threads never share the worker
/// loop's socket and a large transfer does not hold up heartbeats.
public struct CoordinatorArtifacts: ArtifactAccess {
    /// The coordinator's worker endpoint.
    public let endpoint: String
    /// The worker's cache of fetched artifacts.
    public let cache: ArtifactCache
    private let context: ZMQContext
    private let security: ClientSecurity

    /// Artifacts of the coordinator at `endpoint`, cached in `cache`.
    public init(endpoint: String, context: ZMQContext, security: ClientSecurity = .plain, cache: ArtifactCache) {
        self.endpoint = endpoint
        self.context = context
        self.security = security
        self.cache = cache
    }

    /// The cached file of artifact `sha256`, fetched from the coordinator first when it is not cached.
    public func localPath(ofArtifact sha256: String) throws -> String {
        if let cached = try cache.lookup(sha256) { return cached }
        return try ClusterClient(endpoint: endpoint, context: context, security: security, timeout: .seconds(60))
            .fetch(sha256: sha256, into: cache)
    }

    /// Uploads the file at `path` to the coordinator and returns once it is stored there.
    public func publish(file path: String, sha256: String, name: String, taskID: String) throws {
        try ClusterClient(endpoint: endpoint, context: context, security: security, timeout: .seconds(60))
            .upload(file: path, sha256: sha256, name: name, taskID: taskID)
    }
}

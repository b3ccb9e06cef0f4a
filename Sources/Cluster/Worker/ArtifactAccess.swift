/// Where a worker's tasks get model files by sha256 and where they put the files they produce.
public protocol ArtifactAccess: Sendable {
    /// A local path to the verified bytes of artifact `sha256`, fetched and cached when needed.
    func localPath(ofArtifact sha256: String) throws -> String
    /// Hands the file at `path` (whose SHA-256 is `sha256`) to the coordinator under `name`, as produced by task `taskID`.
    func publish(file path: String, sha256: String, name: String, taskID: String) throws
}

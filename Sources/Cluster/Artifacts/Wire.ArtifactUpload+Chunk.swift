extension Wire.ArtifactUpload {
    /// The upload carrying `chunk`'s bytes, for a worker sending an artifact it produced.
    ///
    /// - Parameters:
    ///   - chunk: A chunk from ``ArtifactChunker/chunk(at:maxBytes:)``.
    ///   - name: A readable name for listings; with `taskID`, under 64 KiB so the envelope stays under
    ///     ``Wire/maximumMessageSize`` (see ``ArtifactChunker/maximumChunkByteCount``).
    ///   - taskID: The task that produced the artifact.
    public init(_ chunk: Wire.ArtifactChunk, name: String, taskID: String) {
        self.init(
            sha256: chunk.sha256, offset: chunk.offset, data: chunk.data, totalSize: chunk.totalSize, name: name,
            taskID: taskID)
    }
}

import Foundation

extension ArtifactCache {
    /// One cached artifact as the directory shows it.
    public struct Entry: Sendable, Hashable {
        /// The artifact's sha256, its file's name.
        public var sha256: String
        /// The file's size in bytes.
        public var size: UInt64
        /// When it was last inserted or looked up: seconds since 1970 (the file's access time).
        public var lastUsed: Double

        /// Creates the value from its fields.
        public init(sha256: String, size: UInt64, lastUsed: Double) {
            self.sha256 = sha256
            self.size = size
            self.lastUsed = lastUsed
        }
    }

    /// The cached artifacts, least recently used first (ties by sha256); files whose names are not digests,
    /// and `partial/`, are left out.
    ///
    /// - Throws: ``ArtifactError`` ``ArtifactError/Code/fileSystem`` when the directory cannot be listed.
    public func entries() throws(ArtifactError) -> [Entry] {
        var entries: [(entry: Entry, accessed: timespec)] = []
        for name in try ArtifactFile.names(in: directory) where isArtifactDigest(name) {
            // A file evicted by another process between listing and inspecting is simply gone.
            guard let status = try ArtifactFile.status(directory + "/" + name) else { continue }
            let lastUsed = Double(status.accessed.tv_sec) + Double(status.accessed.tv_nsec) / 1e9
            entries.append((Entry(sha256: name, size: status.size, lastUsed: lastUsed), status.accessed))
        }
        entries.sort { a, b in
            (a.accessed.tv_sec, a.accessed.tv_nsec, a.entry.sha256)
                < (b.accessed.tv_sec, b.accessed.tv_nsec, b.entry.sha256)
        }
        return entries.map(\.entry)
    }

    /// The bytes the cached artifacts take together.
    ///
    /// - Throws: ``ArtifactError`` ``ArtifactError/Code/fileSystem`` when the directory cannot be listed.
    public func totalSize() throws(ArtifactError) -> UInt64 {
        try entries().reduce(0) { $0 + $1.size }
    }

    /// Removes the least recently used artifacts until the rest take at most `byteCount` bytes.
    ///
    /// Artifacts in `keeping` stay even when the cache cannot fit otherwise (an artifact larger than the limit
    /// just inserted stays until the next eviction).
    ///
    /// - Returns: The sha256 of each removed artifact, in the order removed.
    /// - Throws: ``ArtifactError`` ``ArtifactError/Code/fileSystem`` when the directory cannot be listed or a
    ///   file cannot be removed (those removed before stay removed).
    @discardableResult
    public func evict(downTo byteCount: UInt64, keeping: Set<String> = []) throws(ArtifactError) -> [String] {
        let entries = try entries()
        var total = entries.reduce(0) { $0 + $1.size }
        var removed: [String] = []
        for entry in entries where total > byteCount && !keeping.contains(entry.sha256) {
            try ArtifactFile.remove(directory + "/" + entry.sha256)
            total -= entry.size
            removed.append(entry.sha256)
        }
        return removed
    }
}

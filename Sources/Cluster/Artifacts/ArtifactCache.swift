import Foundation

/// A directory of artifacts, each a file named by its sha256, filled only with bytes checked against that name.
///
/// Workers keep the models and dataset files they fetched here, so a second task on the same model needs no
/// transfer; the coordinator can keep uploaded artifacts the same way. A file enters only through
/// ``insert(file:expectedSHA256:)`` or an ``ArtifactAssembler``: the bytes are written to `partial/` inside the
/// directory, hashed, flushed, then renamed into place, so a cached file is always complete and correct, and
/// processes inserting the same digest at once are safe (the last rename wins, with identical bytes).
///
/// With a ``sizeLimit``, inserting evicts the least recently used files (by access time, which ``lookup(_:)``
/// and inserts set) until the cache fits. A process that has a file open keeps reading it after eviction.
///
/// The value holds only the directory and the limit; several values for one directory share the same files.
public struct ArtifactCache: Sendable {
    /// The cache's directory.
    public let directory: String
    /// The most bytes the cached files may take together, or `nil` for no limit.
    public let sizeLimit: UInt64?

    /// `~/.cache/preindex/artifacts`, under `$HOME`.
    public static var defaultDirectory: String {
        let home = ProcessInfo.processInfo.environment["HOME"] ?? NSHomeDirectory()
        return home + "/.cache/preindex/artifacts"
    }

    /// A cache in `directory`, created with its parents when missing.
    ///
    /// - Parameters:
    ///   - directory: Where the files go; ``defaultDirectory`` unless given.
    ///   - sizeLimit: The most bytes the cached files may take together, or `nil` for no limit.
    /// - Throws: ``ArtifactError`` ``ArtifactError/Code/fileSystem`` when the directory cannot be created.
    public init(directory: String = defaultDirectory, sizeLimit: UInt64? = nil) throws(ArtifactError) {
        self.directory = directory
        self.sizeLimit = sizeLimit
        try ArtifactFile.makeDirectory(partialDirectory)
    }

    /// Where the artifact `sha256` is or would be: `<directory>/<sha256>`.
    ///
    /// - Throws: ``ArtifactError`` ``ArtifactError/Code/malformedDigest`` when `sha256` is not 64 lowercase
    ///   hexadecimal digits (so no string from the network can name a path outside the cache).
    public func path(for sha256: String) throws(ArtifactError) -> String {
        try checkArtifactDigest(sha256, "the artifact sha256")
        return directory + "/" + sha256
    }

    /// Whether the artifact `sha256` is cached; `false` for a malformed digest.
    public func contains(_ sha256: String) -> Bool {
        guard let path = try? path(for: sha256) else { return false }
        return (try? ArtifactFile.status(path)) != nil
    }

    /// The path of the cached artifact `sha256`, marked as just used; `nil` when it is not cached.
    ///
    /// - Throws: ``ArtifactError`` ``ArtifactError/Code/malformedDigest`` for a malformed digest;
    ///   ``ArtifactError/Code/fileSystem`` when the file's access time cannot be set.
    public func lookup(_ sha256: String) throws(ArtifactError) -> String? {
        let path = try path(for: sha256)
        return try ArtifactFile.touch(path) ? path : nil
    }

    /// Copies the file at `path` into the cache as artifact `expectedSHA256`, checking its digest on the way.
    ///
    /// The file is read once, hashed while it is copied; the source is left as it is. When the artifact is
    /// already cached nothing is copied.
    ///
    /// - Returns: The cached file's path.
    /// - Throws: ``ArtifactError`` ``ArtifactError/Code/digestMismatch`` when the file's bytes have another
    ///   sha256 (the cache is unchanged); ``ArtifactError/Code/malformedDigest`` for a malformed digest;
    ///   ``ArtifactError/Code/fileSystem`` when a file cannot be read or written.
    @discardableResult
    public func insert(file path: String, expectedSHA256: String) throws(ArtifactError) -> String {
        if let cached = try lookup(expectedSHA256) { return cached }
        let source = try ArtifactFile.open(reading: path)
        let partial = try makePartialFile(for: expectedSHA256)
        do throws(ArtifactError) {
            var hash = SHA256()
            var piece = [UInt8](repeating: 0, count: ArtifactChunker.defaultChunkByteCount)
            var offset: UInt64 = 0
            while true {
                let count = try source.read(into: &piece, at: offset)
                if count == 0 { break }
                hash.update(piece[0..<count])
                try partial.write(piece[0..<count], at: offset)
                offset += UInt64(count)
            }
            guard hash.hex == expectedSHA256 else {
                throw Self.digestMismatch(what: "the bytes of '\(path)'", expected: expectedSHA256, actual: hash.hex)
            }
            return try publish(partial, as: expectedSHA256)
        } catch {
            try? ArtifactFile.remove(partial.path)
            throw error
        }
    }

    /// Moves the finished file `partial` (inside `partial/`) into place as artifact `sha256` after checking its
    /// digest; removes it instead when the digest differs. The assembler's last step.
    func adopt(_ partial: ArtifactFile, as sha256: String) throws(ArtifactError) -> String {
        do throws(ArtifactError) {
            let actual = try partial.digest()
            guard actual == sha256 else {
                throw Self.digestMismatch(what: "the received bytes", expected: sha256, actual: actual)
            }
            return try publish(partial, as: sha256)
        } catch {
            try? ArtifactFile.remove(partial.path)
            throw error
        }
    }

    /// A new, empty, uniquely named file in `partial/` for artifact `sha256`.
    func makePartialFile(for sha256: String) throws(ArtifactError) -> ArtifactFile {
        try checkArtifactDigest(sha256, "the artifact sha256")
        // 64 random bits make a clash between processes negligible; O_EXCL turns one into an error, not a mix-up.
        let name = "\(sha256).\(String(UInt64.random(in: 0...UInt64.max), radix: 16)).part"
        return try ArtifactFile.create(partialDirectory + "/" + name)
    }

    /// Flushes `partial` and renames it to the artifact's path, then evicts down to ``sizeLimit`` (best effort:
    /// a file that cannot be removed stays), keeping the new one.
    private func publish(_ partial: ArtifactFile, as sha256: String) throws(ArtifactError) -> String {
        try partial.sync()
        let destination = try path(for: sha256)
        try ArtifactFile.rename(partial.path, to: destination)
        try ArtifactFile.touch(destination)
        if let sizeLimit { _ = try? evict(downTo: sizeLimit, keeping: [sha256]) }
        return destination
    }

    /// Where files are written before they are checked and renamed into place.
    var partialDirectory: String { directory + "/partial" }

    /// The error for bytes named `expected` that hash to `actual`.
    private static func digestMismatch(what: String, expected: String, actual: String) -> ArtifactError {
        ArtifactError(
            .digestMismatch,
            "\(what) have sha256 \(actual), not the expected \(expected); they are corrupt or another artifact, "
                + "so they were not cached")
    }
}

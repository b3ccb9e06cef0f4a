/// Cuts an artifact (a file, or bytes in memory) into ``Wire/ArtifactChunk``s small enough for one envelope each.
///
/// The coordinator answers a worker's ``Wire/ArtifactRequest`` with ``chunk(answering:)``; a worker uploading a
/// retrained model walks ``offsets`` and sends ``chunk(at:)`` of each as an ``Wire/ArtifactUpload``
/// (``Wire/ArtifactUpload/init(_:name:taskID:)``). A file is read one chunk at a time, positionally, and never
/// held whole in memory; the chunker itself holds only the path, so it is a plain value to share.
///
/// ```swift
/// let chunker = try ArtifactChunker(file: "model.safetensors", sha256: digest)
/// for offset in chunker.offsets {
///     try send(.artifactChunk(chunker.chunk(at: offset)))
/// }
/// ```
///
/// An empty artifact is one empty chunk at offset 0, so that the receiver still learns its size.
public struct ArtifactChunker: Sendable {
    /// Where the bytes are.
    public enum Source: Sendable, Equatable {
        /// A file, read chunk by chunk.
        case file(path: String)
        /// Bytes in memory (an artifact kept in the cluster database).
        case bytes([UInt8])
    }

    /// Where the bytes are.
    public let source: Source
    /// The SHA-256 of the whole artifact, 64 lowercase hexadecimal digits.
    public let sha256: String
    /// The artifact's size in bytes, taken when the chunker was made.
    public let totalSize: UInt64
    /// The most bytes one chunk carries.
    public let chunkByteCount: Int

    /// The chunk size used unless another is given: 1 MiB, small enough to interleave with heartbeats.
    public static let defaultChunkByteCount = 1 << 20

    /// The largest chunk size: ``Wire/maximumMessageSize`` less 64 KiB for the rest of the envelope.
    ///
    /// The rest of an ``Wire/ArtifactChunk`` envelope is about 110 bytes (version, digest, offset, size, field
    /// headers); an ``Wire/ArtifactUpload`` adds its name and task identifier, which therefore must stay under
    /// 64 KiB together.
    public static let maximumChunkByteCount = Wire.maximumMessageSize - (64 << 10)

    /// A chunker for the file at `path`.
    ///
    /// - Parameters:
    ///   - path: The file; its size is read now, and reading a chunk later fails if the size changed.
    ///   - sha256: The file's SHA-256 when known (the coordinator's store has it), else `nil` to hash the file now.
    ///   - chunkByteCount: The most bytes per chunk, from 1 to ``maximumChunkByteCount``.
    /// - Throws: ``ArtifactError`` ``ArtifactError/Code/malformedDigest`` when `sha256` is not 64 lowercase
    ///   hexadecimal digits; ``ArtifactError/Code/fileSystem`` when the file cannot be opened or read.
    public init(file path: String, sha256: String? = nil, chunkByteCount: Int = defaultChunkByteCount)
        throws(ArtifactError)
    {
        Self.check(chunkByteCount)
        let file = try ArtifactFile.open(reading: path)
        let digest: String
        if let sha256 { digest = sha256 } else { digest = try file.digest() }
        try checkArtifactDigest(digest, "the sha256 given for '\(path)'")
        self.source = .file(path: path)
        self.sha256 = digest
        self.totalSize = try file.size()
        self.chunkByteCount = chunkByteCount
    }

    /// A chunker for `bytes`, whose SHA-256 is computed.
    ///
    /// - Parameter chunkByteCount: The most bytes per chunk, from 1 to ``maximumChunkByteCount``.
    public init(bytes: [UInt8], chunkByteCount: Int = defaultChunkByteCount) {
        Self.check(chunkByteCount)
        self.source = .bytes(bytes)
        self.sha256 = SHA256.hex(SHA256.hash(bytes))
        self.totalSize = UInt64(bytes.count)
        self.chunkByteCount = chunkByteCount
    }

    /// The offset of every chunk, in order: `0, chunkByteCount, 2·chunkByteCount, …` below ``totalSize``, and
    /// just `0` for an empty artifact.
    public var offsets: StrideTo<UInt64> {
        stride(from: 0, to: max(totalSize, 1), by: chunkByteCount)
    }

    /// The number of chunks: ⌈size / chunkByteCount⌉, and 1 for an empty artifact.
    public var chunkCount: Int {
        totalSize == 0 ? 1 : Int((totalSize - 1) / UInt64(chunkByteCount) + 1)
    }

    /// The chunk of at most `maxBytes` bytes (and at most ``chunkByteCount``) starting at `offset`.
    ///
    /// - Parameters:
    ///   - offset: The first byte; from 0 to ``totalSize`` (at ``totalSize`` the chunk is empty).
    ///   - maxBytes: A smaller limit than ``chunkByteCount``, or `nil`.
    /// - Throws: ``ArtifactError`` ``ArtifactError/Code/chunkOutOfRange`` when `offset` is past the end;
    ///   ``ArtifactError/Code/sourceChanged`` when the file is now shorter than it was;
    ///   ``ArtifactError/Code/fileSystem`` when it cannot be read.
    public func chunk(at offset: UInt64, maxBytes: Int? = nil) throws(ArtifactError) -> Wire.ArtifactChunk {
        guard offset <= totalSize else {
            throw ArtifactError(
                .chunkOutOfRange,
                "artifact \(sha256) has \(totalSize) bytes; a chunk at offset \(offset) starts past its end")
        }
        let limit = min(max(maxBytes ?? chunkByteCount, 0), chunkByteCount)
        let count = Int(min(UInt64(limit), totalSize - offset))
        let data: [UInt8]
        switch source {
        case .bytes(let bytes):
            data = Array(bytes[Int(offset)..<(Int(offset) + count)])
        case .file(let path):
            data = try ArtifactFile.open(reading: path).read(count: count, at: offset)
            guard data.count == count else {
                throw ArtifactError(
                    .sourceChanged,
                    "'\(path)' ends at byte \(offset + UInt64(data.count)) but had \(totalSize) bytes when artifact "
                        + "\(sha256) was offered; it changed while being sent, so offer it again")
            }
        }
        return Wire.ArtifactChunk(sha256: sha256, offset: offset, data: data, totalSize: totalSize)
    }

    /// The chunk answering `request`: from its offset, at most its `maxBytes` (0 means no limit of its own) and
    /// at most ``chunkByteCount``.
    ///
    /// - Throws: ``ArtifactError`` ``ArtifactError/Code/wrongArtifact`` when the request names another
    ///   artifact; otherwise as ``chunk(at:maxBytes:)``.
    public func chunk(answering request: Wire.ArtifactRequest) throws(ArtifactError) -> Wire.ArtifactChunk {
        guard request.sha256 == sha256 else {
            throw ArtifactError(
                .wrongArtifact, "a request for artifact \(request.sha256) reached the chunker of artifact \(sha256)")
        }
        return try chunk(at: request.offset, maxBytes: request.maxBytes == 0 ? nil : Int(request.maxBytes))
    }

    /// Traps unless `chunkByteCount` is a usable chunk size (a caller's constant, not data).
    private static func check(_ chunkByteCount: Int) {
        precondition(
            (1...maximumChunkByteCount).contains(chunkByteCount),
            "chunkByteCount \(chunkByteCount) is outside 1...\(maximumChunkByteCount)")
    }
}

/// Puts an artifact together from chunks that arrive in any order, possibly twice, and caches it once complete.
///
/// A worker that needs artifact `sha256` makes an assembler on its ``ArtifactCache``: when the cache has the
/// artifact already the assembler is complete at once and asks for nothing. Otherwise the worker sends
/// ``requests(maxBytes:)``, passes every ``Wire/ArtifactChunk`` that comes back to
/// ``receive(_:)-(Wire.ArtifactChunk)``, and asks again for what is still missing (``missingRanges``) after a
/// timeout. The coordinator assembles a worker's ``Wire/ArtifactUpload``s the same way.
///
/// Chunks are written at their offsets into a file in the cache's `partial/` directory, never held in memory.
/// When the last missing byte arrives the file's size and sha256 are checked and it is renamed into the cache.
///
/// A chunk that shows the bytes cannot be trusted (past the declared size, another total size, overlapping bytes
/// already received with different ones) or a wrong final digest fails the assembly: the partial file is removed,
/// the cache is unchanged, and every later call throws the same error; start a new assembler to try again. A
/// chunk of another artifact is only refused: it leaves the assembly as it was.
///
/// An assembler is used from one task at a time; dropping it unfinished removes its partial file.
public final class ArtifactAssembler {
    /// The sha256 of the artifact being assembled.
    public let sha256: String
    /// The cache the artifact goes into.
    public let cache: ArtifactCache
    /// The artifact's size, once known from the caller or the first chunk.
    public private(set) var totalSize: UInt64?
    /// The cached file, once the artifact is complete.
    public private(set) var cachedPath: String?

    /// The partial file, from the first chunk until completion or failure.
    private var file: ArtifactFile?
    /// The byte ranges written to ``file``.
    private var received = ByteRanges()
    /// The error that ended the assembly, thrown again by every later call.
    private var failure: ArtifactError?

    /// An assembler for artifact `sha256` into `cache`; complete at once when the cache has it.
    ///
    /// - Parameters:
    ///   - sha256: The artifact's sha256, 64 lowercase hexadecimal digits.
    ///   - cache: Where the finished file goes, and where it is looked up first.
    ///   - expectedSize: The size when known beforehand (from the coordinator's store); chunks declaring another
    ///     fail the assembly.
    /// - Throws: ``ArtifactError`` ``ArtifactError/Code/malformedDigest`` for a malformed `sha256`;
    ///   ``ArtifactError/Code/digestMismatch`` when `expectedSize` is 0 and `sha256` is not the empty digest;
    ///   ``ArtifactError/Code/fileSystem`` when the cache cannot be read.
    public init(sha256: String, cache: ArtifactCache, expectedSize: UInt64? = nil) throws(ArtifactError) {
        try checkArtifactDigest(sha256, "the sha256 of the artifact to assemble")
        self.sha256 = sha256
        self.cache = cache
        self.totalSize = expectedSize
        cachedPath = try cache.lookup(sha256)
        if cachedPath == nil { try finishIfComplete() }
    }

    deinit {
        if let file { try? ArtifactFile.remove(file.path) }
    }

    /// Whether the artifact is in the cache at ``cachedPath``.
    public var isComplete: Bool { cachedPath != nil }

    /// The number of distinct bytes received so far.
    public var receivedByteCount: UInt64 { received.count }

    /// The byte ranges still to receive, in order; empty once complete, `nil` while the size is unknown (no
    /// chunk yet and no expected size).
    public var missingRanges: [Range<UInt64>]? {
        if isComplete { return [] }
        return totalSize.map { received.gaps(below: $0) }
    }

    /// The requests that would bring every missing byte, each for at most `maxBytes` bytes.
    ///
    /// While the size is unknown this is one request at offset 0 (its answer tells the size); once complete, or
    /// after a failure, none.
    ///
    /// - Parameter maxBytes: The most bytes per request, clamped to 1…``ArtifactChunker/maximumChunkByteCount``.
    public func requests(maxBytes: Int = ArtifactChunker.defaultChunkByteCount) -> [Wire.ArtifactRequest] {
        guard failure == nil else { return [] }
        let step = UInt64(min(max(maxBytes, 1), ArtifactChunker.maximumChunkByteCount))
        guard let missing = missingRanges else {
            return [Wire.ArtifactRequest(sha256: sha256, offset: 0, maxBytes: UInt32(step))]
        }
        return missing.flatMap { range in
            stride(from: range.lowerBound, to: range.upperBound, by: Int(step)).map { offset in
                Wire.ArtifactRequest(
                    sha256: sha256, offset: offset, maxBytes: UInt32(min(step, range.upperBound - offset)))
            }
        }
    }

    /// Takes one chunk answering a request.
    ///
    /// - Returns: The cached file's path once the artifact is complete (this chunk completed it or an earlier
    ///   one did), else `nil`.
    /// - Throws: ``ArtifactError``: ``ArtifactError/Code/wrongArtifact`` for a chunk of another artifact (the
    ///   assembly goes on); ending the assembly, ``ArtifactError/Code/inconsistentSize``,
    ///   ``ArtifactError/Code/chunkOutOfRange``, ``ArtifactError/Code/conflictingBytes``,
    ///   ``ArtifactError/Code/sizeMismatch``, ``ArtifactError/Code/digestMismatch`` and
    ///   ``ArtifactError/Code/fileSystem``.
    @discardableResult
    public func receive(_ chunk: Wire.ArtifactChunk) throws(ArtifactError) -> String? {
        try receive(sha256: chunk.sha256, offset: chunk.offset, data: chunk.data, totalSize: chunk.totalSize)
    }

    /// Takes one chunk of an artifact a worker uploads; as ``receive(_:)-(Wire.ArtifactChunk)``.
    @discardableResult
    public func receive(_ upload: Wire.ArtifactUpload) throws(ArtifactError) -> String? {
        try receive(sha256: upload.sha256, offset: upload.offset, data: upload.data, totalSize: upload.totalSize)
    }

    /// Gives up: removes the partial file; later calls throw ``ArtifactError/Code/cancelled``. A complete
    /// artifact stays cached.
    public func cancel() {
        guard !isComplete, failure == nil else { return }
        fail(ArtifactError(.cancelled, "the assembly of artifact \(sha256) was cancelled; start a new one"))
    }

    /// The one path for chunks and uploads.
    private func receive(sha256 chunkDigest: String, offset: UInt64, data: [UInt8], totalSize declared: UInt64)
        throws(ArtifactError) -> String?
    {
        if let failure { throw failure }
        guard chunkDigest == sha256 else {
            throw ArtifactError(
                .wrongArtifact,
                "a chunk of artifact \(chunkDigest) reached the assembler of artifact \(sha256); it was ignored")
        }
        if let cachedPath { return cachedPath }
        do throws(ArtifactError) {
            try write(offset: offset, data: data, declared: declared)
            try finishIfComplete()
        } catch {
            fail(error)
            throw error
        }
        return cachedPath
    }

    /// Checks a chunk against the size and the bytes received so far, then writes it.
    private func write(offset: UInt64, data: [UInt8], declared: UInt64) throws(ArtifactError) {
        if let totalSize, totalSize != declared {
            throw ArtifactError(
                .inconsistentSize,
                "a chunk of artifact \(sha256) says it has \(declared) bytes, but it has \(totalSize); the sender "
                    + "is sending another file under its name")
        }
        guard declared <= UInt64(Int64.max) else {
            throw ArtifactError(
                .chunkOutOfRange,
                "a chunk of artifact \(sha256) says it has \(declared) bytes, more than a file can hold")
        }
        let (end, overflow) = offset.addingReportingOverflow(UInt64(data.count))
        guard !overflow, end <= declared else {
            throw ArtifactError(
                .chunkOutOfRange,
                "a chunk of artifact \(sha256) has \(data.count) bytes at offset \(offset), past the end of its "
                    + "\(declared) bytes")
        }
        totalSize = declared
        guard !data.isEmpty else { return }
        let file = try openFile()
        let range = offset..<end
        for overlap in received.intersections(with: range) {
            let stored = try file.read(count: Int(overlap.count), at: overlap.lowerBound)
            let start = Int(overlap.lowerBound - offset)
            if stored[...] != data[start..<(start + stored.count)] {
                throw ArtifactError(
                    .conflictingBytes,
                    "a chunk of artifact \(sha256) at offset \(offset) differs from bytes \(overlap.lowerBound)"
                        + "..<\(overlap.upperBound) received before; the sender's file changed during the transfer")
            }
        }
        try file.write(data[...], at: offset)
        received.insert(range)
    }

    /// Checks and caches the file once every byte is in.
    private func finishIfComplete() throws(ArtifactError) {
        guard let totalSize, received.gaps(below: totalSize).isEmpty else { return }
        let file = try openFile()
        let size = try file.size()
        guard size == totalSize else {
            throw ArtifactError(
                .sizeMismatch,
                "the assembled file '\(file.path)' has \(size) bytes, not the \(totalSize) its chunks declared")
        }
        self.file = nil
        cachedPath = try cache.adopt(file, as: sha256)
    }

    /// The partial file, created on first use.
    private func openFile() throws(ArtifactError) -> ArtifactFile {
        if let file { return file }
        let created = try cache.makePartialFile(for: sha256)
        file = created
        return created
    }

    /// Ends the assembly with `error`: the partial file goes, the error stays.
    private func fail(_ error: ArtifactError) {
        failure = error
        if let file { try? ArtifactFile.remove(file.path) }
        file = nil
    }
}

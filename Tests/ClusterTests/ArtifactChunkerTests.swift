import Cluster
import Foundation
import TestSupport
import Testing

struct ArtifactChunkerTests {
    /// Sizes around the boundaries of 64-byte chunks: empty, one byte, one chunk exactly, one more, several.
    static let sizes = [0, 1, 63, 64, 65, 128, 64 * 3 + 5]

    @Test(arguments: sizes)
    func chunksCoverTheBytesInOrderWithinTheChunkSize(size: Int) throws {
        let bytes = seededBytes(count: size, seed: UInt64(size))
        let chunker = ArtifactChunker(bytes: bytes, chunkByteCount: 64)

        let chunks = try chunker.offsets.map { try chunker.chunk(at: $0) }

        #expect(chunks.count == chunker.chunkCount)
        #expect(chunker.chunkCount == max(1, (size + 63) / 64))
        #expect(chunks.flatMap(\.data) == bytes)
        #expect(chunks.allSatisfy { $0.data.count <= 64 && $0.totalSize == UInt64(size) })
        #expect(chunks.allSatisfy { $0.sha256 == SHA256.hex(SHA256.hash(bytes)) })
        #expect(chunks.map(\.offset) == Array(stride(from: 0, to: max(size, 1), by: 64)).map { UInt64($0) })
    }

    @Test(arguments: sizes)
    func fileChunksEqualTheChunksOfItsBytes(size: Int) throws {
        let bytes = seededBytes(count: size, seed: 100 + UInt64(size))
        let path = try writeTemporaryFile(bytes)
        defer { removeFile(path) }

        let fromFile = try ArtifactChunker(file: path, chunkByteCount: 64)
        let fromBytes = ArtifactChunker(bytes: bytes, chunkByteCount: 64)

        #expect(fromFile.sha256 == fromBytes.sha256)
        #expect(fromFile.totalSize == UInt64(size))
        let fileChunks = try fromFile.offsets.map { try fromFile.chunk(at: $0) }
        #expect(try fileChunks == fromBytes.offsets.map { try fromBytes.chunk(at: $0) })
    }

    @Test func aRequestIsAnsweredFromItsOffsetWithinBothLimits() throws {
        let bytes = seededBytes(count: 300, seed: 7)
        let chunker = ArtifactChunker(bytes: bytes, chunkByteCount: 100)

        let small = try chunker.chunk(answering: .init(sha256: chunker.sha256, offset: 10, maxBytes: 20))
        let capped = try chunker.chunk(answering: .init(sha256: chunker.sha256, offset: 150, maxBytes: 1000))
        let unlimited = try chunker.chunk(answering: .init(sha256: chunker.sha256, offset: 250, maxBytes: 0))
        let atEnd = try chunker.chunk(answering: .init(sha256: chunker.sha256, offset: 300, maxBytes: 10))

        #expect(small.offset == 10 && small.data == Array(bytes[10..<30]))
        #expect(capped.data == Array(bytes[150..<250]))
        #expect(unlimited.data == Array(bytes[250..<300]))
        #expect(atEnd.data.isEmpty && atEnd.totalSize == 300)
    }

    @Test func aRequestPastTheEndThrowsChunkOutOfRange() throws {
        let chunker = ArtifactChunker(bytes: [1, 2, 3])

        let error = #expect(throws: ArtifactError.self) {
            try chunker.chunk(answering: .init(sha256: chunker.sha256, offset: 4, maxBytes: 0))
        }
        #expect(error?.code == .chunkOutOfRange)
        #expect(error?.message.contains("offset 4") == true)
    }

    @Test func aRequestForAnotherArtifactThrowsWrongArtifact() throws {
        let chunker = ArtifactChunker(bytes: [1, 2, 3])
        let other = SHA256.hex(SHA256.hash([4]))

        let error = #expect(throws: ArtifactError.self) {
            try chunker.chunk(answering: .init(sha256: other, offset: 0, maxBytes: 0))
        }
        #expect(error?.code == .wrongArtifact)
    }

    @Test func aFileThatShrankAfterOfferingThrowsSourceChanged() throws {
        let bytes = seededBytes(count: 200, seed: 8)
        let path = try writeTemporaryFile(bytes)
        defer { removeFile(path) }
        let chunker = try ArtifactChunker(file: path, chunkByteCount: 64)
        try Data(bytes[0..<100]).write(to: URL(fileURLWithPath: path))

        #expect(try chunker.chunk(at: 0).data == Array(bytes[0..<64]))
        let error = #expect(throws: ArtifactError.self) { try chunker.chunk(at: 64) }
        #expect(error?.code == .sourceChanged)
        #expect(error?.message.contains(path) == true)
    }

    @Test func aMissingFileThrowsAFileSystemErrorNamingIt() {
        let path = temporaryPath("absent")

        let error = #expect(throws: ArtifactError.self) { try ArtifactChunker(file: path) }
        #expect(error?.code == .fileSystem)
        #expect(error?.message.contains(path) == true)
    }

    @Test func aMalformedDigestForAFileThrowsMalformedDigest() throws {
        let path = try writeTemporaryFile([1, 2, 3])
        defer { removeFile(path) }

        let error = #expect(throws: ArtifactError.self) { try ArtifactChunker(file: path, sha256: "not-a-digest") }
        #expect(error?.code == .malformedDigest)
    }

    @Test func theLargestChunkFitsOneEnvelopeAsChunkAndAsUpload() throws {
        let bytes = [UInt8](repeating: 0xA5, count: ArtifactChunker.maximumChunkByteCount + 1)
        let chunker = ArtifactChunker(bytes: bytes, chunkByteCount: ArtifactChunker.maximumChunkByteCount)
        let chunk = try chunker.chunk(at: 0)
        let upload = Wire.ArtifactUpload(chunk, name: String(repeating: "n", count: 20_000), taskID: "task-123456")

        let chunkBytes = try Wire.Envelope(.artifactChunk(chunk)).encoded()
        let uploadBytes = try Wire.Envelope(.artifactUpload(upload)).encoded()

        #expect(chunk.data.count == ArtifactChunker.maximumChunkByteCount)
        #expect(chunkBytes.count <= Wire.maximumMessageSize)
        #expect(uploadBytes.count <= Wire.maximumMessageSize)
        #expect(try Wire.Envelope(decoding: uploadBytes).body == .artifactUpload(upload))
    }
}

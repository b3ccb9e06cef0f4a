import Cluster
import Foundation
import Tensors
import TestSupport
import Testing

struct ArtifactAssemblerTests {
    @Test(arguments: ArtifactChunkerTests.sizes)
    func chunksInOrderRebuildTheFileInTheCache(size: Int) throws {
        let cache = try makeTestCache()
        defer { removeTree(cache.directory) }
        let bytes = seededBytes(count: size, seed: 200 + UInt64(size))
        let chunker = ArtifactChunker(bytes: bytes, chunkByteCount: 64)
        let assembler = try ArtifactAssembler(sha256: chunker.sha256, cache: cache)

        var paths: [String?] = []
        for offset in chunker.offsets { paths.append(try assembler.receive(chunker.chunk(at: offset))) }

        let path = try #require(paths.last ?? nil)
        #expect(paths.dropLast().allSatisfy { $0 == nil })
        #expect(assembler.isComplete && assembler.missingRanges == [])
        #expect(path == (try cache.path(for: chunker.sha256)))
        #expect(try readBytes(path) == bytes)
        #expect(try partialFiles(cache).isEmpty)
    }

    @Test func shuffledAndDuplicatedChunksRebuildTheFile() throws {
        let cache = try makeTestCache()
        defer { removeTree(cache.directory) }
        let bytes = seededBytes(count: 1000, seed: 9)
        let chunker = ArtifactChunker(bytes: bytes, chunkByteCount: 64)
        var chunks = try chunker.offsets.map { try chunker.chunk(at: $0) }
        chunks += chunks[3..<7]
        var generator = SeededGenerator(seed: 42)
        chunks.shuffle(using: &generator)
        let assembler = try ArtifactAssembler(sha256: chunker.sha256, cache: cache)

        for chunk in chunks { try assembler.receive(chunk) }

        #expect(assembler.isComplete)
        #expect(try readBytes(#require(assembler.cachedPath)) == bytes)
    }

    @Test func overlappingChunksWithEqualBytesAreAccepted() throws {
        let cache = try makeTestCache()
        defer { removeTree(cache.directory) }
        let bytes = seededBytes(count: 200, seed: 10)
        let chunker = ArtifactChunker(bytes: bytes, chunkByteCount: 64)
        let assembler = try ArtifactAssembler(sha256: chunker.sha256, cache: cache)

        try assembler.receive(chunker.chunk(at: 0, maxBytes: 50))
        try assembler.receive(chunker.chunk(at: 30, maxBytes: 64))
        try assembler.receive(chunker.chunk(at: 90, maxBytes: 64))
        try assembler.receive(chunker.chunk(at: 150, maxBytes: 64))

        #expect(try readBytes(#require(assembler.cachedPath)) == bytes)
    }

    @Test func missingRangesAndRequestsNameTheGaps() throws {
        let cache = try makeTestCache()
        defer { removeTree(cache.directory) }
        let chunker = ArtifactChunker(bytes: seededBytes(count: 300, seed: 11), chunkByteCount: 64)
        let assembler = try ArtifactAssembler(sha256: chunker.sha256, cache: cache)

        #expect(assembler.missingRanges == nil)
        #expect(assembler.requests(maxBytes: 64) == [.init(sha256: chunker.sha256, offset: 0, maxBytes: 64)])

        try assembler.receive(chunker.chunk(at: 0))
        try assembler.receive(chunker.chunk(at: 128))

        #expect(assembler.totalSize == 300)
        #expect(assembler.receivedByteCount == 128)
        #expect(assembler.missingRanges == [64..<128, 192..<300])
        #expect(
            assembler.requests(maxBytes: 64).map { [$0.offset, UInt64($0.maxBytes)] }
                == [[64, 64], [192, 64], [256, 44]])
    }

    @Test func answeringTheRequestsUntilNoneAreLeftCompletesTheArtifact() throws {
        let cache = try makeTestCache()
        defer { removeTree(cache.directory) }
        let bytes = seededBytes(count: 5000, seed: 12)
        let chunker = ArtifactChunker(bytes: bytes, chunkByteCount: 256)
        let assembler = try ArtifactAssembler(sha256: chunker.sha256, cache: cache)

        var rounds = 0
        while !assembler.isComplete && rounds < 100 {
            // Every other answer is lost, as if the network dropped it; the next round asks again.
            for (index, request) in assembler.requests(maxBytes: 700).enumerated() where index % 2 == rounds % 2 {
                try assembler.receive(chunker.chunk(answering: request))
            }
            rounds += 1
        }

        #expect(assembler.isComplete)
        #expect(assembler.requests().isEmpty)
        #expect(try readBytes(#require(assembler.cachedPath)) == bytes)
    }

    @Test func uploadsAssembleLikeChunks() throws {
        let cache = try makeTestCache()
        defer { removeTree(cache.directory) }
        let bytes = seededBytes(count: 150, seed: 13)
        let chunker = ArtifactChunker(bytes: bytes, chunkByteCount: 64)
        let assembler = try ArtifactAssembler(sha256: chunker.sha256, cache: cache, expectedSize: 150)

        for offset in chunker.offsets.reversed() {
            try assembler.receive(Wire.ArtifactUpload(chunker.chunk(at: offset), name: "m.safetensors", taskID: "7"))
        }

        #expect(try readBytes(#require(assembler.cachedPath)) == bytes)
    }

    @Test func aCachedArtifactNeedsNoTransfer() throws {
        let cache = try makeTestCache()
        defer { removeTree(cache.directory) }
        let digest = try insertSeeded(into: cache, count: 500, seed: 14)

        let assembler = try ArtifactAssembler(sha256: digest, cache: cache)

        #expect(assembler.isComplete)
        #expect(assembler.cachedPath == (try cache.path(for: digest)))
        #expect(assembler.requests().isEmpty)
        #expect(assembler.missingRanges == [])
        #expect(try partialFiles(cache).isEmpty)
    }

    @Test func anEmptyArtifactOfExpectedSizeZeroIsCompleteAtOnce() throws {
        let cache = try makeTestCache()
        defer { removeTree(cache.directory) }
        let empty = SHA256.hex(SHA256.hash([]))

        let assembler = try ArtifactAssembler(sha256: empty, cache: cache, expectedSize: 0)

        #expect(try readBytes(#require(assembler.cachedPath)) == [])
    }

    @Test func bytesWithAnotherDigestFailAndLeaveTheCacheUntouched() throws {
        let cache = try makeTestCache()
        defer { removeTree(cache.directory) }
        let claimed = SHA256.hex(SHA256.hash(seededBytes(count: 100, seed: 15)))
        let actual = ArtifactChunker(bytes: seededBytes(count: 100, seed: 16), chunkByteCount: 64)
        let assembler = try ArtifactAssembler(sha256: claimed, cache: cache)

        try assembler.receive(relabelled(actual.chunk(at: 0), as: claimed))
        let error = try #require(throws: ArtifactError.self) {
            try assembler.receive(relabelled(actual.chunk(at: 64), as: claimed))
        }

        #expect(error.code == .digestMismatch)
        #expect(error.message.contains(claimed) && error.message.contains(actual.sha256))
        expectFailedCleanly(assembler, cache, with: error)
    }

    @Test func aChunkPastTheDeclaredSizeFailsTheAssembly() throws {
        let cache = try makeTestCache()
        defer { removeTree(cache.directory) }
        let chunker = ArtifactChunker(bytes: seededBytes(count: 100, seed: 17), chunkByteCount: 64)
        let assembler = try ArtifactAssembler(sha256: chunker.sha256, cache: cache)
        try assembler.receive(chunker.chunk(at: 0))

        let error = try #require(throws: ArtifactError.self) {
            try assembler.receive(
                .init(sha256: chunker.sha256, offset: 90, data: Array(repeating: 1, count: 20), totalSize: 100))
        }

        #expect(error.code == .chunkOutOfRange)
        #expect(error.message.contains("offset 90"))
        expectFailedCleanly(assembler, cache, with: error)
    }

    @Test func aHugeDeclaredSizeOrOverflowingOffsetIsOutOfRange() throws {
        let cache = try makeTestCache()
        defer { removeTree(cache.directory) }
        let digest = SHA256.hex(SHA256.hash([1]))

        for chunk in [
            Wire.ArtifactChunk(sha256: digest, offset: .max, data: [1, 2], totalSize: .max),
            Wire.ArtifactChunk(sha256: digest, offset: 1 << 62, data: [1], totalSize: 1 << 63),
        ] {
            let assembler = try ArtifactAssembler(sha256: digest, cache: cache)
            let error = #expect(throws: ArtifactError.self) { try assembler.receive(chunk) }
            #expect(error?.code == .chunkOutOfRange)
        }
    }

    @Test func chunksDeclaringDifferentTotalSizesFailTheAssembly() throws {
        let cache = try makeTestCache()
        defer { removeTree(cache.directory) }
        let chunker = ArtifactChunker(bytes: seededBytes(count: 100, seed: 18), chunkByteCount: 64)
        let assembler = try ArtifactAssembler(sha256: chunker.sha256, cache: cache)
        try assembler.receive(chunker.chunk(at: 0))
        var chunk = try chunker.chunk(at: 64)
        chunk.totalSize = 101

        let error = try #require(throws: ArtifactError.self) { try assembler.receive(chunk) }

        #expect(error.code == .inconsistentSize)
        #expect(error.message.contains("101") && error.message.contains("100"))
        expectFailedCleanly(assembler, cache, with: error)
    }

    @Test func aChunkContradictingTheExpectedSizeFailsTheAssembly() throws {
        let cache = try makeTestCache()
        defer { removeTree(cache.directory) }
        let chunker = ArtifactChunker(bytes: seededBytes(count: 100, seed: 19), chunkByteCount: 64)
        let assembler = try ArtifactAssembler(sha256: chunker.sha256, cache: cache, expectedSize: 99)

        let error = try #require(throws: ArtifactError.self) { try assembler.receive(chunker.chunk(at: 0)) }

        #expect(error.code == .inconsistentSize)
        expectFailedCleanly(assembler, cache, with: error)
    }

    @Test func anOverlappingChunkWithDifferentBytesFailsTheAssembly() throws {
        let cache = try makeTestCache()
        defer { removeTree(cache.directory) }
        let bytes = seededBytes(count: 200, seed: 20)
        let chunker = ArtifactChunker(bytes: bytes, chunkByteCount: 64)
        let assembler = try ArtifactAssembler(sha256: chunker.sha256, cache: cache)
        try assembler.receive(chunker.chunk(at: 0))
        var changed = try chunker.chunk(at: 32)
        changed.data[40] ^= 0xFF  // Byte 72, not received yet: no conflict on its own.
        changed.data[10] ^= 0xFF  // Byte 42, received before with another value.

        let error = try #require(throws: ArtifactError.self) { try assembler.receive(changed) }

        #expect(error.code == .conflictingBytes)
        #expect(error.message.contains("offset 32"))
        expectFailedCleanly(assembler, cache, with: error)
    }

    @Test func aChunkOfAnotherArtifactIsRefusedWithoutEndingTheAssembly() throws {
        let cache = try makeTestCache()
        defer { removeTree(cache.directory) }
        let wanted = ArtifactChunker(bytes: seededBytes(count: 100, seed: 21), chunkByteCount: 64)
        let other = ArtifactChunker(bytes: seededBytes(count: 100, seed: 22), chunkByteCount: 64)
        let assembler = try ArtifactAssembler(sha256: wanted.sha256, cache: cache)
        try assembler.receive(wanted.chunk(at: 0))

        let error = #expect(throws: ArtifactError.self) { try assembler.receive(other.chunk(at: 64)) }
        try assembler.receive(wanted.chunk(at: 64))

        #expect(error?.code == .wrongArtifact)
        #expect(assembler.isComplete)
        #expect(!cache.contains(other.sha256))
    }

    @Test func droppingAnUnfinishedAssemblerRemovesItsPartialFile() throws {
        let cache = try makeTestCache()
        defer { removeTree(cache.directory) }
        let chunker = ArtifactChunker(bytes: seededBytes(count: 100, seed: 23), chunkByteCount: 64)
        do {
            let assembler = try ArtifactAssembler(sha256: chunker.sha256, cache: cache)
            try assembler.receive(chunker.chunk(at: 0))
            #expect(try partialFiles(cache).count == 1)
        }

        #expect(try partialFiles(cache).isEmpty)
        #expect(!cache.contains(chunker.sha256))
    }

    @Test func cancellingRemovesThePartialFileAndRefusesLaterChunks() throws {
        let cache = try makeTestCache()
        defer { removeTree(cache.directory) }
        let chunker = ArtifactChunker(bytes: seededBytes(count: 100, seed: 24), chunkByteCount: 64)
        let assembler = try ArtifactAssembler(sha256: chunker.sha256, cache: cache)
        try assembler.receive(chunker.chunk(at: 0))

        assembler.cancel()

        #expect(try partialFiles(cache).isEmpty)
        let error = #expect(throws: ArtifactError.self) { try assembler.receive(chunker.chunk(at: 64)) }
        #expect(error?.code == .cancelled)
        #expect(!cache.contains(chunker.sha256))
    }

    @Test func aMalformedDigestIsRefusedBeforeAnyFileIsMade() throws {
        let cache = try makeTestCache()
        defer { removeTree(cache.directory) }

        let error = #expect(throws: ArtifactError.self) { try ArtifactAssembler(sha256: "../escape", cache: cache) }

        #expect(error?.code == .malformedDigest)
        #expect(try partialFiles(cache).isEmpty)
    }
}

/// `chunk` claiming to belong to artifact `sha256`.
private func relabelled(_ chunk: Wire.ArtifactChunk, as sha256: String) -> Wire.ArtifactChunk {
    var chunk = chunk
    chunk.sha256 = sha256
    return chunk
}

/// Checks that a failed assembly left nothing behind and keeps throwing its error.
private func expectFailedCleanly(
    _ assembler: ArtifactAssembler, _ cache: ArtifactCache, with error: ArtifactError,
    sourceLocation: SourceLocation = #_sourceLocation
) {
    #expect(!assembler.isComplete, sourceLocation: sourceLocation)
    #expect(!cache.contains(assembler.sha256), sourceLocation: sourceLocation)
    #expect((try? partialFiles(cache).isEmpty) == true, sourceLocation: sourceLocation)
    #expect((try? cache.entries().isEmpty) == true, sourceLocation: sourceLocation)
    #expect(assembler.requests().isEmpty, sourceLocation: sourceLocation)
    let again = #expect(throws: ArtifactError.self, sourceLocation: sourceLocation) {
        try assembler.receive(.init(sha256: assembler.sha256, offset: 0, data: [], totalSize: 0))
    }
    #expect(again == error, sourceLocation: sourceLocation)
}

import Cluster
import Foundation
import Tensors
import TestSupport
import Testing

struct ArtifactCacheTests {
    @Test func insertedFileIsFoundUnderItsDigestAndTheSourceStays() throws {
        let cache = try makeTestCache()
        defer { removeTree(cache.directory) }
        let bytes = seededBytes(count: 3000, seed: 1)
        let source = try writeTemporaryFile(bytes)
        defer { removeFile(source) }
        let digest = SHA256.hex(SHA256.hash(bytes))

        #expect(!cache.contains(digest))
        #expect(try cache.lookup(digest) == nil)
        let path = try cache.insert(file: source, expectedSHA256: digest)

        #expect(path == (try cache.path(for: digest)))
        #expect(cache.contains(digest))
        #expect(try cache.lookup(digest) == path)
        #expect(try readBytes(path) == bytes)
        #expect(try readBytes(source) == bytes)
        #expect(try partialFiles(cache).isEmpty)
    }

    @Test func insertWithTheWrongDigestThrowsAndCachesNothing() throws {
        let cache = try makeTestCache()
        defer { removeTree(cache.directory) }
        let source = try writeTemporaryFile(seededBytes(count: 100, seed: 2))
        defer { removeFile(source) }
        let other = SHA256.hex(SHA256.hash(seededBytes(count: 100, seed: 3)))

        let error = #expect(throws: ArtifactError.self) { try cache.insert(file: source, expectedSHA256: other) }
        #expect(error?.code == .digestMismatch)
        #expect(error?.message.contains(other) == true)
        #expect(!cache.contains(other))
        #expect(try cache.entries().isEmpty)
        #expect(try partialFiles(cache).isEmpty)
    }

    @Test func insertingACachedDigestDoesNotReadTheSource() throws {
        let cache = try makeTestCache()
        defer { removeTree(cache.directory) }
        let bytes = seededBytes(count: 10, seed: 4)
        let digest = SHA256.hex(SHA256.hash(bytes))
        let source = try writeTemporaryFile(bytes)
        let path = try cache.insert(file: source, expectedSHA256: digest)
        removeFile(source)

        #expect(try cache.insert(file: source, expectedSHA256: digest) == path)
    }

    @Test func missingSourceFileThrowsAFileSystemErrorNamingIt() throws {
        let cache = try makeTestCache()
        defer { removeTree(cache.directory) }
        let missing = temporaryPath("missing")

        let error = #expect(throws: ArtifactError.self) {
            try cache.insert(file: missing, expectedSHA256: SHA256.hex(SHA256.hash([1])))
        }
        #expect(error?.code == .fileSystem)
        #expect(error?.message.contains(missing) == true)
    }

    @Test(arguments: ["../../etc/passwd", "ABCDEF", "", String(repeating: "g", count: 64)])
    func malformedDigestNamesNoPath(digest: String) throws {
        let cache = try makeTestCache()
        defer { removeTree(cache.directory) }

        let error = #expect(throws: ArtifactError.self) { try cache.path(for: digest) }
        #expect(error?.code == .malformedDigest)
        #expect(!cache.contains(digest))
        #expect(throws: ArtifactError.self) { try cache.lookup(digest) }
    }

    @Test func insertEvictsTheLeastRecentlyUsedArtifactsBeyondTheLimit() throws {
        let cache = try makeTestCache(sizeLimit: 250)
        defer { removeTree(cache.directory) }
        let a = try insertSeeded(into: cache, count: 100, seed: 10)
        let b = try insertSeeded(into: cache, count: 100, seed: 11)
        _ = try cache.lookup(a)  // a is now used more recently than b.

        let c = try insertSeeded(into: cache, count: 100, seed: 12)

        #expect(try cache.entries().map(\.sha256) == [a, c])
        #expect(!cache.contains(b))
        #expect(try cache.totalSize() == 200)
    }

    @Test func explicitEvictionRemovesOldestFirstAndKeepsWhatItIsTold() throws {
        let cache = try makeTestCache()
        defer { removeTree(cache.directory) }
        let digests = try (0..<4).map { try insertSeeded(into: cache, count: 50, seed: 20 + UInt64($0)) }

        #expect(try cache.entries().map(\.sha256) == digests)
        let removed = try cache.evict(downTo: 60, keeping: [digests[0]])

        #expect(removed == [digests[1], digests[2], digests[3]])
        #expect(try cache.entries().map(\.sha256) == [digests[0]])
        #expect(try cache.evict(downTo: 0) == [digests[0]])
        #expect(try cache.totalSize() == 0)
    }

    @Test func anArtifactLargerThanTheLimitStaysUntilTheNextInsert() throws {
        let cache = try makeTestCache(sizeLimit: 50)
        defer { removeTree(cache.directory) }
        let big = try insertSeeded(into: cache, count: 80, seed: 30)
        #expect(cache.contains(big))

        let small = try insertSeeded(into: cache, count: 10, seed: 31)

        #expect(try cache.entries().map(\.sha256) == [small])
    }

    @Test func concurrentInsertsOfOneDigestAllSucceedWithTheSameFile() throws {
        let cache = try makeTestCache()
        defer { removeTree(cache.directory) }
        let bytes = seededBytes(count: 200_000, seed: 5)
        let digest = SHA256.hex(SHA256.hash(bytes))
        let sources = try (0..<8).map { _ in try writeTemporaryFile(bytes) }
        defer { sources.forEach(removeFile) }
        let results = Results(count: sources.count)

        DispatchQueue.concurrentPerform(iterations: sources.count) { index in
            let result = Result { () throws(ArtifactError) in
                try cache.insert(file: sources[index], expectedSHA256: digest)
            }
            results.set(index, result)
        }

        for result in results.all { #expect(try result.get() == cache.path(for: digest)) }
        #expect(try readBytes(cache.path(for: digest)) == bytes)
        #expect(try cache.entries().count == 1)
        #expect(try partialFiles(cache).isEmpty)
    }

    @Test func defaultDirectoryIsUnderTheHomeCache() {
        #expect(ArtifactCache.defaultDirectory.hasSuffix("/.cache/preindex/artifacts"))
    }
}

/// Results written by concurrent work, one slot each.
private final class Results: @unchecked Sendable {
    private let lock = NSLock()
    private var slots: [Result<String, ArtifactError>?]

    init(count: Int) { slots = Array(repeating: nil, count: count) }

    func set(_ index: Int, _ result: Result<String, ArtifactError>) {
        lock.withLock { slots[index] = result }
    }

    var all: [Result<String, ArtifactError>] { lock.withLock { slots.compactMap { $0 } } }
}

// MARK: - Helpers shared by the artifact tests

/// A cache in a fresh temporary directory; remove it with ``removeTree(_:)``.
func makeTestCache(sizeLimit: UInt64? = nil) throws -> ArtifactCache {
    try ArtifactCache(directory: temporaryPath("artifacts"), sizeLimit: sizeLimit)
}

/// Deletes the directory at `path` and everything in it.
func removeTree(_ path: String) {
    try? FileManager.default.removeItem(atPath: path)
}

/// `count` bytes drawn from the project's ``SeededGenerator`` seeded with `seed`.
func seededBytes(count: Int, seed: UInt64) -> [UInt8] {
    var generator = SeededGenerator(seed: seed)
    return (0..<count).map { _ in UInt8.random(in: 0...255, using: &generator) }
}

/// A new temporary file holding `bytes`.
func writeTemporaryFile(_ bytes: [UInt8]) throws -> String {
    let path = temporaryPath("artifact")
    try Data(bytes).write(to: URL(fileURLWithPath: path))
    return path
}

/// The bytes of the file at `path`.
func readBytes(_ path: String) throws -> [UInt8] {
    [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
}

/// The names of the files in the cache's `partial/` directory.
func partialFiles(_ cache: ArtifactCache) throws -> [String] {
    try FileManager.default.contentsOfDirectory(atPath: cache.directory + "/partial")
}

/// Inserts `count` seeded bytes into `cache` and returns their digest.
func insertSeeded(into cache: ArtifactCache, count: Int, seed: UInt64) throws -> String {
    let bytes = seededBytes(count: count, seed: seed)
    let digest = SHA256.hex(SHA256.hash(bytes))
    let source = try writeTemporaryFile(bytes)
    defer { removeFile(source) }
    try cache.insert(file: source, expectedSHA256: digest)
    return digest
}

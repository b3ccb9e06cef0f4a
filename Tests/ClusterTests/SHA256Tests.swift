import Cluster
import Foundation
import TestSupport
import Testing

struct SHA256Tests {
    /// The examples of FIPS 180-4 (NIST's "SHA256.pdf" and "SHA256LongMessage"): message and digest.
    static let standardVectors: [(message: String, digest: String)] = [
        ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
        ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
        (
            "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"
        ),
        (
            "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu",
            "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1"
        ),
    ]

    @Test(arguments: standardVectors)
    func digestMatchesTheStandardsExample(message: String, digest: String) {
        #expect(SHA256.hex(SHA256.hash(Array(message.utf8))) == digest)
    }

    @Test func oneMillionLetterAMatchesTheStandardsLongExample() {
        // Fed in uneven pieces so that block boundaries fall inside updates.
        var hash = SHA256()
        let piece = [UInt8](repeating: UInt8(ascii: "a"), count: 999)
        var remaining = 1_000_000
        while remaining > 0 {
            let count = min(piece.count, remaining)
            hash.update(piece[0..<count])
            remaining -= count
        }
        #expect(hash.hex == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    /// Digests of bytes `i % 251` for lengths around the padding boundaries (55/56 and 64 bytes),
    /// from Python's `hashlib.sha256`.
    static let paddingBoundaries: [(length: Int, digest: String)] = [
        (55, "463eb28e72f82e0a96c0a4cc53690c571281131f672aa229e0d45ae59b598b59"),
        (56, "da2ae4d6b36748f2a318f23e7ab1dfdf45acdc9d049bd80e59de82a60895f562"),
        (57, "2fe741af801cc238602ac0ec6a7b0c3a8a87c7fc7d7f02a3fe03d1c12eac4d8f"),
        (63, "29af2686fd53374a36b0846694cc342177e428d1647515f078784d69cdb9e488"),
        (64, "fdeab9acf3710362bd2658cdc9a29e8f9c757fcf9811603a8c447cd1d9151108"),
        (65, "4bfd2c8b6f1eec7a2afeb48b934ee4b2694182027e6d0fc075074f2fabb31781"),
        (119, "da18797ed7c3a777f0847f429724a2d8cd5138e6ed2895c3fa1a6d39d18f7ec6"),
        (120, "f52b23db1fbb6ded89ef42a23ce0c8922c45f25c50b568a93bf1c075420bbb7c"),
        (128, "471fb943aa23c511f6f72f8d1652d9c880cfa392ad80503120547703e56a2be5"),
    ]

    @Test(arguments: paddingBoundaries)
    func digestIsRightAtEveryPaddingBoundary(length: Int, digest: String) {
        let bytes = (0..<length).map { UInt8($0 % 251) }
        #expect(SHA256.hex(SHA256.hash(bytes)) == digest)
    }

    @Test func splittingTheMessageAnywhereGivesTheSameDigest() {
        let bytes = (0..<200).map { UInt8(truncatingIfNeeded: $0 &* 37) }
        let whole = SHA256.hash(bytes)
        for split in 0...bytes.count {
            var hash = SHA256()
            hash.update(bytes[..<split])
            hash.update(bytes[split...])
            #expect(hash.finalize() == whole, "split at \(split)")
        }
    }

    @Test func finalizingLeavesTheStreamOpen() {
        var hash = SHA256()
        hash.update(Array("ab".utf8))
        #expect(hash.hex == SHA256.hex(SHA256.hash(Array("ab".utf8))))
        hash.update(Array("c".utf8))
        #expect(hash.hex == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(hash.finalize().count == SHA256.digestByteCount)
    }

    @Test func dataAndNonContiguousSequencesHashLikeArrays() {
        let text = "the quick brown fox"
        let expected = SHA256.hash(Array(text.utf8))
        #expect(SHA256.hash(Data(text.utf8)) == expected)
        #expect(SHA256.hash(text.utf8) == expected)
        #expect(SHA256.hash(text.utf8.lazy.map { $0 }) == expected)
    }

    /// `sha256sum Tests/Fixtures/jobs/digest-sample.bin` (the file is written by `make_digest_sample.py`).
    static let sampleDigest = "69d5403390f57e4dda29e655f04840616c1404e5dd0e1b864c7b4bad1a75e00d"

    @Test(arguments: [1, 63, 64, 65, 4_096, 1 << 20])
    func fileDigestMatchesSha256sumForAnyChunkSize(chunkByteCount: Int) throws {
        let digest = try SHA256.hash(file: fixturePath("jobs/digest-sample.bin"), chunkByteCount: chunkByteCount)
        #expect(SHA256.hex(digest) == Self.sampleDigest)
    }

    @Test func hashingAMissingFileThrowsNamingTheFile() {
        let error = #expect(throws: FileDigestError.self) {
            try SHA256.hash(file: "/nonexistent/model.safetensors")
        }
        #expect(error?.code == .cannotOpen)
        #expect(error?.message == "cannot open '/nonexistent/model.safetensors' to hash it: No such file or directory")
    }

    @Test func hashingADirectoryThrowsInsteadOfTrapping() {
        let error = #expect(throws: FileDigestError.self) {
            try SHA256.hash(file: fixturePath("jobs"))
        }
        #expect(error?.code == .cannotRead)
        #expect(error?.message.contains("Is a directory") == true)
    }
}

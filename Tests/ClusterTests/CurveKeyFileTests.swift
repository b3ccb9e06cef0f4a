import Cluster
import Foundation
import Testing
import TestSupport

struct CurveKeyFileTests {
    /// A fresh, empty directory for one test; removed by `defer { removeDirectory(…) }`.
    private func makeDirectory() throws -> String {
        let path = temporaryPath("keys")
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: false)
        return path
    }

    private func removeDirectory(_ path: String) {
        try? FileManager.default.removeItem(atPath: path)
    }

    private func permissions(_ path: String) throws -> Int {
        try #require(FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int)
    }

    @Test func aSavedPairLoadsBackWithTheSecretReadableByItsOwnerOnly() throws {
        let directory = try makeDirectory()
        defer { removeDirectory(directory) }
        let pair = try CurveKeyPair.generate()
        try pair.save(in: directory, name: "worker-1")

        #expect(try CurveKeyPair.load(from: directory, name: "worker-1") == pair)
        #expect(try permissions(directory + "/worker-1.key") == 0o600)
        #expect(try permissions(directory + "/worker-1.pub") == 0o644)
        #expect(try CurveKeyFile.readKey(at: directory + "/worker-1.pub") == pair.publicKey)
        let secretText = try String(contentsOfFile: directory + "/worker-1.key", encoding: .utf8)
        #expect(secretText.hasPrefix("# "))
        #expect(secretText.contains(pair.secretKey.z85))
    }

    @Test func savingOverAnExistingPairNeedsOverwrite() throws {
        let directory = try makeDirectory()
        defer { removeDirectory(directory) }
        let old = try CurveKeyPair.generate()
        try old.save(in: directory, name: "node")
        let new = try CurveKeyPair.generate()

        #expect {
            try new.save(in: directory, name: "node")
        } throws: { error in
            (error as? CurveKeyError)?.code == .fileExists
                && (error as? CurveKeyError)?.message.contains("node.") == true
        }
        #expect(try CurveKeyPair.load(from: directory, name: "node") == old, "a refused save writes nothing")

        try new.save(in: directory, name: "node", overwrite: true)
        #expect(try CurveKeyPair.load(from: directory, name: "node") == new)
        #expect(try permissions(directory + "/node.key") == 0o600)
    }

    @Test func aPublicKeyOfAnotherPairThrowsMismatchedPair() throws {
        let directory = try makeDirectory()
        defer { removeDirectory(directory) }
        try CurveKeyPair.generate().save(in: directory, name: "a")
        try CurveKeyPair.generate().save(in: directory, name: "b")
        try FileManager.default.removeItem(atPath: directory + "/a.pub")
        try FileManager.default.copyItem(atPath: directory + "/b.pub", toPath: directory + "/a.pub")

        #expect {
            try CurveKeyPair.load(from: directory, name: "a")
        } throws: { error in
            (error as? CurveKeyError)?.code == .mismatchedPair
                && (error as? CurveKeyError)?.message.contains("a.pub' is not the public key of") == true
        }
    }

    @Test func aMissingKeyFileThrowsCannotReadNamingIt() {
        #expect {
            try CurveKeyPair.load(from: "/nonexistent-preindex-keys", name: "ghost")
        } throws: { error in
            let error = error as? CurveKeyError
            return error?.code == .cannotRead && error?.message.contains("/nonexistent-preindex-keys/ghost.key") == true
                && error?.message.contains("No such file") == true
        }
    }

    @Test func anAuthorisedKeysFileSkipsCommentsAndBlankLines() throws {
        let keys = try (0..<3).map { _ in try CurveKeyPair.generate().publicKey }
        let text = """
            # workers of rack 1
            \(keys[0].z85)

              \(keys[1].z85)  \r
            #\(keys[2].z85)
            \(keys[2].z85)
            """
        let path = temporaryPath("authorized_keys")
        defer { removeFile(path) }
        try text.write(toFile: path, atomically: false, encoding: .utf8)

        let authorized = try AuthorizedKeys(contentsOf: path)
        #expect(authorized.keys == Set(keys))
        #expect(try CurveKeyFile.readKeys(at: path) == keys)
    }

    @Test func noKeyStartsWithTheCommentCharacter() {
        // '#' is the largest Z85 digit: a group starting with it exceeds 32 bits, so a comment is never a key.
        #expect(throws: CurveKeyError.self) { try CurveKey(z85: "#" + String(repeating: "0", count: 39)) }
    }

    @Test(arguments: ["\n", "\r\n"])
    func aMalformedLineThrowsMalformedKeyWithFileAndLine(newline: String) throws {
        let good = try CurveKeyPair.generate().publicKey.z85
        let path = temporaryPath("authorized_keys")
        defer { removeFile(path) }
        let lines = ["# keys", good, "worker-3 key goes here", good, ""]
        try lines.joined(separator: newline).write(toFile: path, atomically: false, encoding: .utf8)

        #expect {
            try AuthorizedKeys(contentsOf: path)
        } throws: { error in
            let error = error as? CurveKeyError
            return error?.code == .malformedKey && error?.message.hasPrefix("'\(path)' line 3 is not a CURVE key") == true
                && error?.message.contains("22 characters, expected 40") == true
        }
    }

    @Test func aSingleKeyFileWithTwoKeysThrowsWrongKeyCount() throws {
        let path = temporaryPath("two.pub")
        defer { removeFile(path) }
        let keys = try (0..<2).map { _ in try CurveKeyPair.generate().publicKey.z85 }
        try keys.joined(separator: "\n").write(toFile: path, atomically: false, encoding: .utf8)
        #expect {
            try CurveKeyFile.readKey(at: path)
        } throws: { error in
            (error as? CurveKeyError)?.code == .wrongKeyCount
                && (error as? CurveKeyError)?.message.contains("holds 2 CURVE keys") == true
        }
    }
}

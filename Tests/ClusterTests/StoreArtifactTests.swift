import Cluster
import Foundation
import Testing

struct StoreArtifactTests: StoreFixtures {
    /// A well-formed sha256 made of `digit` repeated.
    private func sha(_ digit: Character) -> String {
        String(repeating: digit, count: 64)
    }

    @Test func anArtifactKeptInTheDatabaseComesBackWithItsBytes() throws {
        // Given an empty database
        let database = try ClusterDatabase.inMemory()
        let model = ArtifactRecord(
            sha256: sha("a"), size: 3, kind: "model", name: "resnet.safetensors", data: Data([1, 2, 3]),
            createdAt: at(0))

        // When the artifact is stored, twice
        let first = try database.putArtifact(model)
        let second = try database.putArtifact(model)

        // Then it is new once and comes back whole
        #expect(first && !second)
        #expect(try database.artifact(sha256: sha("a")) == model)
        #expect(try database.artifact(sha256: sha("b")) == nil)
    }

    @Test func listingsLeaveTheBytesOutAndFilterByKind() throws {
        // Given a model in the database and a dataset on disk
        let database = try ClusterDatabase.inMemory()
        try database.putArtifact(
            ArtifactRecord(sha256: sha("a"), size: 2, kind: "model", data: Data([1, 2]), createdAt: at(0)))
        try database.putArtifact(
            ArtifactRecord(sha256: sha("b"), size: 100, kind: "dataset", path: "/data/x.npy", createdAt: at(1)))

        // When artifacts are listed
        let all = try database.artifacts()
        let models = try database.artifacts(kind: "model")

        // Then both come, oldest first, without bytes; the kind filter keeps the model
        #expect(all.map(\.sha256) == [sha("a"), sha("b")])
        #expect(all.allSatisfy { $0.data == nil })
        #expect(all[1].path == "/data/x.npy")
        #expect(models.map(\.sha256) == [sha("a")])
    }

    @Test func theLineageOfARetrainedModelGoesBackToItsBase() throws {
        // Given a base model, a model retrained from it, and one retrained from that
        let database = try ClusterDatabase.inMemory()
        try database.putArtifact(
            ArtifactRecord(sha256: sha("1"), size: 1, kind: "model", data: Data([1]), createdAt: at(0)))
        try database.putArtifact(
            ArtifactRecord(
                sha256: sha("2"), size: 1, kind: "model", data: Data([2]), parentSha256: sha("1"), createdAt: at(1)))
        try database.putArtifact(
            ArtifactRecord(
                sha256: sha("3"), size: 1, kind: "model", data: Data([3]), parentSha256: sha("2"), createdAt: at(2)))

        // When the lineage of the last is read
        let lineage = try database.lineage(ofArtifact: sha("3"))

        // Then it goes from it back to the base
        #expect(lineage.map(\.sha256) == [sha("3"), sha("2"), sha("1")])
        #expect(try database.lineage(ofArtifact: sha("1")).map(\.sha256) == [sha("1")])
        let error = #expect(throws: StoreError.self) { try database.lineage(ofArtifact: sha("9")) }
        #expect(error?.code == .unknownArtifact)
    }

    @Test func anArtifactWhoseParentIsNotStoredIsRefused() throws {
        let database = try ClusterDatabase.inMemory()
        let error = #expect(throws: StoreError.self) {
            try database.putArtifact(
                ArtifactRecord(
                    sha256: sha("2"), size: 1, kind: "model", data: Data([2]), parentSha256: sha("1"), createdAt: at(1))
            )
        }
        #expect(error?.code == .unknownArtifact)
        #expect(error?.message.contains("store the parent first") == true)
    }

    @Test func theSameSha256WithAnotherSizeIsAConflict() throws {
        let database = try ClusterDatabase.inMemory()
        try database.putArtifact(
            ArtifactRecord(sha256: sha("a"), size: 1, kind: "model", data: Data([1]), createdAt: at(0)))
        let error = #expect(throws: StoreError.self) {
            try database.putArtifact(
                ArtifactRecord(sha256: sha("a"), size: 9, kind: "model", path: "/x", createdAt: at(1)))
        }
        #expect(error?.code == .conflict)
    }

    @Test(arguments: [
        ("not-a-sha", Data([1]) as Data?, nil as String?, Int64(1), "malformed sha256"),
        (String(repeating: "A", count: 64), Data([1]), nil, 1, "malformed sha256"),
        (String(repeating: "a", count: 64), nil, nil, 0, "neither bytes nor a path"),
        (String(repeating: "a", count: 64), Data([1]), "/x", 1, "both bytes and a path"),
        (String(repeating: "a", count: 64), Data([1, 2]), nil, 5, "has 2 bytes but says its size is 5"),
        (String(repeating: "a", count: 64), nil, "/x", -1, "size is -1"),
    ])
    func aMalformedArtifactIsRefused(sha256: String, data: Data?, path: String?, size: Int64, problem: String) throws {
        let database = try ClusterDatabase.inMemory()
        let error = #expect(throws: StoreError.self) {
            try database.putArtifact(
                ArtifactRecord(sha256: sha256, size: size, kind: "model", path: path, data: data, createdAt: at(0)))
        }
        #expect(error?.code == .malformedPayload)
        #expect(error?.message.contains(problem) == true)
        #expect(try database.artifacts().isEmpty)
    }
}

import Foundation
import GRDB

// Artifacts: files known by their sha256, kept in the database or beside it, with the lineage of derived ones.

extension ClusterDatabase {
    /// Stores `artifact` unless an artifact with its sha256 is already stored; storing the same bytes twice is
    /// harmless.
    ///
    /// The store does not hash the bytes: the caller computed ``ArtifactRecord/sha256`` (workers check what they
    /// fetch).
    ///
    /// - Returns: `true` when the artifact was new, `false` when it was already stored.
    /// - Throws: ``StoreError/Code/malformedPayload`` when the sha256 is not 64 lowercase hexadecimal digits, the
    ///   bytes are both or neither in ``ArtifactRecord/data`` and ``ArtifactRecord/path``, or their count is not
    ///   ``ArtifactRecord/size``; ``StoreError/Code/unknownArtifact`` when the parent is not stored;
    ///   ``StoreError/Code/conflict`` when the sha256 is stored with another size.
    @discardableResult
    public func putArtifact(_ artifact: ArtifactRecord) throws(StoreError) -> Bool {
        try Self.check(artifact)
        return try write("storing artifact \(artifact.sha256)") { db in
            if let stored = try ArtifactRecord.select(ArtifactRecord.Columns.withoutData)
                .filter(key: artifact.sha256).fetchOne(db)
            {
                guard stored.size == artifact.size else {
                    throw StoreError(
                        .conflict,
                        "artifact \(artifact.sha256) is stored with \(stored.size) bytes, not \(artifact.size); "
                            + "the same sha256 must name the same bytes")
                }
                return false
            }
            if let parent = artifact.parentSha256, try !ArtifactRecord.exists(db, key: parent) {
                throw StoreError(
                    .unknownArtifact,
                    "artifact \(artifact.sha256) names parent \(parent), which is not stored; store the parent first")
            }
            try artifact.insert(db)
            return true
        }
    }

    /// The artifact with sha256 `sha256`, bytes included when kept in the database; `nil` when none is stored.
    public func artifact(sha256: String) throws(StoreError) -> ArtifactRecord? {
        try read("reading artifact \(sha256)") { db in try ArtifactRecord.fetchOne(db, key: sha256) }
    }

    /// Stored artifacts, oldest first, without their bytes (``ArtifactRecord/data`` is `nil`).
    ///
    /// - Parameters:
    ///   - kind: Only artifacts of this kind, or `nil` for all.
    ///   - jobID: Only artifacts that tasks of this job produced, or `nil` for all (uploads included).
    ///   - taskID: Only artifacts that this task produced, or `nil` for all.
    public func artifacts(
        kind: String? = nil, producedByJob jobID: Int64? = nil, producedByTask taskID: Int64? = nil
    ) throws(StoreError) -> [ArtifactRecord] {
        try read("listing artifacts") { db in
            var request = ArtifactRecord.select(ArtifactRecord.Columns.withoutData)
            if let kind { request = request.filter(ArtifactRecord.Columns.kind == kind) }
            if let taskID { request = request.filter(ArtifactRecord.Columns.taskID == taskID) }
            if let jobID {
                let tasks = TaskRecord.select(TaskRecord.Columns.id).filter(TaskRecord.Columns.jobID == jobID)
                request = request.filter(tasks.contains(ArtifactRecord.Columns.taskID))
            }
            return try request.order(ArtifactRecord.Columns.createdAt, ArtifactRecord.Columns.sha256).fetchAll(db)
        }
    }

    /// The lineage of artifact `sha256`: itself, then its parent, its parent's parent, up to the first artifact,
    /// without their bytes.
    ///
    /// - Throws: ``StoreError/Code/unknownArtifact`` when no artifact `sha256` is stored.
    public func lineage(ofArtifact sha256: String) throws(StoreError) -> [ArtifactRecord] {
        try read("reading the lineage of artifact \(sha256)") { db in
            let columns = ArtifactRecord.Columns.withoutData.map { "artifact.\($0.name)" }.joined(separator: ", ")
            // UNION (not UNION ALL) stops at a repeated row, so even a corrupt cycle ends.
            let lineage = try ArtifactRecord.fetchAll(
                db,
                sql: """
                    WITH RECURSIVE lineage(sha256, depth) AS (
                        SELECT ?, 0
                        UNION
                        SELECT artifact.parentSha256, lineage.depth + 1
                        FROM artifact JOIN lineage ON artifact.sha256 = lineage.sha256
                        WHERE artifact.parentSha256 IS NOT NULL
                    )
                    SELECT \(columns) FROM artifact JOIN lineage ON artifact.sha256 = lineage.sha256
                    ORDER BY lineage.depth
                    """,
                arguments: [sha256])
            if lineage.isEmpty {
                throw StoreError(.unknownArtifact, "there is no artifact \(sha256) in the cluster database")
            }
            return lineage
        }
    }

    /// Throws unless `artifact` is well formed.
    private static func check(_ artifact: ArtifactRecord) throws(StoreError) {
        let what = "artifact \(artifact.sha256)"
        if !isSHA256(artifact.sha256) {
            throw StoreError.malformed(
                "artifact \"\(artifact.sha256)\"", "has a malformed sha256; expected 64 lowercase hexadecimal digits")
        }
        if let parent = artifact.parentSha256, !isSHA256(parent) || parent == artifact.sha256 {
            throw StoreError.malformed(what, "names parent \"\(parent)\"; expected the sha256 of another artifact")
        }
        switch (artifact.data, artifact.path) {
        case (nil, nil):
            throw StoreError.malformed(what, "has neither bytes nor a path; expected one of them")
        case (.some, .some):
            throw StoreError.malformed(what, "has both bytes and a path; expected one of them")
        case (let data?, nil) where Int64(data.count) != artifact.size:
            throw StoreError.malformed(what, "has \(data.count) bytes but says its size is \(artifact.size)")
        default:
            break
        }
        if artifact.size < 0 {
            throw StoreError.malformed(what, "says its size is \(artifact.size); expected 0 or more")
        }
    }

    /// Whether `text` is 64 lowercase hexadecimal digits.
    private static func isSHA256(_ text: String) -> Bool {
        text.utf8.count == 64 && text.utf8.allSatisfy { (48...57).contains($0) || (97...102).contains($0) }
    }
}

import Foundation

/// The coordinator's side of artifacts: it answers requests for stored artifacts chunk by chunk, assembles the
/// artifacts workers and clients upload, and stores them in its cache and database.
///
/// An ``Wire/ArtifactRequest`` at the artifact's end (offset = size, no bytes) asks only whether the coordinator
/// has the artifact whole: it is answered with an empty chunk when it does, with an Error when not. An uploader
/// sends it after its last chunk to learn that the upload was stored (chunks and request travel in order on one
/// connection).
final class ArtifactService {
    private let database: ClusterDatabase
    private let cache: ArtifactCache
    private var uploads: [String: ArtifactAssembler] = [:]

    init(database: ClusterDatabase, cache: ArtifactCache) {
        self.database = database
        self.cache = cache
    }

    /// The chunk answering `request`, or an Error when the artifact is not stored or the range is wrong.
    func answer(_ request: Wire.ArtifactRequest) -> Wire.Envelope.Body {
        do {
            guard let record = try database.artifact(sha256: request.sha256) else {
                return .error(Self.notFound(request.sha256))
            }
            let chunker =
                if let path = record.path {
                    try ArtifactChunker(file: path, sha256: record.sha256)
                } else {
                    ArtifactChunker(bytes: Array(record.data ?? Data()))
                }
            return .artifactChunk(try chunker.chunk(answering: request))
        } catch let error as ArtifactError {
            return .error(Wire.ErrorReply(code: .notFound, message: error.message))
        } catch {
            return .error(Wire.ErrorReply(code: .internal, message: "artifact \(request.sha256): \(error)"))
        }
    }

    /// Takes one uploaded chunk; once the artifact is whole it is stored with the upload's name and task: as a
    /// `checkpoint` when a retrain task saved it after an epoch, a `model` when another task produced it, as an
    /// `upload` (a user's model or dataset file) otherwise. Returns an Error
    /// to send back when the chunk is refused (the upload must then start again).
    func receive(_ upload: Wire.ArtifactUpload) -> Wire.ErrorReply? {
        let kind =
            upload.taskID.isEmpty ? "upload" : RetrainCheckpoint.parse(name: upload.name) != nil ? "checkpoint" : "model"
        do {
            let assembler: ArtifactAssembler
            if let existing = uploads[upload.sha256] {
                assembler = existing
            } else {
                // Uploading what is stored already (a model trained again to the same bytes) changes nothing.
                if try database.artifact(sha256: upload.sha256) != nil { return nil }
                assembler = try ArtifactAssembler(sha256: upload.sha256, cache: cache, expectedSize: upload.totalSize)
                uploads[upload.sha256] = assembler
            }
            var path = assembler.cachedPath
            if path == nil { path = try assembler.receive(upload) }
            guard let path else { return nil }
            uploads[upload.sha256] = nil
            let taskID = Int64(upload.taskID)
            try database.putArtifact(
                ArtifactRecord(
                    sha256: upload.sha256, size: Int64(upload.totalSize), kind: kind,
                    name: upload.name.isEmpty ? nil : upload.name, path: path,
                    parentSha256: try taskID.flatMap(sourceModel(ofTask:)), taskID: taskID, createdAt: Date()))
            return nil
        } catch let error as ArtifactError {
            uploads[upload.sha256] = nil
            return Wire.ErrorReply(code: .rejected, message: "upload of artifact \(upload.sha256) refused: \(error.message)")
        } catch {
            uploads[upload.sha256] = nil
            return Wire.ErrorReply(code: .internal, message: "upload of artifact \(upload.sha256) failed: \(error)")
        }
    }

    /// The stored artifacts `query` asks for, oldest first, each with its parent and the job of the task that
    /// produced it; an Error when the query names a job that does not exist.
    func answer(_ query: Wire.ArtifactListQuery) -> Wire.Envelope.Body {
        do {
            var jobID: Int64?
            if !query.jobID.isEmpty {
                let id = try JobService.jobID(query.jobID)
                guard try database.job(id) != nil else { return .error(JobService.unknownJob(query.jobID)) }
                jobID = id
            }
            let records = try database.artifacts(kind: query.kind.isEmpty ? nil : query.kind, producedByJob: jobID)
            let jobOfTask = try database.jobIDs(ofTasks: Set(records.compactMap(\.taskID)))
            let artifacts = records.map { record in
                Wire.ArtifactInfo(
                    sha256: record.sha256, size: UInt64(max(record.size, 0)), kind: record.kind, name: record.name ?? "",
                    parentSHA256: record.parentSha256 ?? "", taskID: record.taskID.map(String.init) ?? "",
                    jobID: record.taskID.flatMap { jobOfTask[$0] }.map(String.init) ?? "",
                    createdAt: record.createdAt.timeIntervalSince1970)
            }
            return .artifactList(Wire.ArtifactList(artifacts: artifacts))
        } catch let error as SubmissionError {
            return .error(Wire.ErrorReply(code: .malformed, message: error.message))
        } catch {
            return .error(Wire.ErrorReply(code: .internal, message: "the coordinator could not list artifacts: \(error)"))
        }
    }

    /// The stored model that task `taskID` started from, which is the parent of what it produces: a retrain
    /// task's source model (also for a from-scratch retrain, which its plan row names); `nil` for other tasks.
    private func sourceModel(ofTask taskID: Int64) throws(StoreError) -> String? {
        guard let task = try database.task(taskID),
            case .retrain(let payload)? = try? JSONDecoder().decode(TaskPayload.self, from: task.payload),
            case .file(_, let sha256) = payload.model
        else { return nil }
        return try database.artifact(sha256: sha256) != nil ? sha256 : nil
    }

    /// Stores the file at `path`, found on the coordinator's own file system, as an artifact; returns its sha256.
    func register(file path: String, kind: String = "model") throws -> String {
        let sha256 = SHA256.hex(try SHA256.hash(file: path))
        if try database.artifact(sha256: sha256) != nil { return sha256 }
        let cached = try cache.insert(file: path, expectedSHA256: sha256)
        let size = try FileManager.default.attributesOfItem(atPath: cached)[.size] as? Int64 ?? 0
        try database.putArtifact(
            ArtifactRecord(
                sha256: sha256, size: size, kind: kind, name: (path as NSString).lastPathComponent, path: cached,
                createdAt: Date()))
        return sha256
    }

    /// Whether artifact `sha256` is stored whole.
    func contains(_ sha256: String) throws(StoreError) -> Bool {
        try database.artifact(sha256: sha256) != nil
    }

    private static func notFound(_ sha256: String) -> Wire.ErrorReply {
        Wire.ErrorReply(
            code: .notFound,
            message: "the coordinator has no artifact \(sha256); upload it first (preindex submit uploads model files)")
    }
}

// Decoding: `Wire.Envelope.init(decoding:)` unpacks bytes with protobuf-c's default allocator, copies
// everything into the Swift values of `Wire` and frees the C tree in a `defer`. protobuf-c checks lengths,
// tags and wire types, so arbitrary bytes give NULL or a well-formed tree; what it does not check (UTF-8,
// required sub-messages, an empty oneof, the version) is checked here.

import CProtobufC
import PreIndexWire

// MARK: - Public API

extension Wire.Envelope {
    /// Decodes an envelope received from a peer.
    ///
    /// Any bytes are safe to pass: they either decode or throw.
    ///
    /// - Throws: ``WireError`` ``WireError/Code/tooLarge`` for more than ``Wire/maximumMessageSize``
    ///   bytes; ``WireError/Code/undecodable`` when the bytes are not a protobuf `Envelope` or a
    ///   string is not UTF-8; ``WireError/Code/unsupportedVersion`` when the version is not
    ///   ``Wire/protocolVersion``; ``WireError/Code/missingBody`` when the envelope carries no
    ///   message this build knows; ``WireError/Code/missingField`` when a required sub-message is absent.
    public init(decoding bytes: [UInt8]) throws(WireError) {
        guard bytes.count <= Wire.maximumMessageSize else {
            throw .tooLarge("A received envelope", size: bytes.count)
        }
        let unpacked = bytes.withUnsafeBufferPointer { buffer in
            preindex__v1__envelope__unpack(nil, buffer.count, buffer.baseAddress)
        }
        guard let message = unpacked else {
            throw WireError(
                .undecodable,
                "A received message of \(bytes.count) bytes is not a protobuf preindex.v1.Envelope"
                    + " (truncated or corrupt)")
        }
        defer { preindex__v1__envelope__free_unpacked(message, nil) }
        let version = message.pointee.protocol_version
        guard version == Wire.protocolVersion else {
            throw WireError(
                .unsupportedVersion,
                "A received envelope has protocol version \(version), but this build speaks version"
                    + " \(Wire.protocolVersion); run the same preindex version on every node")
        }
        self.init(try Body(message.pointee))
    }
}

// MARK: - C → Swift

/// A string field; protobuf-c gives NULL for none and does not check UTF-8, so this does.
private func string(_ value: UnsafeMutablePointer<CChar>?, field: String) throws(WireError) -> String {
    guard let value else { return "" }
    guard let string = String(validatingCString: value) else {
        throw WireError(.undecodable, "Field \(field) of a received envelope is not valid UTF-8")
    }
    return string
}

/// A `bytes` field.
private func bytes(_ value: ProtobufCBinaryData) -> [UInt8] {
    array(value.data, count: value.len)
}

/// A repeated scalar field.
private func array<T>(_ values: UnsafeMutablePointer<T>?, count: Int) -> [T] {
    guard let values, count > 0 else { return [] }
    return Array(UnsafeBufferPointer(start: values, count: count))
}

/// A sub-message that must be present.
private func required<T>(
    _ value: UnsafeMutablePointer<T>?, _ field: String, in message: String
) throws(WireError) -> T {
    guard let value else { throw .missingField(field, in: message) }
    return value.pointee
}

extension Wire.Envelope.Body {
    fileprivate init(_ c: Preindex__V1__Envelope) throws(WireError) {
        switch c.body_case {
        case PREINDEX__V1__ENVELOPE__BODY_HELLO:
            self = .hello(try Wire.Hello(required(c.hello, "hello", in: "Envelope")))
        case PREINDEX__V1__ENVELOPE__BODY_READY:
            self = .ready(Wire.Ready(try required(c.ready, "ready", in: "Envelope")))
        case PREINDEX__V1__ENVELOPE__BODY_HEARTBEAT:
            self = .heartbeat(try Wire.Heartbeat(try required(c.heartbeat, "heartbeat", in: "Envelope")))
        case PREINDEX__V1__ENVELOPE__BODY_DISCONNECT:
            self = .disconnect(try Wire.Disconnect(required(c.disconnect, "disconnect", in: "Envelope")))
        case PREINDEX__V1__ENVELOPE__BODY_ASSIGN:
            self = .assign(try Wire.Assign(required(c.assign, "assign", in: "Envelope")))
        case PREINDEX__V1__ENVELOPE__BODY_RESULT:
            self = .result(try Wire.Result(required(c.result, "result", in: "Envelope")))
        case PREINDEX__V1__ENVELOPE__BODY_FAILURE:
            self = .failure(try Wire.Failure(required(c.failure, "failure", in: "Envelope")))
        case PREINDEX__V1__ENVELOPE__BODY_ARTIFACT_REQUEST:
            self = .artifactRequest(
                try Wire.ArtifactRequest(required(c.artifact_request, "artifact_request", in: "Envelope")))
        case PREINDEX__V1__ENVELOPE__BODY_ARTIFACT_CHUNK:
            self = .artifactChunk(try Wire.ArtifactChunk(required(c.artifact_chunk, "artifact_chunk", in: "Envelope")))
        case PREINDEX__V1__ENVELOPE__BODY_ARTIFACT_UPLOAD:
            self = .artifactUpload(
                try Wire.ArtifactUpload(required(c.artifact_upload, "artifact_upload", in: "Envelope")))
        case PREINDEX__V1__ENVELOPE__BODY_ARTIFACT_LIST_QUERY:
            self = .artifactListQuery(
                try Wire.ArtifactListQuery(required(c.artifact_list_query, "artifact_list_query", in: "Envelope")))
        case PREINDEX__V1__ENVELOPE__BODY_ARTIFACT_LIST:
            self = .artifactList(try Wire.ArtifactList(required(c.artifact_list, "artifact_list", in: "Envelope")))
        case PREINDEX__V1__ENVELOPE__BODY_SUBMIT:
            self = .submit(try Wire.Submit(required(c.submit, "submit", in: "Envelope")))
        case PREINDEX__V1__ENVELOPE__BODY_ACCEPTED:
            self = .accepted(try Wire.Accepted(required(c.accepted, "accepted", in: "Envelope")))
        case PREINDEX__V1__ENVELOPE__BODY_CANCEL:
            self = .cancel(try Wire.Cancel(required(c.cancel, "cancel", in: "Envelope")))
        case PREINDEX__V1__ENVELOPE__BODY_STATUS_QUERY:
            self = .statusQuery(try Wire.StatusQuery(required(c.status_query, "status_query", in: "Envelope")))
        case PREINDEX__V1__ENVELOPE__BODY_STATUS:
            self = .status(try Wire.Status(required(c.status, "status", in: "Envelope")))
        case PREINDEX__V1__ENVELOPE__BODY_RANKING_QUERY:
            self = .rankingQuery(try Wire.RankingQuery(required(c.ranking_query, "ranking_query", in: "Envelope")))
        case PREINDEX__V1__ENVELOPE__BODY_RANKING:
            self = .ranking(try Wire.Ranking(required(c.ranking, "ranking", in: "Envelope")))
        case PREINDEX__V1__ENVELOPE__BODY_ERROR:
            self = .error(try Wire.ErrorReply(required(c.error, "error", in: "Envelope")))
        default:
            throw WireError(
                .missingBody,
                "A received envelope carries no message this build knows; the sender may run a newer preindex")
        }
    }
}

extension Wire.Hello {
    fileprivate init(_ c: Preindex__V1__Hello) throws(WireError) {
        self.init(
            nodeID: try string(c.node_id, field: "Hello.node_id"),
            threads: c.threads,
            region: try string(c.region, field: "Hello.region"),
            softwareVersion: try string(c.software_version, field: "Hello.software_version"),
            host: try string(c.host, field: "Hello.host"))
    }
}

extension Wire.Ready {
    fileprivate init(_ c: Preindex__V1__Ready) {
        self.init(freeSlots: c.free_slots)
    }
}

extension Wire.Heartbeat {
    fileprivate init(_ c: Preindex__V1__Heartbeat) throws(WireError) {
        var progress: [Wire.TaskProgress] = []
        for entry in array(c.progress, count: c.n_progress) {
            progress.append(try Wire.TaskProgress(required(entry, "progress entry", in: "Heartbeat")))
        }
        self.init(sequence: c.sequence, progress: progress, draining: c.draining != 0)
    }
}

extension Wire.TaskProgress {
    fileprivate init(_ c: Preindex__V1__TaskProgress) throws(WireError) {
        self.init(
            taskID: try string(c.task_id, field: "TaskProgress.task_id"), attempt: c.attempt, epoch: c.epoch,
            accuracy: c.accuracy, energy: try Wire.EnergyReport(required(c.energy, "energy", in: "TaskProgress")))
    }
}

extension Wire.Disconnect {
    fileprivate init(_ c: Preindex__V1__Disconnect) throws(WireError) {
        self.init(reason: try string(c.reason, field: "Disconnect.reason"))
    }
}

extension Wire.EnergyReport {
    fileprivate init(_ c: Preindex__V1__EnergyReport) throws(WireError) {
        self.init(
            nodeID: try string(c.node_id, field: "EnergyReport.node_id"),
            method: try string(c.method, field: "EnergyReport.method"),
            joules: c.joules,
            cpuSeconds: c.cpu_seconds,
            wallSeconds: c.wall_seconds,
            region: try string(c.region, field: "EnergyReport.region"),
            gridIntensity: c.grid_intensity)
    }
}

extension Wire.Assign {
    fileprivate init(_ c: Preindex__V1__Assign) throws(WireError) {
        self.init(
            taskID: try string(c.task_id, field: "Assign.task_id"),
            attempt: c.attempt,
            taskJSON: bytes(c.task_json),
            leaseMilliseconds: c.lease_milliseconds)
    }
}

extension Wire.Result {
    fileprivate init(_ c: Preindex__V1__Result) throws(WireError) {
        self.init(
            taskID: try string(c.task_id, field: "Result.task_id"),
            attempt: c.attempt,
            resultJSON: bytes(c.result_json),
            energy: try Wire.EnergyReport(required(c.energy, "energy", in: "Result")))
    }
}

extension Wire.Failure {
    fileprivate init(_ c: Preindex__V1__Failure) throws(WireError) {
        self.init(
            taskID: try string(c.task_id, field: "Failure.task_id"),
            attempt: c.attempt,
            message: try string(c.message, field: "Failure.message"),
            retryable: c.retryable != 0,
            energy: try c.energy.map { (report) throws(WireError) in try Wire.EnergyReport(report.pointee) })
    }
}

extension Wire.ArtifactRequest {
    fileprivate init(_ c: Preindex__V1__ArtifactRequest) throws(WireError) {
        self.init(
            sha256: try string(c.sha256, field: "ArtifactRequest.sha256"),
            offset: c.offset,
            maxBytes: c.max_bytes)
    }
}

extension Wire.ArtifactChunk {
    fileprivate init(_ c: Preindex__V1__ArtifactChunk) throws(WireError) {
        self.init(
            sha256: try string(c.sha256, field: "ArtifactChunk.sha256"),
            offset: c.offset,
            data: bytes(c.data),
            totalSize: c.total_size)
    }
}

extension Wire.ArtifactUpload {
    fileprivate init(_ c: Preindex__V1__ArtifactUpload) throws(WireError) {
        self.init(
            sha256: try string(c.sha256, field: "ArtifactUpload.sha256"),
            offset: c.offset,
            data: bytes(c.data),
            totalSize: c.total_size,
            name: try string(c.name, field: "ArtifactUpload.name"),
            taskID: try string(c.task_id, field: "ArtifactUpload.task_id"))
    }
}

extension Wire.ArtifactListQuery {
    fileprivate init(_ c: Preindex__V1__ArtifactListQuery) throws(WireError) {
        self.init(
            kind: try string(c.kind, field: "ArtifactListQuery.kind"),
            jobID: try string(c.job_id, field: "ArtifactListQuery.job_id"))
    }
}

extension Wire.ArtifactInfo {
    fileprivate init(_ c: Preindex__V1__ArtifactInfo) throws(WireError) {
        self.init(
            sha256: try string(c.sha256, field: "ArtifactInfo.sha256"),
            size: c.size,
            kind: try string(c.kind, field: "ArtifactInfo.kind"),
            name: try string(c.name, field: "ArtifactInfo.name"),
            parentSHA256: try string(c.parent_sha256, field: "ArtifactInfo.parent_sha256"),
            taskID: try string(c.task_id, field: "ArtifactInfo.task_id"),
            jobID: try string(c.job_id, field: "ArtifactInfo.job_id"),
            createdAt: c.created_at)
    }
}

extension Wire.ArtifactList {
    fileprivate init(_ c: Preindex__V1__ArtifactList) throws(WireError) {
        var artifacts: [Wire.ArtifactInfo] = []
        for artifact in array(c.artifacts, count: c.n_artifacts) {
            artifacts.append(try Wire.ArtifactInfo(required(artifact, "artifacts entry", in: "ArtifactList")))
        }
        self.init(artifacts: artifacts)
    }
}

extension Wire.Submit {
    fileprivate init(_ c: Preindex__V1__Submit) throws(WireError) {
        switch c.document_case {
        case PREINDEX__V1__SUBMIT__DOCUMENT_JOB_JSON:
            self.init(document: .job(json: bytes(c.job_json)), recompute: c.recompute != 0)
        case PREINDEX__V1__SUBMIT__DOCUMENT_PLAN_JSON:
            self.init(document: .plan(json: bytes(c.plan_json)), recompute: c.recompute != 0)
        default:
            throw WireError(.missingBody, "A received Submit carries neither a job nor a plan")
        }
    }
}

extension Wire.Accepted {
    fileprivate init(_ c: Preindex__V1__Accepted) throws(WireError) {
        self.init(
            jobID: try string(c.job_id, field: "Accepted.job_id"), taskCount: c.task_count, reusedCount: c.reused_count)
    }
}

extension Wire.Cancel {
    fileprivate init(_ c: Preindex__V1__Cancel) throws(WireError) {
        self.init(jobID: try string(c.job_id, field: "Cancel.job_id"), rows: array(c.rows, count: c.n_rows))
    }
}

extension Wire.StatusQuery {
    fileprivate init(_ c: Preindex__V1__StatusQuery) throws(WireError) {
        self.init(jobID: try string(c.job_id, field: "StatusQuery.job_id"))
    }
}

extension Wire.JobProgress {
    fileprivate init(_ c: Preindex__V1__JobProgress) throws(WireError) {
        self.init(
            jobID: try string(c.job_id, field: "JobProgress.job_id"),
            total: c.total,
            queued: c.queued,
            running: c.running,
            done: c.done,
            failed: c.failed)
    }
}

extension Wire.Status {
    fileprivate init(_ c: Preindex__V1__Status) throws(WireError) {
        var jobs: [Wire.JobProgress] = []
        for job in array(c.jobs, count: c.n_jobs) {
            jobs.append(try Wire.JobProgress(required(job, "jobs entry", in: "Status")))
        }
        var energy: [Wire.EnergyReport] = []
        for report in array(c.energy, count: c.n_energy) {
            energy.append(try Wire.EnergyReport(required(report, "energy entry", in: "Status")))
        }
        var workers: [Wire.WorkerInfo] = []
        for worker in array(c.workers, count: c.n_workers) {
            workers.append(try Wire.WorkerInfo(required(worker, "workers entry", in: "Status")))
        }
        self.init(jobs: jobs, energy: energy, workers: workers)
    }
}

extension Wire.WorkerInfo {
    fileprivate init(_ c: Preindex__V1__WorkerInfo) throws(WireError) {
        var taskIDs: [String] = []
        for taskID in array(c.task_ids, count: c.n_task_ids) {
            taskIDs.append(try string(taskID, field: "WorkerInfo.task_ids"))
        }
        self.init(
            nodeID: try string(c.node_id, field: "WorkerInfo.node_id"),
            host: try string(c.host, field: "WorkerInfo.host"),
            region: try string(c.region, field: "WorkerInfo.region"),
            threads: c.threads,
            state: State(rawValue: c.state.rawValue),
            taskIDs: taskIDs,
            secondsSinceHeard: c.seconds_since_heard)
    }
}

extension Wire.RankingQuery {
    fileprivate init(_ c: Preindex__V1__RankingQuery) throws(WireError) {
        self.init(jobID: try string(c.job_id, field: "RankingQuery.job_id"))
    }
}

extension Wire.Ranking {
    fileprivate init(_ c: Preindex__V1__Ranking) throws(WireError) {
        self.init(jobID: try string(c.job_id, field: "Ranking.job_id"), rankingJSON: bytes(c.ranking_json))
    }
}

extension Wire.ErrorReply {
    fileprivate init(_ c: Preindex__V1__Error) throws(WireError) {
        self.init(code: Code(rawValue: c.code.rawValue), message: try string(c.message, field: "Error.message"))
    }
}

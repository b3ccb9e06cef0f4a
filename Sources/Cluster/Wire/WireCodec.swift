// The only file that imports PreIndexWire, the protobuf-c code generated from Protos/preindex/v1.
// It converts between the Swift values of `Wire` and the C messages, and between C messages and bytes.
//
// Encoding builds the C message tree in an `Arena` (every string, byte buffer, array and sub-message is
// one allocation of it), packs it, and frees the arena in a `defer`. Decoding unpacks with protobuf-c's
// default allocator, copies everything into Swift values and frees the C tree in a `defer`. protobuf-c
// checks lengths, tags and wire types, so arbitrary bytes give NULL or a well-formed tree; what it does
// not check (UTF-8, required sub-messages, an empty oneof, the version) is checked here.

// CProtobufC is imported for its `link "protobuf-c"`: the generated C code calls the runtime, and a
// Swift import is what makes the linker add the library.
import CProtobufC
import PreIndexWire

// MARK: - Public API

extension Wire.Envelope {
    /// The envelope as protobuf bytes, ready to be the last frame of a ZeroMQ message.
    ///
    /// - Throws: ``WireError`` ``WireError/Code/tooLarge`` when the encoding exceeds
    ///   ``Wire/maximumMessageSize``; ``WireError/Code/unencodable`` when a string contains a NUL
    ///   character (protobuf-c stores strings as C strings).
    public func encoded() throws(WireError) -> [UInt8] {
        let arena = Arena()
        defer { arena.deallocateAll() }
        let message = try arena.envelope(self)
        let size = preindex__v1__envelope__get_packed_size(message)
        guard size <= Wire.maximumMessageSize else { throw .tooLarge("The \(body.name) envelope", size: size) }
        return [UInt8](unsafeUninitializedCapacity: size) { buffer, count in
            count = size == 0 ? 0 : preindex__v1__envelope__pack(message, buffer.baseAddress!)
        }
    }

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

/// The numbers of `preindex.v1.WorkerState`, from the generated C enum.
enum WorkerStateNumber {
    static let unspecified = PREINDEX__V1__WORKER_STATE__WORKER_STATE_UNSPECIFIED.rawValue
    static let idle = PREINDEX__V1__WORKER_STATE__WORKER_STATE_IDLE.rawValue
    static let busy = PREINDEX__V1__WORKER_STATE__WORKER_STATE_BUSY.rawValue
    static let draining = PREINDEX__V1__WORKER_STATE__WORKER_STATE_DRAINING.rawValue
    static let lost = PREINDEX__V1__WORKER_STATE__WORKER_STATE_LOST.rawValue
}

/// The numbers of `preindex.v1.ErrorCode`, from the generated C enum.
enum ErrorCodeNumber {
    static let unspecified = PREINDEX__V1__ERROR_CODE__ERROR_CODE_UNSPECIFIED.rawValue
    static let malformed = PREINDEX__V1__ERROR_CODE__ERROR_CODE_MALFORMED.rawValue
    static let unsupportedVersion = PREINDEX__V1__ERROR_CODE__ERROR_CODE_UNSUPPORTED_VERSION.rawValue
    static let tooLarge = PREINDEX__V1__ERROR_CODE__ERROR_CODE_TOO_LARGE.rawValue
    static let notFound = PREINDEX__V1__ERROR_CODE__ERROR_CODE_NOT_FOUND.rawValue
    static let rejected = PREINDEX__V1__ERROR_CODE__ERROR_CODE_REJECTED.rawValue
    static let `internal` = PREINDEX__V1__ERROR_CODE__ERROR_CODE_INTERNAL.rawValue
}

// MARK: - Arena

/// The memory of one C message tree being encoded; ``deallocateAll()`` frees all of it at once.
private final class Arena {
    private var allocations: [UnsafeMutableRawPointer] = []

    /// Uninitialised memory for `count` values of `T`, owned by the arena.
    func allocate<T>(_ type: T.Type, count: Int) -> UnsafeMutablePointer<T> {
        let raw = UnsafeMutableRawPointer.allocate(
            byteCount: MemoryLayout<T>.stride * count, alignment: MemoryLayout<T>.alignment)
        allocations.append(raw)
        return raw.bindMemory(to: T.self, capacity: count)
    }

    /// A C message initialised by its generated `…__init` function.
    func message<T>(_ initialize: (UnsafeMutablePointer<T>?) -> Void) -> UnsafeMutablePointer<T> {
        let message = allocate(T.self, count: 1)
        initialize(message)
        return message
    }

    /// A NUL-terminated copy of `value`, which must not itself contain NUL.
    func string(_ value: String, field: String) throws(WireError) -> UnsafeMutablePointer<CChar> {
        let utf8 = value.utf8
        guard !utf8.contains(0) else {
            throw WireError(.unencodable, "Field \(field) contains a NUL character, which the wire format cannot carry")
        }
        let copy = allocate(CChar.self, count: utf8.count + 1)
        for (index, byte) in utf8.enumerated() { copy[index] = CChar(bitPattern: byte) }
        copy[utf8.count] = 0
        return copy
    }

    /// A protobuf-c `bytes` value pointing at a copy of `value`.
    func bytes(_ value: [UInt8]) -> ProtobufCBinaryData {
        ProtobufCBinaryData(len: value.count, data: array(value))
    }

    /// A copy of `values` as a C array; `nil` when empty.
    func array<T>(_ values: [T]) -> UnsafeMutablePointer<T>? {
        guard !values.isEmpty else { return nil }
        let copy = allocate(T.self, count: values.count)
        copy.initialize(from: values, count: values.count)
        return copy
    }

    /// Frees everything the arena allocated; the C tree built in it must not be used afterwards.
    func deallocateAll() {
        for allocation in allocations { allocation.deallocate() }
        allocations.removeAll()
    }
}

// MARK: - Swift → C

extension Arena {
    fileprivate func envelope(
        _ value: Wire.Envelope
    ) throws(WireError) -> UnsafeMutablePointer<Preindex__V1__Envelope> {
        let c = message(preindex__v1__envelope__init)
        c.pointee.protocol_version = value.protocolVersion
        switch value.body {
        case .hello(let body):
            c.pointee.body_case = PREINDEX__V1__ENVELOPE__BODY_HELLO
            c.pointee.hello = try hello(body)
        case .ready(let body):
            c.pointee.body_case = PREINDEX__V1__ENVELOPE__BODY_READY
            c.pointee.ready = ready(body)
        case .heartbeat(let body):
            c.pointee.body_case = PREINDEX__V1__ENVELOPE__BODY_HEARTBEAT
            c.pointee.heartbeat = try heartbeat(body)
        case .disconnect(let body):
            c.pointee.body_case = PREINDEX__V1__ENVELOPE__BODY_DISCONNECT
            c.pointee.disconnect = try disconnect(body)
        case .assign(let body):
            c.pointee.body_case = PREINDEX__V1__ENVELOPE__BODY_ASSIGN
            c.pointee.assign = try assign(body)
        case .result(let body):
            c.pointee.body_case = PREINDEX__V1__ENVELOPE__BODY_RESULT
            c.pointee.result = try result(body)
        case .failure(let body):
            c.pointee.body_case = PREINDEX__V1__ENVELOPE__BODY_FAILURE
            c.pointee.failure = try failure(body)
        case .artifactRequest(let body):
            c.pointee.body_case = PREINDEX__V1__ENVELOPE__BODY_ARTIFACT_REQUEST
            c.pointee.artifact_request = try artifactRequest(body)
        case .artifactChunk(let body):
            c.pointee.body_case = PREINDEX__V1__ENVELOPE__BODY_ARTIFACT_CHUNK
            c.pointee.artifact_chunk = try artifactChunk(body)
        case .artifactUpload(let body):
            c.pointee.body_case = PREINDEX__V1__ENVELOPE__BODY_ARTIFACT_UPLOAD
            c.pointee.artifact_upload = try artifactUpload(body)
        case .artifactListQuery(let body):
            c.pointee.body_case = PREINDEX__V1__ENVELOPE__BODY_ARTIFACT_LIST_QUERY
            c.pointee.artifact_list_query = try artifactListQuery(body)
        case .artifactList(let body):
            c.pointee.body_case = PREINDEX__V1__ENVELOPE__BODY_ARTIFACT_LIST
            c.pointee.artifact_list = try artifactList(body)
        case .submit(let body):
            c.pointee.body_case = PREINDEX__V1__ENVELOPE__BODY_SUBMIT
            c.pointee.submit = submit(body)
        case .accepted(let body):
            c.pointee.body_case = PREINDEX__V1__ENVELOPE__BODY_ACCEPTED
            c.pointee.accepted = try accepted(body)
        case .cancel(let body):
            c.pointee.body_case = PREINDEX__V1__ENVELOPE__BODY_CANCEL
            c.pointee.cancel = try cancel(body)
        case .statusQuery(let body):
            c.pointee.body_case = PREINDEX__V1__ENVELOPE__BODY_STATUS_QUERY
            c.pointee.status_query = try statusQuery(body)
        case .status(let body):
            c.pointee.body_case = PREINDEX__V1__ENVELOPE__BODY_STATUS
            c.pointee.status = try status(body)
        case .rankingQuery(let body):
            c.pointee.body_case = PREINDEX__V1__ENVELOPE__BODY_RANKING_QUERY
            c.pointee.ranking_query = try rankingQuery(body)
        case .ranking(let body):
            c.pointee.body_case = PREINDEX__V1__ENVELOPE__BODY_RANKING
            c.pointee.ranking = try ranking(body)
        case .error(let body):
            c.pointee.body_case = PREINDEX__V1__ENVELOPE__BODY_ERROR
            c.pointee.error = try errorReply(body)
        }
        return c
    }

    private func hello(_ value: Wire.Hello) throws(WireError) -> UnsafeMutablePointer<Preindex__V1__Hello> {
        let c = message(preindex__v1__hello__init)
        c.pointee.node_id = try string(value.nodeID, field: "Hello.node_id")
        c.pointee.threads = value.threads
        c.pointee.region = try string(value.region, field: "Hello.region")
        c.pointee.software_version = try string(value.softwareVersion, field: "Hello.software_version")
        c.pointee.host = try string(value.host, field: "Hello.host")
        return c
    }

    private func ready(_ value: Wire.Ready) -> UnsafeMutablePointer<Preindex__V1__Ready> {
        let c = message(preindex__v1__ready__init)
        c.pointee.free_slots = value.freeSlots
        return c
    }

    private func heartbeat(_ value: Wire.Heartbeat) throws(WireError) -> UnsafeMutablePointer<Preindex__V1__Heartbeat> {
        let c = message(preindex__v1__heartbeat__init)
        c.pointee.sequence = value.sequence
        var progress: [UnsafeMutablePointer<Preindex__V1__TaskProgress>?] = []
        for entry in value.progress { progress.append(try taskProgress(entry)) }
        c.pointee.n_progress = progress.count
        c.pointee.progress = array(progress)
        c.pointee.draining = value.draining ? 1 : 0
        return c
    }

    private func taskProgress(
        _ value: Wire.TaskProgress
    ) throws(WireError) -> UnsafeMutablePointer<Preindex__V1__TaskProgress> {
        let c = message(preindex__v1__task_progress__init)
        c.pointee.task_id = try string(value.taskID, field: "TaskProgress.task_id")
        c.pointee.attempt = value.attempt
        c.pointee.epoch = value.epoch
        c.pointee.accuracy = value.accuracy
        c.pointee.energy = try energyReport(value.energy)
        return c
    }

    private func disconnect(
        _ value: Wire.Disconnect
    ) throws(WireError) -> UnsafeMutablePointer<Preindex__V1__Disconnect> {
        let c = message(preindex__v1__disconnect__init)
        c.pointee.reason = try string(value.reason, field: "Disconnect.reason")
        return c
    }

    private func energyReport(
        _ value: Wire.EnergyReport
    ) throws(WireError) -> UnsafeMutablePointer<Preindex__V1__EnergyReport> {
        let c = message(preindex__v1__energy_report__init)
        c.pointee.node_id = try string(value.nodeID, field: "EnergyReport.node_id")
        c.pointee.method = try string(value.method, field: "EnergyReport.method")
        c.pointee.joules = value.joules
        c.pointee.cpu_seconds = value.cpuSeconds
        c.pointee.wall_seconds = value.wallSeconds
        c.pointee.region = try string(value.region, field: "EnergyReport.region")
        c.pointee.grid_intensity = value.gridIntensity
        return c
    }

    private func assign(_ value: Wire.Assign) throws(WireError) -> UnsafeMutablePointer<Preindex__V1__Assign> {
        let c = message(preindex__v1__assign__init)
        c.pointee.task_id = try string(value.taskID, field: "Assign.task_id")
        c.pointee.attempt = value.attempt
        c.pointee.task_json = bytes(value.taskJSON)
        c.pointee.lease_milliseconds = value.leaseMilliseconds
        return c
    }

    private func result(_ value: Wire.Result) throws(WireError) -> UnsafeMutablePointer<Preindex__V1__Result> {
        let c = message(preindex__v1__result__init)
        c.pointee.task_id = try string(value.taskID, field: "Result.task_id")
        c.pointee.attempt = value.attempt
        c.pointee.result_json = bytes(value.resultJSON)
        c.pointee.energy = try energyReport(value.energy)
        return c
    }

    private func failure(_ value: Wire.Failure) throws(WireError) -> UnsafeMutablePointer<Preindex__V1__Failure> {
        let c = message(preindex__v1__failure__init)
        c.pointee.task_id = try string(value.taskID, field: "Failure.task_id")
        c.pointee.attempt = value.attempt
        c.pointee.message = try string(value.message, field: "Failure.message")
        c.pointee.retryable = value.retryable ? 1 : 0
        if let energy = value.energy { c.pointee.energy = try energyReport(energy) }
        return c
    }

    private func artifactRequest(
        _ value: Wire.ArtifactRequest
    ) throws(WireError) -> UnsafeMutablePointer<Preindex__V1__ArtifactRequest> {
        let c = message(preindex__v1__artifact_request__init)
        c.pointee.sha256 = try string(value.sha256, field: "ArtifactRequest.sha256")
        c.pointee.offset = value.offset
        c.pointee.max_bytes = value.maxBytes
        return c
    }

    private func artifactChunk(
        _ value: Wire.ArtifactChunk
    ) throws(WireError) -> UnsafeMutablePointer<Preindex__V1__ArtifactChunk> {
        let c = message(preindex__v1__artifact_chunk__init)
        c.pointee.sha256 = try string(value.sha256, field: "ArtifactChunk.sha256")
        c.pointee.offset = value.offset
        c.pointee.data = bytes(value.data)
        c.pointee.total_size = value.totalSize
        return c
    }

    private func artifactUpload(
        _ value: Wire.ArtifactUpload
    ) throws(WireError) -> UnsafeMutablePointer<Preindex__V1__ArtifactUpload> {
        let c = message(preindex__v1__artifact_upload__init)
        c.pointee.sha256 = try string(value.sha256, field: "ArtifactUpload.sha256")
        c.pointee.offset = value.offset
        c.pointee.data = bytes(value.data)
        c.pointee.total_size = value.totalSize
        c.pointee.name = try string(value.name, field: "ArtifactUpload.name")
        c.pointee.task_id = try string(value.taskID, field: "ArtifactUpload.task_id")
        return c
    }

    private func artifactListQuery(
        _ value: Wire.ArtifactListQuery
    ) throws(WireError) -> UnsafeMutablePointer<Preindex__V1__ArtifactListQuery> {
        let c = message(preindex__v1__artifact_list_query__init)
        c.pointee.kind = try string(value.kind, field: "ArtifactListQuery.kind")
        c.pointee.job_id = try string(value.jobID, field: "ArtifactListQuery.job_id")
        return c
    }

    private func artifactInfo(
        _ value: Wire.ArtifactInfo
    ) throws(WireError) -> UnsafeMutablePointer<Preindex__V1__ArtifactInfo> {
        let c = message(preindex__v1__artifact_info__init)
        c.pointee.sha256 = try string(value.sha256, field: "ArtifactInfo.sha256")
        c.pointee.size = value.size
        c.pointee.kind = try string(value.kind, field: "ArtifactInfo.kind")
        c.pointee.name = try string(value.name, field: "ArtifactInfo.name")
        c.pointee.parent_sha256 = try string(value.parentSHA256, field: "ArtifactInfo.parent_sha256")
        c.pointee.task_id = try string(value.taskID, field: "ArtifactInfo.task_id")
        c.pointee.job_id = try string(value.jobID, field: "ArtifactInfo.job_id")
        c.pointee.created_at = value.createdAt
        return c
    }

    private func artifactList(
        _ value: Wire.ArtifactList
    ) throws(WireError) -> UnsafeMutablePointer<Preindex__V1__ArtifactList> {
        let c = message(preindex__v1__artifact_list__init)
        var artifacts: [UnsafeMutablePointer<Preindex__V1__ArtifactInfo>?] = []
        for artifact in value.artifacts { artifacts.append(try artifactInfo(artifact)) }
        c.pointee.n_artifacts = artifacts.count
        c.pointee.artifacts = array(artifacts)
        return c
    }

    private func submit(_ value: Wire.Submit) -> UnsafeMutablePointer<Preindex__V1__Submit> {
        let c = message(preindex__v1__submit__init)
        switch value.document {
        case .job(let json):
            c.pointee.document_case = PREINDEX__V1__SUBMIT__DOCUMENT_JOB_JSON
            c.pointee.job_json = bytes(json)
        case .plan(let json):
            c.pointee.document_case = PREINDEX__V1__SUBMIT__DOCUMENT_PLAN_JSON
            c.pointee.plan_json = bytes(json)
        }
        c.pointee.recompute = value.recompute ? 1 : 0
        return c
    }

    private func accepted(_ value: Wire.Accepted) throws(WireError) -> UnsafeMutablePointer<Preindex__V1__Accepted> {
        let c = message(preindex__v1__accepted__init)
        c.pointee.job_id = try string(value.jobID, field: "Accepted.job_id")
        c.pointee.task_count = value.taskCount
        c.pointee.reused_count = value.reusedCount
        return c
    }

    private func cancel(_ value: Wire.Cancel) throws(WireError) -> UnsafeMutablePointer<Preindex__V1__Cancel> {
        let c = message(preindex__v1__cancel__init)
        c.pointee.job_id = try string(value.jobID, field: "Cancel.job_id")
        c.pointee.n_rows = value.rows.count
        c.pointee.rows = array(value.rows)
        return c
    }

    private func statusQuery(
        _ value: Wire.StatusQuery
    ) throws(WireError) -> UnsafeMutablePointer<Preindex__V1__StatusQuery> {
        let c = message(preindex__v1__status_query__init)
        c.pointee.job_id = try string(value.jobID, field: "StatusQuery.job_id")
        return c
    }

    private func jobProgress(
        _ value: Wire.JobProgress
    ) throws(WireError) -> UnsafeMutablePointer<Preindex__V1__JobProgress> {
        let c = message(preindex__v1__job_progress__init)
        c.pointee.job_id = try string(value.jobID, field: "JobProgress.job_id")
        c.pointee.total = value.total
        c.pointee.queued = value.queued
        c.pointee.running = value.running
        c.pointee.done = value.done
        c.pointee.failed = value.failed
        return c
    }

    private func status(_ value: Wire.Status) throws(WireError) -> UnsafeMutablePointer<Preindex__V1__Status> {
        let c = message(preindex__v1__status__init)
        var jobs: [UnsafeMutablePointer<Preindex__V1__JobProgress>?] = []
        for job in value.jobs { jobs.append(try jobProgress(job)) }
        var energy: [UnsafeMutablePointer<Preindex__V1__EnergyReport>?] = []
        for report in value.energy { energy.append(try energyReport(report)) }
        c.pointee.n_jobs = jobs.count
        c.pointee.jobs = array(jobs)
        c.pointee.n_energy = energy.count
        c.pointee.energy = array(energy)
        var workers: [UnsafeMutablePointer<Preindex__V1__WorkerInfo>?] = []
        for worker in value.workers { workers.append(try workerInfo(worker)) }
        c.pointee.n_workers = workers.count
        c.pointee.workers = array(workers)
        return c
    }

    private func workerInfo(
        _ value: Wire.WorkerInfo
    ) throws(WireError) -> UnsafeMutablePointer<Preindex__V1__WorkerInfo> {
        let c = message(preindex__v1__worker_info__init)
        c.pointee.node_id = try string(value.nodeID, field: "WorkerInfo.node_id")
        c.pointee.host = try string(value.host, field: "WorkerInfo.host")
        c.pointee.region = try string(value.region, field: "WorkerInfo.region")
        c.pointee.threads = value.threads
        c.pointee.state = Preindex__V1__WorkerState(rawValue: value.state.rawValue)
        var taskIDs: [UnsafeMutablePointer<CChar>?] = []
        for taskID in value.taskIDs { taskIDs.append(try string(taskID, field: "WorkerInfo.task_ids")) }
        c.pointee.n_task_ids = taskIDs.count
        c.pointee.task_ids = array(taskIDs)
        c.pointee.seconds_since_heard = value.secondsSinceHeard
        return c
    }

    private func rankingQuery(
        _ value: Wire.RankingQuery
    ) throws(WireError) -> UnsafeMutablePointer<Preindex__V1__RankingQuery> {
        let c = message(preindex__v1__ranking_query__init)
        c.pointee.job_id = try string(value.jobID, field: "RankingQuery.job_id")
        return c
    }

    private func ranking(_ value: Wire.Ranking) throws(WireError) -> UnsafeMutablePointer<Preindex__V1__Ranking> {
        let c = message(preindex__v1__ranking__init)
        c.pointee.job_id = try string(value.jobID, field: "Ranking.job_id")
        c.pointee.ranking_json = bytes(value.rankingJSON)
        return c
    }

    private func errorReply(_ value: Wire.ErrorReply) throws(WireError) -> UnsafeMutablePointer<Preindex__V1__Error> {
        let c = message(preindex__v1__error__init)
        c.pointee.code = Preindex__V1__ErrorCode(rawValue: value.code.rawValue)
        c.pointee.message = try string(value.message, field: "Error.message")
        return c
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

// Encoding: `Wire.Envelope.encoded()` converts the Swift values of `Wire` into a protobuf-c message tree
// built in an `Arena` (WireArena.swift; every string, byte buffer, array and sub-message is one
// allocation of it), packs it into bytes, and frees the arena in a `defer`.

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

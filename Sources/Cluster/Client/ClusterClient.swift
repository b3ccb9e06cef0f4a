import Foundation

/// A connection to a coordinator that sends one request at a time and waits for its answer: what `preindex submit`,
/// `status`, `ranking` and `cancel` use, and what a worker uses to fetch and publish artifacts.
///
/// Every call either returns the coordinator's answer or throws a ``ClusterClientError`` with one sentence: the
/// coordinator's Error reply, no answer within ``timeout``, or an answer of an unexpected kind.
public final class ClusterClient {
    /// The coordinator's endpoint.
    public let endpoint: String
    /// The longest wait for one answer.
    public let timeout: Duration
    private let socket: Socket

    /// Connects to the coordinator at `endpoint` (ZeroMQ connects lazily: nothing is sent yet).
    ///
    /// - Throws: ``ClusterClientError`` when the endpoint is malformed or the keys cannot be set.
    public init(
        endpoint: String, context: ZMQContext, security: ClientSecurity = .plain, timeout: Duration = .seconds(30)
    ) throws(ClusterClientError) {
        self.endpoint = endpoint
        self.timeout = timeout
        do {
            socket = try Socket(.dealer, context: context)
            try socket.set(.linger(.seconds(2)))
            try socket.set(.sendTimeout(timeout))
            try socket.set(.maximumMessageSize(Wire.maximumMessageSize + 4096))
            try security.configure(socket)
            try socket.connect(to: endpoint)
        } catch {
            throw ClusterClientError("cannot connect to the coordinator at \(endpoint): \(error)")
        }
    }

    // MARK: Requests

    /// Submits a job file's bytes; `recompute` runs every task even when its result is stored (`--no-cache`).
    public func submit(job json: [UInt8], recompute: Bool = false) throws(ClusterClientError) -> Wire.Accepted {
        guard case .accepted(let accepted) = try request(.submit(.init(document: .job(json: json), recompute: recompute)))
        else { throw unexpected("Submit") }
        return accepted
    }

    /// Submits a retrain plan written by `preindex decide`; the answer names the plan's job.
    public func submit(plan json: [UInt8]) throws(ClusterClientError) -> Wire.Accepted {
        guard case .accepted(let accepted) = try request(.submit(.init(document: .plan(json: json)))) else {
            throw unexpected("Submit")
        }
        return accepted
    }

    /// Progress of job `jobID`, or of every job when it is empty, and energy per node.
    public func status(jobID: String = "") throws(ClusterClientError) -> Wire.Status {
        guard case .status(let status) = try request(.statusQuery(.init(jobID: jobID))) else {
            throw unexpected("StatusQuery")
        }
        return status
    }

    /// Asks for job `jobID`'s progress every `interval` until none of its tasks is queued or running, telling
    /// `onProgress` each answer, and returns the last one.
    ///
    /// - Throws: ``ClusterClientError`` when the coordinator does not know the job, cannot be reached, or the job is
    ///   still running after `timeout`.
    public func waitUntilFinished(
        jobID: String, interval: Duration = .milliseconds(500), timeout: Duration? = nil,
        onProgress: (Wire.JobProgress) throws -> Void = { _ in }
    ) throws -> Wire.JobProgress {
        let clock = ContinuousClock()
        let deadline = timeout.map { clock.now.advanced(by: $0) }
        while true {
            guard let progress = try status(jobID: jobID).jobs.first else {
                throw ClusterClientError("the coordinator at \(endpoint) no longer knows job \(jobID)")
            }
            try onProgress(progress)
            if progress.isFinished { return progress }
            if let deadline, clock.now >= deadline {
                throw ClusterClientError(
                    "job \(jobID) is still running after \(timeout!): \(progress.done) of \(progress.total) tasks done")
            }
            Thread.sleep(forTimeInterval: interval.timeInterval)
        }
    }

    /// The ranking of evaluation job `jobID`, or the outcome of plan job `jobID`, as JSON.
    public func ranking(jobID: String) throws(ClusterClientError) -> [UInt8] {
        guard case .ranking(let ranking) = try request(.rankingQuery(.init(jobID: jobID))) else {
            throw unexpected("RankingQuery")
        }
        return ranking.rankingJSON
    }

    /// Cancels job `jobID`, or only rows `rows` of a plan's job, keeping what finished; returns its status after.
    public func cancel(jobID: String, rows: [UInt32] = []) throws(ClusterClientError) -> Wire.Status {
        guard case .status(let status) = try request(.cancel(.init(jobID: jobID, rows: rows))) else {
            throw unexpected("Cancel")
        }
        return status
    }

    // MARK: Artifacts

    /// The stored artifacts, oldest first, without their bytes.
    ///
    /// - Parameters:
    ///   - kind: Only this kind ("model", "checkpoint", "upload"); empty for every kind.
    ///   - jobID: Only what the tasks of this job or plan produced; empty for every job.
    public func artifacts(kind: String = "", jobID: String = "") throws(ClusterClientError) -> [Wire.ArtifactInfo] {
        guard case .artifactList(let list) = try request(.artifactListQuery(.init(kind: kind, jobID: jobID))) else {
            throw unexpected("ArtifactListQuery")
        }
        return list.artifacts
    }

    /// Uploads the file at `path` as an artifact and returns once the coordinator stored it whole.
    ///
    /// - Parameters:
    ///   - sha256: The file's SHA-256 when known; computed otherwise.
    ///   - name: The name listings show.
    ///   - taskID: The task that produced the file, or empty for a user's upload.
    /// - Returns: The artifact's SHA-256.
    @discardableResult
    public func upload(file path: String, sha256: String? = nil, name: String, taskID: String = "")
        throws(ClusterClientError) -> String
    {
        let chunker: ArtifactChunker
        do {
            chunker = try ArtifactChunker(file: path, sha256: sha256)
        } catch {
            throw ClusterClientError("cannot read '\(path)' to upload it: \(error.message)")
        }
        for offset in chunker.offsets {
            let chunk: Wire.ArtifactChunk
            do {
                chunk = try chunker.chunk(at: offset)
            } catch {
                throw ClusterClientError("cannot read '\(path)' to upload it: \(error.message)")
            }
            try send(.artifactUpload(Wire.ArtifactUpload(chunk, name: name, taskID: taskID)))
        }
        // Asked after the last chunk on the same connection, so answered after every chunk was taken.
        let confirmation = Wire.ArtifactRequest(sha256: chunker.sha256, offset: chunker.totalSize, maxBytes: 0)
        guard case .artifactChunk = try request(.artifactRequest(confirmation)) else {
            throw unexpected("ArtifactRequest")
        }
        return chunker.sha256
    }

    /// Fetches artifact `sha256` into `cache` (nothing is sent when it is cached already) and returns its path.
    ///
    /// Requests are sent a window at a time; a chunk lost or refused is asked for again, up to three rounds.
    public func fetch(sha256: String, into cache: ArtifactCache) throws(ClusterClientError) -> String {
        do {
            let assembler = try ArtifactAssembler(sha256: sha256, cache: cache)
            var rounds = 0
            while assembler.cachedPath == nil {
                rounds += 1
                guard rounds <= 3 else {
                    throw ClusterClientError("artifact \(sha256) is still incomplete after 3 rounds of requests")
                }
                let requests = assembler.requests()
                for window in stride(from: 0, to: requests.count, by: 8) {
                    let batch = requests[window..<min(window + 8, requests.count)]
                    for request in batch { try send(.artifactRequest(request)) }
                    for _ in batch {
                        switch try receiveReply() {
                        case .artifactChunk(let chunk): try assembler.receive(chunk)
                        case .error(let reply): throw ClusterClientError(reply.message)
                        default: throw unexpected("ArtifactRequest")
                        }
                    }
                }
            }
            return assembler.cachedPath!
        } catch let error as ClusterClientError {
            throw error
        } catch let error as ArtifactError {
            throw ClusterClientError("fetching artifact \(sha256) failed: \(error.message)")
        } catch {
            throw ClusterClientError("fetching artifact \(sha256) failed: \(error)")
        }
    }

    // MARK: Exchange

    /// Sends `body` and returns the answer; an Error answer is thrown.
    public func request(_ body: Wire.Envelope.Body) throws(ClusterClientError) -> Wire.Envelope.Body {
        try send(body)
        let reply = try receiveReply()
        if case .error(let error) = reply { throw ClusterClientError(error.message) }
        return reply
    }

    private func send(_ body: Wire.Envelope.Body) throws(ClusterClientError) {
        do {
            try socket.send(RoutedMessage(payload: try Wire.Envelope(body).encoded()).frames)
        } catch {
            throw ClusterClientError("cannot send \(body.name) to the coordinator at \(endpoint): \(error)")
        }
    }

    /// The next message from the coordinator, skipping heartbeats.
    private func receiveReply() throws(ClusterClientError) -> Wire.Envelope.Body {
        let clock = ContinuousClock()
        let deadline = clock.now.advanced(by: timeout)
        while true {
            let frames: [[UInt8]]?
            do {
                frames = try socket.receive(timeout: max(.zero, clock.now.duration(to: deadline)))
            } catch {
                throw ClusterClientError("cannot receive from the coordinator at \(endpoint): \(error)")
            }
            guard let frames else {
                throw ClusterClientError(
                    "no answer from the coordinator at \(endpoint) within \(timeout); is `preindex coordinator` running "
                        + "there (and do the CURVE keys match)?")
            }
            do {
                let body = try Wire.Envelope(decoding: RoutedMessage(frames: frames).payload).body
                if case .heartbeat = body { continue }
                return body
            } catch {
                throw ClusterClientError("the coordinator at \(endpoint) sent a message that cannot be read: \(error)")
            }
        }
    }

    private func unexpected(_ request: String) -> ClusterClientError {
        ClusterClientError("the coordinator at \(endpoint) answered \(request) with an unexpected message")
    }
}

/// A request to the coordinator that failed, with one sentence saying why.
public struct ClusterClientError: Error, CustomStringConvertible, Sendable {
    /// What went wrong.
    public var message: String

    /// An error with `message`.
    public init(_ message: String) {
        self.message = message
    }

    /// The message.
    public var description: String { message }
}

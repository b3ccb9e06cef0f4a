extension Wire {
    /// What every cluster message carries: a protocol version and exactly one body.
    ///
    /// Mirrors `preindex.v1.Envelope`. On ROUTER sockets its encoding is the last frame of
    /// `[identity][empty][Envelope bytes]`.
    public struct Envelope: Sendable, Equatable {
        /// The sender's protocol version; ``Wire/protocolVersion`` unless a test builds another.
        public var protocolVersion: UInt32
        /// The message itself.
        public var body: Body

        /// An envelope carrying `body`, stamped with `protocolVersion` (this build's by default).
        public init(_ body: Body, protocolVersion: UInt32 = Wire.protocolVersion) {
            self.protocolVersion = protocolVersion
            self.body = body
        }

        /// The message an envelope carries: the `body` oneof of `preindex.v1.Envelope`.
        public enum Body: Sendable, Equatable {
            /// A worker introduces itself.
            case hello(Hello)
            /// A worker can take more tasks.
            case ready(Ready)
            /// A peer is alive.
            case heartbeat(Heartbeat)
            /// A peer is leaving.
            case disconnect(Disconnect)
            /// The coordinator leases a task to a worker.
            case assign(Assign)
            /// A worker finished a task.
            case result(Result)
            /// A worker could not finish a task.
            case failure(Failure)
            /// A peer asks for artifact bytes.
            case artifactRequest(ArtifactRequest)
            /// Artifact bytes answering a request.
            case artifactChunk(ArtifactChunk)
            /// A worker sends artifact bytes it produced.
            case artifactUpload(ArtifactUpload)
            /// A client asks which artifacts are stored.
            case artifactListQuery(ArtifactListQuery)
            /// Stored artifacts, answering a list query.
            case artifactList(ArtifactList)
            /// A client submits a job or plan.
            case submit(Submit)
            /// The coordinator accepted a submission.
            case accepted(Accepted)
            /// A client cancels a job or plan.
            case cancel(Cancel)
            /// A client asks for progress.
            case statusQuery(StatusQuery)
            /// Progress of jobs and energy per node.
            case status(Status)
            /// A client asks for a job's ranking.
            case rankingQuery(RankingQuery)
            /// A job's ranking.
            case ranking(Ranking)
            /// A request could not be served.
            case error(ErrorReply)
        }
    }
}

extension Wire.Envelope.Body {
    /// The protobuf name of the body's message, for error messages and logs.
    public var name: String {
        switch self {
        case .hello: "Hello"
        case .ready: "Ready"
        case .heartbeat: "Heartbeat"
        case .disconnect: "Disconnect"
        case .assign: "Assign"
        case .result: "Result"
        case .failure: "Failure"
        case .artifactRequest: "ArtifactRequest"
        case .artifactChunk: "ArtifactChunk"
        case .artifactUpload: "ArtifactUpload"
        case .artifactListQuery: "ArtifactListQuery"
        case .artifactList: "ArtifactList"
        case .submit: "Submit"
        case .accepted: "Accepted"
        case .cancel: "Cancel"
        case .statusQuery: "StatusQuery"
        case .status: "Status"
        case .rankingQuery: "RankingQuery"
        case .ranking: "Ranking"
        case .error: "Error"
        }
    }
}

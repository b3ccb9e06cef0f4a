// Artifact messages (Protos/preindex/v1/artifact.proto): content-addressed files moved in chunks.

extension Wire {
    /// Asks for an artifact's bytes from `offset` on. Mirrors `preindex.v1.ArtifactRequest`.
    public struct ArtifactRequest: Sendable, Equatable {
        /// Lower-case hexadecimal SHA-256 of the whole artifact.
        public var sha256: String
        /// The first byte wanted.
        public var offset: UInt64
        /// The most bytes wanted in the answering chunk.
        public var maxBytes: UInt32

        /// Creates the value from its fields.
        public init(sha256: String, offset: UInt64, maxBytes: UInt32) {
            self.sha256 = sha256
            self.offset = offset
            self.maxBytes = maxBytes
        }
    }

    /// Bytes of an artifact starting at `offset`, answering a request. Mirrors `preindex.v1.ArtifactChunk`.
    public struct ArtifactChunk: Sendable, Equatable {
        /// Lower-case hexadecimal SHA-256 of the whole artifact.
        public var sha256: String
        /// Position of ``data`` in the artifact.
        public var offset: UInt64
        /// The bytes.
        public var data: [UInt8]
        /// Size of the whole artifact.
        public var totalSize: UInt64

        /// Creates the value from its fields.
        public init(sha256: String, offset: UInt64, data: [UInt8], totalSize: UInt64) {
            self.sha256 = sha256
            self.offset = offset
            self.data = data
            self.totalSize = totalSize
        }
    }

    /// Worker to coordinator: bytes of an artifact the worker produced. Mirrors `preindex.v1.ArtifactUpload`.
    public struct ArtifactUpload: Sendable, Equatable {
        /// Lower-case hexadecimal SHA-256 of the whole artifact.
        public var sha256: String
        /// Position of ``data`` in the artifact.
        public var offset: UInt64
        /// The bytes.
        public var data: [UInt8]
        /// Size of the whole artifact.
        public var totalSize: UInt64
        /// A readable name for listings ("resnet18-frost-3.safetensors").
        public var name: String
        /// The task that produced the artifact, for lineage.
        public var taskID: String

        /// Creates the value from its fields.
        public init(sha256: String, offset: UInt64, data: [UInt8], totalSize: UInt64, name: String, taskID: String) {
            self.sha256 = sha256
            self.offset = offset
            self.data = data
            self.totalSize = totalSize
            self.name = name
            self.taskID = taskID
        }
    }
}

extension Wire {
    /// Client to coordinator: list stored artifacts without their bytes. Mirrors `preindex.v1.ArtifactListQuery`.
    public struct ArtifactListQuery: Sendable, Equatable {
        /// Only artifacts of this kind ("model", "checkpoint", "upload"); empty for every kind.
        public var kind: String
        /// Only artifacts that the tasks of this job or plan produced; empty for every job.
        public var jobID: String

        /// Creates the value from its fields.
        public init(kind: String = "", jobID: String = "") {
            self.kind = kind
            self.jobID = jobID
        }
    }

    /// One stored artifact in a listing: what it is and where it came from. Mirrors `preindex.v1.ArtifactInfo`.
    public struct ArtifactInfo: Sendable, Equatable {
        /// Lower-case hexadecimal SHA-256 of the bytes.
        public var sha256: String
        /// The size of the bytes.
        public var size: UInt64
        /// "model", "checkpoint" or "upload".
        public var kind: String
        /// A readable name; may be empty.
        public var name: String
        /// The artifact this one was derived from (a retrained model's source model); empty when none.
        public var parentSHA256: String
        /// The task that produced it; empty for a user's upload.
        public var taskID: String
        /// That task's job; empty for a user's upload.
        public var jobID: String
        /// When the coordinator stored it, in seconds since 1970-01-01 UTC.
        public var createdAt: Double

        /// Creates the value from its fields.
        public init(
            sha256: String, size: UInt64, kind: String, name: String = "", parentSHA256: String = "",
            taskID: String = "", jobID: String = "", createdAt: Double
        ) {
            self.sha256 = sha256
            self.size = size
            self.kind = kind
            self.name = name
            self.parentSHA256 = parentSHA256
            self.taskID = taskID
            self.jobID = jobID
            self.createdAt = createdAt
        }
    }

    /// Coordinator to client: stored artifacts, oldest first. Mirrors `preindex.v1.ArtifactList`.
    public struct ArtifactList: Sendable, Equatable {
        /// The artifacts.
        public var artifacts: [ArtifactInfo]

        /// Creates the value from its fields.
        public init(artifacts: [ArtifactInfo]) {
            self.artifacts = artifacts
        }
    }
}

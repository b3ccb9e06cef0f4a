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

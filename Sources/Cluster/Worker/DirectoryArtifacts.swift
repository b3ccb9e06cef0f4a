import Foundation

/// Artifacts kept as files in one local directory, each named by its SHA-256: for tests and single-machine use.
///
/// ``localPath(ofArtifact:)`` checks that the file's bytes still hash to its name; ``publish(file:sha256:name:taskID:)``
/// copies a file in (the name and task are not kept: the content is what identifies an artifact).
public struct DirectoryArtifacts: ArtifactAccess {
    /// The directory holding the artifacts.
    public let directory: String

    /// Artifacts in `directory`, which is created when absent.
    ///
    /// - Throws: ``TaskFailure`` (retryable) when the directory cannot be created.
    public init(directory: String) throws(TaskFailure) {
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw TaskFailure(
                "cannot create the artifact directory '\(directory)': \(error.localizedDescription)", retryable: true)
        }
        self.directory = directory
    }

    /// The path of artifact `sha256` in ``directory``, after checking its bytes hash to `sha256`.
    ///
    /// - Throws: ``TaskFailure`` (not retryable) when `sha256` is not 64 lowercase hexadecimal digits, no such
    ///   artifact is stored, or the stored file's bytes hash to something else.
    public func localPath(ofArtifact sha256: String) throws -> String {
        let path = try self.path(of: sha256)
        guard FileManager.default.fileExists(atPath: path) else {
            throw TaskFailure("artifact \(sha256) is not in the artifact directory '\(directory)'", retryable: false)
        }
        let actual = SHA256.hex(try SHA256.hash(file: path))
        guard actual == sha256 else {
            throw TaskFailure(
                "artifact file '\(path)' is corrupt: its bytes hash to \(actual), not to its name", retryable: false)
        }
        return path
    }

    /// Copies the file at `path` into ``directory`` as `sha256`, unless it is already there.
    ///
    /// - Throws: ``TaskFailure`` (not retryable) for a malformed `sha256`; (retryable) when the copy fails.
    public func publish(file path: String, sha256: String, name: String, taskID: String) throws {
        let target = try self.path(of: sha256)
        if FileManager.default.fileExists(atPath: target) { return }
        // Copy under a name of its own, then rename: a reader never sees half a file.
        let partial = target + ".\(UUID().uuidString).partial"
        do {
            try FileManager.default.copyItem(atPath: path, toPath: partial)
            if rename(partial, target) != 0 {
                throw TaskFailure(String(cString: strerror(errno)), retryable: true)
            }
        } catch {
            try? FileManager.default.removeItem(atPath: partial)
            throw TaskFailure(
                "cannot publish '\(path)' (\(name), task \(taskID)) into '\(directory)': \(error)", retryable: true)
        }
    }

    /// The file name of artifact `sha256`, after checking the digest's form (which also keeps it inside the directory).
    private func path(of sha256: String) throws(TaskFailure) -> String {
        guard sha256.utf8.count == 64, sha256.utf8.allSatisfy({ (48...57).contains($0) || (97...102).contains($0) }) else {
            throw TaskFailure(
                "'\(sha256)' is not a SHA-256 digest: expected 64 lowercase hexadecimal digits", retryable: false)
        }
        return directory + "/" + sha256
    }
}

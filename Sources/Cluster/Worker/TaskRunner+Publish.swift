import Foundation
import Networks

extension TaskRunner {
    /// Writes `model` into the work directory, publishes the file as artifact `name` produced by task `taskID`,
    /// removes the local file, and describes what was published.
    ///
    /// - Throws: ``TaskFailure`` (retryable) when the file cannot be written or hashed; what
    ///   ``ArtifactAccess/publish(file:sha256:name:taskID:)`` throws.
    func publish(_ model: Model, name: String, taskID: String) throws -> TrainTaskResult.ModelFile {
        let path = try write(model, name: name)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let sha256 = SHA256.hex(try SHA256.hash(file: path))
        let byteCount = (try FileManager.default.attributesOfItem(atPath: path)[.size] as? NSNumber)?.intValue ?? 0
        try artifacts.publish(file: path, sha256: sha256, name: name, taskID: taskID)
        return TrainTaskResult.ModelFile(sha256: sha256, byteCount: byteCount, name: name)
    }

    /// Writes `model` into the work directory under a name no other task uses, and returns its path.
    private func write(_ model: Model, name: String) throws(TaskFailure) -> String {
        let path = workDirectory + "/" + UUID().uuidString + "-" + name
        do {
            try FileManager.default.createDirectory(atPath: workDirectory, withIntermediateDirectories: true)
            try model.write(toFile: path)
        } catch {
            throw TaskFailure("cannot write model file '\(name)' into '\(workDirectory)': \(error)", retryable: true)
        }
        return path
    }
}

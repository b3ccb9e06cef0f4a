import Foundation

/// A model file a retrain task published after some of its epochs, to continue from instead of starting over.
///
/// The coordinator fills it into a ``RetrainPayload`` when it assigns a task again whose earlier attempt published
/// checkpoints (named as ``name(taskID:epochs:)`` says). JSON: `{"sha256": "…", "epochs": 2}`.
public struct RetrainCheckpoint: Codable, Hashable, Sendable {
    /// The SHA-256 of the checkpoint file's bytes, 64 lowercase hexadecimal digits.
    public var sha256: String
    /// How many epochs of the retraining the checkpoint has done, resumed ones included.
    public var epochs: Int

    /// The checkpoint `sha256`, taken after `epochs` epochs.
    public init(sha256: String, epochs: Int) {
        self.sha256 = sha256
        self.epochs = epochs
    }

    /// The name a retrain task publishes its checkpoint under: `checkpoint-<taskID>-epoch-<epochs>.safetensors`.
    ///
    /// This is the contract between workers and the coordinator: after each epoch but the last, a retrain task
    /// publishes the model it has so far under this name, `epochs` counting every epoch done (those of the
    /// checkpoint it resumed from included), and the coordinator reads the count back with ``parse(name:)``. The
    /// model after the last epoch is published only as the task's result (``RetrainTaskResult/model``): as a
    /// checkpoint it would be the same bytes, thus the same artifact, under a second name.
    public static func name(taskID: String, epochs: Int) -> String {
        "checkpoint-\(taskID)-epoch-\(epochs).safetensors"
    }

    /// The task id and epoch count of a checkpoint name that ``name(taskID:epochs:)`` wrote; `nil` for any other name.
    ///
    /// The count is read from the end, so a task id that itself holds `-epoch-` is kept whole.
    public static func parse(name: String) -> (taskID: String, epochs: Int)? {
        let prefix = "checkpoint-", suffix = ".safetensors", separator = "-epoch-"
        guard name.hasPrefix(prefix), name.hasSuffix(suffix) else { return nil }
        let middle = name.dropFirst(prefix.count).dropLast(suffix.count)
        guard let range = middle.range(of: separator, options: .backwards) else { return nil }
        let taskID = middle[..<range.lowerBound], count = middle[range.upperBound...]
        guard !taskID.isEmpty, !count.isEmpty, count.allSatisfy(\.isASCII), count.allSatisfy(\.isNumber),
            let epochs = Int(count)
        else { return nil }
        return (String(taskID), epochs)
    }
}

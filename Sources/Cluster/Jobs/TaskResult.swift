import Foundation
import Retraining

/// The outcome of one task as a worker sends it and the coordinator stores it: JSON with non-finite
/// numbers as the strings `"nan"`, `"inf"` and `"-inf"` (``NonFiniteJSON``).
///
/// Both sides go through ``encoded()`` and ``decode(_:)``, so what a worker writes is what the
/// coordinator reads.
public protocol TaskResult: Codable, Sendable {
    /// The task kind whose result this is, for messages.
    static var kind: TaskKind { get }
}

extension TaskResult {
    /// The JSON bytes of the result, keys sorted, non-finite numbers as strings.
    ///
    /// - Throws: ``TaskFailure`` (not retryable) when a value cannot be encoded.
    public func encoded() throws(TaskFailure) -> [UInt8] {
        do {
            return Array(try NonFiniteJSON.makeEncoder().encode(self))
        } catch {
            throw TaskFailure("the result of a \(Self.kind.rawValue) task cannot be encoded as JSON: \(error)", retryable: false)
        }
    }

    /// Reads a result from the bytes ``encoded()`` wrote.
    ///
    /// - Throws: ``TaskFailure`` (not retryable) when the bytes are not the JSON of such a result.
    public static func decode(_ bytes: [UInt8]) throws(TaskFailure) -> Self {
        do {
            return try NonFiniteJSON.makeDecoder().decode(Self.self, from: Data(bytes))
        } catch {
            throw TaskFailure(
                "a \(kind.rawValue) task result of \(bytes.count) bytes is not the JSON of a \(Self.self): \(error)",
                retryable: false)
        }
    }
}

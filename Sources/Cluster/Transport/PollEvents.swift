/// What a poll waits for on a socket, or what it found.
public struct PollEvents: OptionSet, Sendable, Hashable {
    public let rawValue: Int16

    /// The value with raw value `rawValue`.
    public init(rawValue: Int16) {
        self.rawValue = rawValue
    }

    /// At least one whole message can be received without blocking. The corresponding C constant is `ZMQ_POLLIN`.
    public static let readable = PollEvents(rawValue: ZMQ.EventBits.readable)
    /// At least one message can be sent without blocking. The corresponding C constant is `ZMQ_POLLOUT`.
    public static let writable = PollEvents(rawValue: ZMQ.EventBits.writable)
    /// An error condition (only reported for plain file descriptors). The corresponding C constant is `ZMQ_POLLERR`.
    public static let error = PollEvents(rawValue: ZMQ.EventBits.error)
}

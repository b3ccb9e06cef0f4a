/// One socket and the events to wait for, an entry of ``Socket/poll(_:timeout:)``.
///
/// Make one with ``Socket/pollItem(_:)`` and poll with it while its socket is open; an item does not
/// keep its socket alive.
public struct PollItem {
    let handle: UnsafeMutableRawPointer
    /// The events to wait for.
    public var events: PollEvents
}

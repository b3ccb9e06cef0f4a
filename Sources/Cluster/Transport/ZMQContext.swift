/// A libzmq context: the I/O threads and the in-process (`inproc://`) namespace its sockets share.
///
/// Create one per process (or per independent component) and pass it to every ``Socket``. A context
/// is safe to use from any thread. Each socket keeps its context alive, so the context is terminated
/// (`zmq_ctx_term`, in `deinit`) only after its last socket is closed. Contexts are created with
/// `ZMQ_BLOCKY` off: sockets default to a linger of zero and termination never waits for messages that
/// could not be delivered.
public final class ZMQContext: @unchecked Sendable {
    // @unchecked: libzmq contexts are thread-safe, and the handle is never reassigned.
    let handle: UnsafeMutableRawPointer

    /// A new context.
    ///
    /// - Throws: ``ZMQError`` when the process is out of file descriptors or memory.
    ///
    /// The corresponding C function is `zmq_ctx_new`.
    public init() throws(ZMQError) {
        handle = try ZMQ.newContext()
    }

    deinit {
        ZMQ.terminate(context: handle)
    }

    /// Makes every blocking call on this context's sockets, now and later, throw ``ZMQError/contextTerminated``.
    ///
    /// Call it from another thread to stop loops blocked in ``Socket/receive()``; the sockets must
    /// still be closed (dropped) by their owners.
    ///
    /// The corresponding C function is `zmq_ctx_shutdown`.
    public func shutdown() {
        ZMQ.shutdown(context: handle)
    }

    /// Whether the linked libzmq has `capability`, such as `"curve"` or `"ipc"`.
    ///
    /// The corresponding C function is `zmq_has`.
    public static func supports(_ capability: String) -> Bool {
        ZMQ.has(capability)
    }

    /// Whether the linked libzmq can encrypt with CURVE (`zmq_has("curve")`).
    public static var supportsCurve: Bool { supports("curve") }
}

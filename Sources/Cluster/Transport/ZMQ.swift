// The only file that imports CZeroMQ. Each static function wraps one `zmq_*` call (or, where a C
// type such as `zmq_msg_t` must not leave this file, the short sequence of calls around it) with
// Swift labels; the types of this module build their API on these.
//
// Why every failing call goes through `call(blocking:failed:_:)`: libzmq reports errors in
// thread-local `errno`, which anything that runs next can overwrite, including the Swift runtime
// (allocation, retain/release, a lock). The helper reads `zmq_errno()` as the very next call after
// the failing one, then decides: EINTR (a signal arrived) → call again; EAGAIN on a non-blocking
// call → `nil` ("would block"); EFAULT or ENOTSOCK → trap, since the handles here are owned and only
// a bug can hand libzmq a freed one; anything else → `throw ZMQError`.

import CZeroMQ

/// libzmq entry points used by the transport (module-internal; handles are raw pointers).
enum ZMQ {
    /// Runs `body` until it succeeds, would block, or fails with an error worth throwing.
    ///
    /// - Parameters:
    ///   - blocking: Whether `body` may block; when `false` (the call passed `ZMQ_DONTWAIT`),
    ///     EAGAIN means "nothing to do now" and gives `nil`. A blocking call that times out
    ///     (`ZMQ_RCVTIMEO`, `ZMQ_SNDTIMEO`) throws ``ZMQError/again`` instead.
    ///   - failed: Whether a result is libzmq's failure value (-1 or NULL).
    ///   - body: The C call.
    /// - Returns: The call's result, or `nil` when a non-blocking call would block.
    /// - Throws: ``ZMQError`` from `zmq_errno()`.
    @inline(__always)
    private static func call<Value>(
        blocking: Bool = true,
        failed: (Value) -> Bool,
        _ body: () -> Value
    ) throws(ZMQError) -> Value? {
        while true {
            let value = body()
            guard failed(value) else { return value }
            let error = ZMQError(rawValue: zmq_errno())
            switch error {
            case .interrupted:
                continue
            case .again where !blocking:
                return nil
            case .fault, .notSocket:
                preconditionFailure("libzmq was handed an invalid handle: \(error)")
            default:
                throw error
            }
        }
    }

    /// ``call(blocking:failed:_:)`` for the many calls that return -1 on failure.
    @inline(__always)
    private static func call(blocking: Bool = true, _ body: () -> CInt) throws(ZMQError) -> CInt? {
        try call(blocking: blocking, failed: { $0 == -1 }, body)
    }

    /// ``call(blocking:failed:_:)`` for a blocking call returning -1 on failure, which cannot give `nil`.
    @inline(__always)
    private static func callBlocking(_ body: () -> CInt) throws(ZMQError) -> CInt {
        // A blocking call never reports "would block", so the optional is always filled.
        try call(blocking: true, body)!
    }

    /// ``call(blocking:failed:_:)`` for a blocking call returning a handle, NULL on failure.
    @inline(__always)
    private static func callReturningHandle(
        _ body: () -> UnsafeMutableRawPointer?
    ) throws(ZMQError) -> UnsafeMutableRawPointer {
        // The outer optional is "would block", which a blocking call never reports; the inner one
        // is the handle, which is not NULL once the call succeeded.
        guard case .some(.some(let handle)) = try call(failed: { $0 == nil }, body) else {
            preconditionFailure("a blocking libzmq call reported that it would block")
        }
        return handle
    }

    // MARK: Errors and capabilities

    /// The message of a libzmq or system error number. The corresponding C function is `zmq_strerror`.
    static func errorDescription(_ code: CInt) -> String {
        String(cString: zmq_strerror(code))
    }

    /// Whether libzmq was built with `capability` ("curve", "ipc", "draft", …).
    ///
    /// The corresponding C function is `zmq_has`.
    static func has(_ capability: String) -> Bool {
        zmq_has(capability) == 1
    }

    /// Error numbers the wrapper names (system ones and libzmq's own above `ZMQ_HAUSNUMERO`).
    enum ErrorNumber {
        static let again = EAGAIN
        static let interrupted = EINTR
        static let fault = EFAULT
        static let invalidArgument = EINVAL
        static let notSocket = CInt(ENOTSOCK)
        static let hostUnreachable = CInt(EHOSTUNREACH)
        static let addressInUse = CInt(EADDRINUSE)
        static let protocolNotSupported = CInt(EPROTONOSUPPORT)
        static let noDevice = ENODEV
        static let contextTerminated = CInt(ETERM)
        static let finiteStateMachine = CInt(EFSM)
        static let incompatibleProtocol = CInt(ENOCOMPATPROTO)
        static let noThread = CInt(EMTHREAD)
    }

    /// Socket type numbers (`ZMQ_ROUTER`, …).
    enum SocketTypeNumber {
        static let pair = CInt(ZMQ_PAIR)
        static let request = CInt(ZMQ_REQ)
        static let reply = CInt(ZMQ_REP)
        static let dealer = CInt(ZMQ_DEALER)
        static let router = CInt(ZMQ_ROUTER)
        static let pull = CInt(ZMQ_PULL)
        static let push = CInt(ZMQ_PUSH)
        static let stream = CInt(ZMQ_STREAM)
    }

    /// Socket option numbers (`ZMQ_LINGER`, …).
    enum OptionNumber {
        static let routingID = CInt(ZMQ_ROUTING_ID)
        static let linger = CInt(ZMQ_LINGER)
        static let maximumMessageSize = CInt(ZMQ_MAXMSGSIZE)
        static let receiveTimeout = CInt(ZMQ_RCVTIMEO)
        static let sendTimeout = CInt(ZMQ_SNDTIMEO)
        static let lastEndpoint = CInt(ZMQ_LAST_ENDPOINT)
        static let routerMandatory = CInt(ZMQ_ROUTER_MANDATORY)
        static let curveServer = CInt(ZMQ_CURVE_SERVER)
        static let curvePublicKey = CInt(ZMQ_CURVE_PUBLICKEY)
        static let curveSecretKey = CInt(ZMQ_CURVE_SECRETKEY)
        static let curveServerKey = CInt(ZMQ_CURVE_SERVERKEY)
    }

    /// Poll event bits (`ZMQ_POLLIN`, …).
    enum EventBits {
        static let readable = Int16(ZMQ_POLLIN)
        static let writable = Int16(ZMQ_POLLOUT)
        static let error = Int16(ZMQ_POLLERR)
    }

    // MARK: Contexts

    /// A new context with `ZMQ_BLOCKY` off, so that terminating it never waits for unsent messages.
    ///
    /// The corresponding C functions are `zmq_ctx_new` and `zmq_ctx_set`.
    static func newContext() throws(ZMQError) -> UnsafeMutableRawPointer {
        // zmq_ctx_new reports failure as NULL with errno set (EMFILE, ENOMEM).
        let context = try callReturningHandle { zmq_ctx_new() }
        _ = try callBlocking { zmq_ctx_set(context, ZMQ_BLOCKY, 0) }
        return context
    }

    /// Makes every blocking call on the context's sockets fail with ``ZMQError/contextTerminated``.
    ///
    /// The corresponding C function is `zmq_ctx_shutdown`.
    static func shutdown(context: UnsafeMutableRawPointer) {
        // Fails only with EFAULT (invalid context), which `call` traps on.
        _ = try? callBlocking { zmq_ctx_shutdown(context) }
    }

    /// Destroys a context whose sockets are all closed. The corresponding C function is `zmq_ctx_term`.
    static func terminate(context: UnsafeMutableRawPointer) {
        // Retries EINTR; fails otherwise only with EFAULT, which `call` traps on.
        _ = try? callBlocking { zmq_ctx_term(context) }
    }

    // MARK: Sockets

    /// A new socket of `type` in `context`. The corresponding C function is `zmq_socket`.
    static func socket(context: UnsafeMutableRawPointer, type: CInt) throws(ZMQError) -> UnsafeMutableRawPointer {
        try callReturningHandle { zmq_socket(context, type) }
    }

    /// Closes a socket. The corresponding C function is `zmq_close`.
    static func close(socket: UnsafeMutableRawPointer) {
        // Fails only with ENOTSOCK, which `call` traps on.
        _ = try? callBlocking { zmq_close(socket) }
    }

    /// Binds a socket to an endpoint. The corresponding C function is `zmq_bind`.
    static func bind(socket: UnsafeMutableRawPointer, endpoint: String) throws(ZMQError) {
        _ = try callBlocking { zmq_bind(socket, endpoint) }
    }

    /// Connects a socket to an endpoint. The corresponding C function is `zmq_connect`.
    static func connect(socket: UnsafeMutableRawPointer, endpoint: String) throws(ZMQError) {
        _ = try callBlocking { zmq_connect(socket, endpoint) }
    }

    /// Sets a socket option to `value`, laid out as libzmq expects (`int`, `int64_t` or bytes).
    ///
    /// The corresponding C function is `zmq_setsockopt`.
    static func setOption(socket: UnsafeMutableRawPointer, option: CInt, value: [UInt8]) throws(ZMQError) {
        _ = try callBlocking { value.withUnsafeBytes { zmq_setsockopt(socket, option, $0.baseAddress, $0.count) } }
    }

    /// Reads a string-valued socket option such as `ZMQ_LAST_ENDPOINT`.
    ///
    /// The corresponding C function is `zmq_getsockopt`.
    static func stringOption(socket: UnsafeMutableRawPointer, option: CInt) throws(ZMQError) -> String {
        // Endpoints are at most a few hundred bytes; libzmq fails with EINVAL if the buffer is too small.
        var buffer = [CChar](repeating: 0, count: 1024)
        var length = buffer.count
        _ = try callBlocking {
            buffer.withUnsafeMutableBytes { zmq_getsockopt(socket, option, $0.baseAddress, &length) }
        }
        return buffer.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
    }

    /// Sends one frame, copying `frame`.
    ///
    /// - Parameters:
    ///   - more: Whether more frames of the same message follow (`ZMQ_SNDMORE`).
    ///   - blocking: `false` passes `ZMQ_DONTWAIT`.
    /// - Returns: `false` when a non-blocking send would block.
    ///
    /// The corresponding C function is `zmq_send`.
    static func send(
        socket: UnsafeMutableRawPointer,
        frame: [UInt8],
        more: Bool,
        blocking: Bool
    ) throws(ZMQError) -> Bool {
        let flags = (more ? ZMQ_SNDMORE : 0) | (blocking ? 0 : ZMQ_DONTWAIT)
        // An empty frame may have a NULL base address; zmq_send accepts NULL with length zero.
        let sent = try call(blocking: blocking) {
            frame.withUnsafeBytes { zmq_send(socket, $0.baseAddress, $0.count, flags) }
        }
        return sent != nil
    }

    /// Receives one frame.
    ///
    /// - Parameter blocking: `false` passes `ZMQ_DONTWAIT`.
    /// - Returns: The frame's bytes and whether more frames of the same message follow, or `nil`
    ///   when a non-blocking receive finds nothing.
    ///
    /// The corresponding C functions are `zmq_msg_init`, `zmq_msg_recv`, `zmq_msg_data`,
    /// `zmq_msg_size`, `zmq_msg_more` and `zmq_msg_close`.
    static func receive(
        socket: UnsafeMutableRawPointer,
        blocking: Bool
    ) throws(ZMQError) -> (bytes: [UInt8], more: Bool)? {
        // zmq_msg_t may hold small frames inline, so it needs one fixed address from init to close.
        try withUnsafeTemporaryAllocation(of: zmq_msg_t.self, capacity: 1) { (storage) throws(ZMQError) in
            let message = storage.baseAddress!
            zmq_msg_init(message)  // cannot fail
            defer { zmq_msg_close(message) }
            let flags = blocking ? 0 : ZMQ_DONTWAIT
            guard try call(blocking: blocking, { zmq_msg_recv(message, socket, flags) }) != nil else { return nil }
            let size = zmq_msg_size(message)
            let bytes = [UInt8](UnsafeRawBufferPointer(start: zmq_msg_data(message), count: size))
            return (bytes, zmq_msg_more(message) == 1)
        }
    }

    /// Waits until one of `items` has one of its events, or `timeoutMilliseconds` pass (-1: forever).
    ///
    /// - Returns: The events that occurred, one entry per item.
    ///
    /// The corresponding C function is `zmq_poll`.
    static func poll(
        items: [(socket: UnsafeMutableRawPointer, events: Int16)],
        timeoutMilliseconds: Int
    ) throws(ZMQError) -> [Int16] {
        var pollItems = items.map { zmq_pollitem_t(socket: $0.socket, fd: 0, events: $0.events, revents: 0) }
        let count = CInt(pollItems.count)
        _ = try pollItems.withUnsafeMutableBufferPointer { (buffer) throws(ZMQError) in
            try callBlocking { zmq_poll(buffer.baseAddress, count, timeoutMilliseconds) }
        }
        return pollItems.map(\.revents)
    }

    // MARK: CURVE keys and Z85 text

    /// The length of a CURVE key in Z85 text: 32 bytes, 5 characters per 4 bytes.
    static let z85KeyLength = 40

    /// A new CURVE key pair as Z85 text, 40 characters each.
    ///
    /// - Throws: ``ZMQError`` `ENOTSUP` when libzmq was built without CURVE.
    ///
    /// The corresponding C function is `zmq_curve_keypair`.
    static func curveKeyPair() throws(ZMQError) -> (publicKey: String, secretKey: String) {
        // Each buffer holds 40 characters and the terminating NUL.
        var publicKey = [CChar](repeating: 0, count: z85KeyLength + 1)
        var secretKey = [CChar](repeating: 0, count: z85KeyLength + 1)
        _ = try callBlocking { zmq_curve_keypair(&publicKey, &secretKey) }
        return (string(fromNulTerminated: publicKey), string(fromNulTerminated: secretKey))
    }

    /// The public key, as Z85 text, of the secret key `secretKey` (40 characters of Z85 text).
    ///
    /// - Throws: ``ZMQError`` `ENOTSUP` when libzmq was built without CURVE.
    ///
    /// The corresponding C function is `zmq_curve_public`.
    static func curvePublicKey(secretKey: String) throws(ZMQError) -> String {
        var publicKey = [CChar](repeating: 0, count: z85KeyLength + 1)
        _ = try callBlocking { zmq_curve_public(&publicKey, secretKey) }
        return string(fromNulTerminated: publicKey)
    }

    /// `bytes` (a multiple of 4 long) as Z85 text, or `nil` when the length is not a multiple of 4.
    ///
    /// The corresponding C function is `zmq_z85_encode`.
    static func z85Encode(_ bytes: [UInt8]) -> String? {
        guard bytes.count % 4 == 0 else { return nil }
        var text = [CChar](repeating: 0, count: bytes.count / 4 * 5 + 1)
        let encoded = bytes.withUnsafeBufferPointer { zmq_z85_encode(&text, $0.baseAddress, $0.count) }
        return encoded == nil ? nil : string(fromNulTerminated: text)
    }

    /// The bytes of Z85 text `text`, or `nil` when it is not Z85 (length not a multiple of 5, a
    /// character outside the alphabet, a group above 2³² − 1).
    ///
    /// The corresponding C function is `zmq_z85_decode`.
    static func z85Decode(_ text: String) -> [UInt8]? {
        let characters = Array(text.utf8)
        // A NUL would end the C string early; libzmq checks the rest.
        guard !characters.isEmpty, characters.count % 5 == 0, !characters.contains(0) else { return nil }
        var bytes = [UInt8](repeating: 0, count: characters.count / 5 * 4)
        let decoded = zmq_z85_decode(&bytes, text)
        return decoded == nil ? nil : bytes
    }

    /// The text of a NUL-terminated C buffer.
    private static func string(fromNulTerminated buffer: [CChar]) -> String {
        buffer.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
    }
}

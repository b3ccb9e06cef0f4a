/// An error number reported by libzmq (`zmq_errno()`): a system `errno` value or one of libzmq's own.
///
/// Every throwing call of the transport throws this type. Compare with the named values, in a `catch`
/// or a `switch`: `catch ZMQError.again { … }`. Numbers without a name here still arrive intact in
/// ``rawValue``, and ``description`` gives libzmq's message for any of them.
public struct ZMQError: RawRepresentable, Error, Hashable, Sendable, CustomStringConvertible {
    /// The error number.
    public let rawValue: CInt

    /// The error with number `rawValue`.
    public init(rawValue: CInt) {
        self.rawValue = rawValue
    }

    /// libzmq's message for this error. The corresponding C function is `zmq_strerror`.
    public var description: String {
        "\(ZMQ.errorDescription(rawValue)) (zmq error \(rawValue))"
    }

    /// Matches an error thrown as `any Error` against a named value, so `catch ZMQError.again` works.
    public static func ~= (pattern: ZMQError, value: any Error) -> Bool {
        (value as? ZMQError) == pattern
    }

    /// Nothing to receive or no room to send, now or within the socket's timeout.
    ///
    /// The corresponding C error is `EAGAIN`.
    public static let again = ZMQError(rawValue: ZMQ.ErrorNumber.again)

    /// A signal interrupted the call; the transport retries these itself.
    ///
    /// The corresponding C error is `EINTR`.
    public static let interrupted = ZMQError(rawValue: ZMQ.ErrorNumber.interrupted)

    /// The socket's context was shut down or terminated; the socket can only be closed.
    ///
    /// The corresponding C error is `ETERM`.
    public static let contextTerminated = ZMQError(rawValue: ZMQ.ErrorNumber.contextTerminated)

    /// A ROUTER socket with `routerMandatory` was asked to send to an identity it has no peer for.
    ///
    /// The corresponding C error is `EHOSTUNREACH`.
    public static let hostUnreachable = ZMQError(rawValue: ZMQ.ErrorNumber.hostUnreachable)

    /// Another socket already listens on the endpoint.
    ///
    /// The corresponding C error is `EADDRINUSE`.
    public static let addressInUse = ZMQError(rawValue: ZMQ.ErrorNumber.addressInUse)

    /// An endpoint, option or argument is not valid.
    ///
    /// The corresponding C error is `EINVAL`.
    public static let invalidArgument = ZMQError(rawValue: ZMQ.ErrorNumber.invalidArgument)

    /// The endpoint's transport (`tcp`, `inproc`, `ipc`, …) is not supported.
    ///
    /// The corresponding C error is `EPROTONOSUPPORT`.
    public static let protocolNotSupported = ZMQError(rawValue: ZMQ.ErrorNumber.protocolNotSupported)

    /// The endpoint names a network interface that does not exist.
    ///
    /// The corresponding C error is `ENODEV`.
    public static let noDevice = ZMQError(rawValue: ZMQ.ErrorNumber.noDevice)

    /// The operation is not allowed in the socket's current state (a REQ socket sending twice).
    ///
    /// The corresponding C error is `EFSM`.
    public static let finiteStateMachine = ZMQError(rawValue: ZMQ.ErrorNumber.finiteStateMachine)

    /// The endpoint's transport does not work with this socket type.
    ///
    /// The corresponding C error is `ENOCOMPATPROTO`.
    public static let incompatibleProtocol = ZMQError(rawValue: ZMQ.ErrorNumber.incompatibleProtocol)

    /// The context has no I/O thread for the operation.
    ///
    /// The corresponding C error is `EMTHREAD`.
    public static let noThread = ZMQError(rawValue: ZMQ.ErrorNumber.noThread)

    /// The handle is not a socket; the transport traps on this, as only a bug can cause it.
    ///
    /// The corresponding C error is `ENOTSOCK`.
    public static let notSocket = ZMQError(rawValue: ZMQ.ErrorNumber.notSocket)

    /// A pointer was invalid; the transport traps on this, as only a bug can cause it.
    ///
    /// The corresponding C error is `EFAULT`.
    public static let fault = ZMQError(rawValue: ZMQ.ErrorNumber.fault)
}

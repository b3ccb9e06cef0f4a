/// Where a ``Coordinator`` serves its Prometheus metrics over HTTP (`GET /metrics`), checked before binding.
///
/// The endpoint has no authentication, CURVE or not: it binds only a loopback address (`127.0.0.1:9464`,
/// `localhost:PORT`, `[::1]:PORT`) unless remote scrapers are allowed (`--insecure`), the rule plain coordinator
/// endpoints follow.
public struct MetricsEndpoint: Sendable, Hashable {
    /// The ZeroMQ endpoint to bind, `tcp://HOST:PORT`; port `*` takes any free one.
    public let endpoint: String

    /// The endpoint for `address`, `HOST:PORT` (or `tcp://HOST:PORT`).
    ///
    /// - Throws: ``MetricsEndpointError`` when `address` is not `HOST:PORT`, or names an address other machines can
    ///   reach while `allowingRemoteScrapers` is `false`.
    public init(address: String, allowingRemoteScrapers: Bool = false) throws(MetricsEndpointError) {
        let hostAndPort = address.hasPrefix("tcp://") ? String(address.dropFirst("tcp://".count)) : address
        guard let colon = hostAndPort.lastIndex(of: ":"), colon != hostAndPort.startIndex,
            case let port = hostAndPort[hostAndPort.index(after: colon)...],
            port == "*" || UInt16(port).map({ $0 > 0 }) == true
        else {
            throw MetricsEndpointError(
                address: address, message: "'\(address)' is not HOST:PORT; give, for example, 127.0.0.1:9464")
        }
        let endpoint = "tcp://" + hostAndPort
        guard allowingRemoteScrapers || ServerSecurity.isLoopback(endpoint) else {
            throw MetricsEndpointError(
                address: address,
                message: "refusing to serve metrics on \(address): the HTTP endpoint has no authentication; "
                    + "give a loopback address (127.0.0.1:9464) or pass --insecure")
        }
        self.endpoint = endpoint
    }
}

/// A metrics address that is malformed, or reachable from other machines without `--insecure`.
public struct MetricsEndpointError: Error, CustomStringConvertible, Sendable {
    /// The address refused.
    public var address: String
    /// What is wrong and what to give instead.
    public var message: String

    /// The message.
    public var description: String { message }
}

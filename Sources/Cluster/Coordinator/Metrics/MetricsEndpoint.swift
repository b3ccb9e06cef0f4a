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
    /// - Throws: ``InsecureEndpointError`` for an address other machines can reach while `allowingRemoteScrapers` is
    ///   `false`.
    public init(address: String, allowingRemoteScrapers: Bool = false) throws(InsecureEndpointError) {
        let endpoint = address.hasPrefix("tcp://") ? address : "tcp://" + address
        guard allowingRemoteScrapers || ServerSecurity.isLoopback(endpoint) else {
            throw InsecureEndpointError(
                endpoint: endpoint,
                message: "refusing to serve metrics on \(address): the HTTP endpoint has no authentication; "
                    + "give a loopback address (127.0.0.1:9464) or pass --insecure")
        }
        self.endpoint = endpoint
    }
}

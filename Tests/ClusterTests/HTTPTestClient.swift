import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A plain TCP client for the metrics endpoint tests: sends bytes, reads until the server closes, with a deadline.
///
/// Deliberately not an HTTP library: it can send what no HTTP client would (random bytes, half a request, a head
/// of 20 KB) and shows the raw answer.
struct HTTPTestClient {
    /// The answer to one exchange.
    struct Answer {
        /// Everything the server sent before closing.
        var bytes: [UInt8]
        /// Whether the server closed the connection before the deadline.
        var closed: Bool

        /// The status code of the response line (`HTTP/1.1 200 OK` gives 200), or `nil` when there is none.
        var status: Int? {
            let text = String(decoding: bytes.prefix(64), as: UTF8.self)
            let parts = text.split(separator: " ", maxSplits: 2)
            guard parts.count >= 2, parts[0].hasPrefix("HTTP/1.") else { return nil }
            return Int(parts[1])
        }

        /// The body: what follows the empty line after the head.
        var body: String {
            let text = String(decoding: bytes, as: UTF8.self)
            guard let range = text.range(of: "\r\n\r\n") else { return "" }
            return String(text[range.upperBound...])
        }
    }

    /// An error of the test client itself (the server could not be reached).
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// The port of a `tcp://127.0.0.1:PORT` endpoint.
    let port: UInt16

    /// A client of `endpoint` (`tcp://127.0.0.1:PORT`).
    init(endpoint: String) throws {
        guard let port = endpoint.split(separator: ":").last.flatMap({ UInt16($0) }) else {
            throw Failure(description: "\(endpoint) has no port")
        }
        self.port = port
    }

    /// `GET path`.
    func get(_ path: String) throws -> Answer {
        try exchange(Array("GET \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\nUser-Agent: preindex-tests\r\n\r\n".utf8))
    }

    /// Sends `request` on a new connection, then reads until the server closes or `deadline` passes.
    func exchange(_ request: [UInt8], deadline: Duration = .seconds(10)) throws -> Answer {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { throw Failure(description: "socket() failed: errno \(errno)") }
        defer { close(descriptor) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard connected == 0 else { throw Failure(description: "connect() to port \(port) failed: errno \(errno)") }
        var timeout = timeval(tv_sec: 0, tv_usec: 100_000)
        setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var offset = 0
        while offset < request.count {
            let sent = request[offset...].withUnsafeBytes { send(descriptor, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            // The server may answer and close before reading everything (a head too large): stop sending then.
            guard sent > 0 else { break }
            offset += sent
        }
        var received: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        let end = ContinuousClock.now.advanced(by: deadline)
        while ContinuousClock.now < end {
            let count = buffer.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, 0) }
            if count > 0 {
                received += buffer[..<count]
            } else if count == 0 {
                return Answer(bytes: received, closed: true)
            } else if errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR {
                // A reset after the answer counts as closing.
                return Answer(bytes: received, closed: true)
            }
        }
        return Answer(bytes: received, closed: false)
    }
}

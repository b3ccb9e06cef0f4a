/// The request line of an HTTP/1.x request, read from the bytes received so far: all the metrics endpoint needs.
///
/// Headers are skipped, not interpreted: the endpoint answers every request whole and closes the connection, so
/// neither `Content-Length` nor keep-alive matter. Parsing never traps; bytes that cannot be a request are
/// ``Parse/invalid(_:)`` with the reason, for a 400 answer.
struct HTTPRequestHead: Sendable, Equatable {
    /// The method, as sent (`GET`, `POST`, …).
    var method: String
    /// The path of the request target, without its query (`/metrics` for `/metrics?x=1`).
    var path: String

    /// The most bytes a request head may take, request line and headers together; longer heads are refused.
    static let maximumByteCount = 16 * 1024

    /// What the bytes received so far amount to.
    enum Parse: Sendable, Equatable {
        /// The head has not ended yet (no empty line) and is within ``maximumByteCount``.
        case incomplete
        /// A whole head.
        case complete(HTTPRequestHead)
        /// Not an HTTP/1.x request head, with the reason.
        case invalid(String)
        /// The head grew past ``maximumByteCount`` without ending.
        case tooLarge
    }

    /// Reads a request head from the start of `bytes`.
    static func parse(_ bytes: [UInt8]) -> Parse {
        guard let end = headEnd(in: bytes) else {
            return bytes.count > maximumByteCount ? .tooLarge : .incomplete
        }
        guard end <= maximumByteCount else { return .tooLarge }
        let lineEnd = bytes[..<end].firstIndex(of: UInt8(ascii: "\n")) ?? end
        var line = bytes[..<lineEnd]
        if line.last == UInt8(ascii: "\r") { line = line.dropLast() }
        guard line.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) else {
            return .invalid("the request line holds bytes other than printable ASCII")
        }
        let parts = line.split(separator: UInt8(ascii: " "), omittingEmptySubsequences: false)
        guard parts.count == 3 else {
            return .invalid("the request line has \(parts.count) space-separated parts, not 3 (METHOD TARGET VERSION)")
        }
        let method = String(decoding: parts[0], as: UTF8.self)
        let target = String(decoding: parts[1], as: UTF8.self)
        let version = String(decoding: parts[2], as: UTF8.self)
        guard !method.isEmpty, method.utf8.allSatisfy(isTokenCharacter) else {
            return .invalid("'\(method)' is not an HTTP method")
        }
        guard version == "HTTP/1.1" || version == "HTTP/1.0" else {
            return .invalid("'\(version)' is not HTTP/1.0 or HTTP/1.1")
        }
        guard target.hasPrefix("/") else { return .invalid("the target '\(target)' is not a path starting with '/'") }
        let path = target.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)[0]
        return .complete(HTTPRequestHead(method: method, path: String(path)))
    }

    /// The index just past the empty line ending the head (`\r\n\r\n`, or a bare `\n\n`), if it arrived.
    private static func headEnd(in bytes: [UInt8]) -> Int? {
        let newline = UInt8(ascii: "\n")
        var index = bytes.startIndex
        while let found = bytes[index...].firstIndex(of: newline) {
            let next = found + 1
            if next < bytes.endIndex, bytes[next] == newline { return next + 1 }
            if next + 1 < bytes.endIndex, bytes[next] == UInt8(ascii: "\r"), bytes[next + 1] == newline {
                return next + 2
            }
            index = next
        }
        return nil
    }

    /// Whether `byte` may appear in a method name (RFC 9110 `tchar`).
    private static func isTokenCharacter(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"):
            true
        default:
            Array("!#$%&'*+-.^_`|~".utf8).contains(byte)
        }
    }
}

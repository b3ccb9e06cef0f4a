/// An HTTP/1.1 response the metrics endpoint sends before closing the connection.
struct HTTPResponse: Sendable {
    /// The status code (200, 404, …).
    var status: Int
    /// The reason phrase of ``status``.
    var reason: String
    /// Headers beyond `Content-Length` and `Connection: close`, which every response has.
    var headers: [(String, String)]
    /// The body.
    var body: [UInt8]

    /// The response as bytes on the wire.
    var bytes: [UInt8] {
        var head = "HTTP/1.1 \(status) \(reason)\r\n"
        for (name, value) in headers { head += "\(name): \(value)\r\n" }
        head += "Content-Length: \(body.count)\r\nConnection: close\r\n\r\n"
        return Array(head.utf8) + body
    }

    /// The content type of Prometheus' text exposition format.
    static let prometheusContentType = "text/plain; version=0.0.4; charset=utf-8"

    /// 200 with the metrics in the text exposition format.
    static func metrics(_ exposition: [UInt8]) -> HTTPResponse {
        HTTPResponse(status: 200, reason: "OK", headers: [("Content-Type", prometheusContentType)], body: exposition)
    }

    /// A plain-text error answer: 400, 404, 405 or 431, with one sentence saying what was wrong.
    static func error(_ status: Int, _ message: String, extraHeaders: [(String, String)] = []) -> HTTPResponse {
        let reasons = [
            400: "Bad Request", 404: "Not Found", 405: "Method Not Allowed", 431: "Request Header Fields Too Large",
            503: "Service Unavailable",
        ]
        return HTTPResponse(
            status: status, reason: reasons[status] ?? "Error",
            headers: [("Content-Type", "text/plain; charset=utf-8")] + extraHeaders, body: Array((message + "\n").utf8))
    }

    /// The answer to a whole request head: the metrics for `GET /metrics`, 405 for another method, 404 for another
    /// path.
    static func answer(_ head: HTTPRequestHead, metrics: () -> [UInt8]) -> HTTPResponse {
        guard head.method == "GET" else {
            return error(405, "only GET is served here, not \(head.method)", extraHeaders: [("Allow", "GET")])
        }
        guard head.path == "/metrics" else {
            return error(404, "nothing at \(head.path); the metrics are at /metrics")
        }
        return .metrics(metrics())
    }
}

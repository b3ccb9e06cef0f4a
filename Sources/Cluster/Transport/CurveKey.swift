/// One CURVE key, public or secret: 32 bytes, written as 40 characters of Z85 text.
///
/// Keys come from ``CurveKeyPair/generate()``, from key files (``CurveKeyFile``), or from Z85 text.
/// A key deliberately has no `description`: secret keys must not end up in logs by accident; write
/// ``z85`` where the text is wanted.
public struct CurveKey: Sendable, Hashable {
    /// The key's 32 bytes.
    public let bytes: [UInt8]

    /// The number of bytes in a key.
    public static let byteCount = 32

    /// The key written as `text`, 40 characters of Z85 (surrounding whitespace is ignored).
    ///
    /// - Throws: ``CurveKeyError`` ``CurveKeyError/Code/malformedKey`` when `text` is not 40 Z85
    ///   characters; the message gives the length found and, in `source`, where the text came from.
    public init(z85 text: String, source: String = "the text") throws(CurveKeyError) {
        let trimmed = text.trimmingASCIIWhitespace()
        let length = trimmed.unicodeScalars.count
        guard length == ZMQ.z85KeyLength else {
            throw CurveKeyError(
                .malformedKey,
                "\(source) is not a CURVE key: it has \(length) characters, expected \(ZMQ.z85KeyLength)"
                    + " characters of Z85 text as written by `preindex keygen`")
        }
        guard let bytes = ZMQ.z85Decode(trimmed), bytes.count == Self.byteCount else {
            throw CurveKeyError(
                .malformedKey,
                "\(source) is not a CURVE key: it has characters outside Z85 (letters, digits and"
                    + " .-:+=^!/*?&<>()[]{}@%$#); expected a key as written by `preindex keygen`")
        }
        self.bytes = bytes
    }

    /// The key of `bytes`.
    ///
    /// - Throws: ``CurveKeyError`` ``CurveKeyError/Code/malformedKey`` when there are not 32 bytes.
    public init(bytes: [UInt8]) throws(CurveKeyError) {
        guard bytes.count == Self.byteCount else {
            throw CurveKeyError(
                .malformedKey, "a CURVE key has \(Self.byteCount) bytes, but \(bytes.count) were given")
        }
        self.bytes = bytes
    }

    /// The key as 40 characters of Z85 text.
    public var z85: String {
        // 32 bytes are a multiple of 4, which is all Z85 encoding needs.
        ZMQ.z85Encode(bytes)!
    }
}

extension String {
    /// The string without leading and trailing spaces, tabs, carriage returns and line feeds.
    func trimmingASCIIWhitespace() -> String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\r" || $0 == "\n" || $0 == "\r\n" }
        guard let first = firstIndex(where: { !isSpace($0) }), let last = lastIndex(where: { !isSpace($0) }) else {
            return ""
        }
        return String(self[first...last])
    }
}

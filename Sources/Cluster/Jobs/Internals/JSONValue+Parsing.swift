extension JSONValue {
    /// The deepest nesting of arrays and objects the parser accepts; deeper input is refused, not a stack overflow.
    static let maximumDepth = 128

    /// Parses `bytes` as one JSON document (RFC 8259, strict: no comments, no trailing commas, no
    /// duplicate keys, no NaN).
    ///
    /// - Parameter document: how messages name the document ("the job").
    /// - Throws: ``JobError/Code/malformedJSON`` giving the line and column of the first problem.
    init(parsing bytes: some Collection<UInt8>, document: String) throws(JobError) {
        var parser = JSONParser(bytes: Array(bytes), document: document)
        self = try parser.parseDocument()
    }
}

/// A recursive-descent JSON parser over UTF-8 bytes that reports positions as line and column.
private struct JSONParser {
    let bytes: [UInt8]
    let document: String
    var offset = 0
    var depth = 0

    init(bytes: [UInt8], document: String) {
        self.bytes = bytes
        self.document = document
    }

    mutating func parseDocument() throws(JobError) -> JSONValue {
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { offset = 3 }
        skipSpace()
        let value = try parseValue()
        skipSpace()
        guard offset == bytes.count else { throw failure("expected the end of the document, found \(found)") }
        return value
    }

    private mutating func parseValue() throws(JobError) -> JSONValue {
        guard offset < bytes.count else { throw failure("expected a value, found the end of the document") }
        switch bytes[offset] {
        case UInt8(ascii: "{"): return try parseObject()
        case UInt8(ascii: "["): return try parseArray()
        case UInt8(ascii: "\""): return .string(try parseString())
        case UInt8(ascii: "t"): return try parseWord("true", .bool(true))
        case UInt8(ascii: "f"): return try parseWord("false", .bool(false))
        case UInt8(ascii: "n"): return try parseWord("null", .null)
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try parseNumber()
        default: throw failure("expected a value, found \(found)")
        }
    }

    private mutating func parseObject() throws(JobError) -> JSONValue {
        try enter()
        offset += 1
        var members: [String: JSONValue] = [:]
        skipSpace()
        if peek(UInt8(ascii: "}")) {
            offset += 1
            depth -= 1
            return .object(members)
        }
        while true {
            skipSpace()
            guard peek(UInt8(ascii: "\"")) else { throw failure("expected a key in double quotes, found \(found)") }
            let keyOffset = offset
            let key = try parseString()
            guard members[key] == nil else {
                offset = keyOffset
                throw failure("the key \"\(key)\" appears twice in one object")
            }
            skipSpace()
            guard peek(UInt8(ascii: ":")) else {
                throw failure("expected ':' after the key \"\(key)\", found \(found)")
            }
            offset += 1
            skipSpace()
            members[key] = try parseValue()
            skipSpace()
            if peek(UInt8(ascii: ",")) {
                offset += 1
                continue
            }
            guard peek(UInt8(ascii: "}")) else {
                throw failure("expected ',' or '}' after a member of an object, found \(found)")
            }
            offset += 1
            depth -= 1
            return .object(members)
        }
    }

    private mutating func parseArray() throws(JobError) -> JSONValue {
        try enter()
        offset += 1
        var elements: [JSONValue] = []
        skipSpace()
        if peek(UInt8(ascii: "]")) {
            offset += 1
            depth -= 1
            return .array(elements)
        }
        while true {
            skipSpace()
            elements.append(try parseValue())
            skipSpace()
            if peek(UInt8(ascii: ",")) {
                offset += 1
                continue
            }
            guard peek(UInt8(ascii: "]")) else {
                throw failure("expected ',' or ']' after an element of an array, found \(found)")
            }
            offset += 1
            depth -= 1
            return .array(elements)
        }
    }

    private mutating func parseString() throws(JobError) -> String {
        let start = offset
        offset += 1
        var text: [UInt8] = []
        while true {
            guard offset < bytes.count else {
                offset = start
                throw failure("this string has no closing double quote")
            }
            let byte = bytes[offset]
            switch byte {
            case UInt8(ascii: "\""):
                offset += 1
                guard let string = String(validating: text, as: UTF8.self) else {
                    offset = start
                    throw failure("this string is not valid UTF-8")
                }
                return string
            case UInt8(ascii: "\\"):
                offset += 1
                try parseEscape(into: &text)
            case 0..<0x20:
                throw failure("a control character (byte \(byte)) must be escaped inside a string")
            default:
                text.append(byte)
                offset += 1
            }
        }
    }

    private mutating func parseEscape(into text: inout [UInt8]) throws(JobError) {
        guard offset < bytes.count else {
            throw failure("expected an escape after '\\', found the end of the document")
        }
        let simple: [UInt8: UInt8] = [
            UInt8(ascii: "\""): 0x22, UInt8(ascii: "\\"): 0x5C, UInt8(ascii: "/"): 0x2F, UInt8(ascii: "b"): 0x08,
            UInt8(ascii: "f"): 0x0C, UInt8(ascii: "n"): 0x0A, UInt8(ascii: "r"): 0x0D, UInt8(ascii: "t"): 0x09,
        ]
        if let replacement = simple[bytes[offset]] {
            text.append(replacement)
            offset += 1
            return
        }
        guard bytes[offset] == UInt8(ascii: "u") else {
            offset -= 1
            throw failure("'\\\(Unicode.Scalar(bytes[offset + 1]))' is not a JSON escape")
        }
        let escapeStart = offset - 1
        offset += 1
        var scalar = try parseHex4()
        if (0xD800..<0xDC00).contains(scalar) {
            guard bytes[offset...].starts(with: Array("\\u".utf8)) else {
                offset = escapeStart
                throw failure("a high surrogate \\u escape must be followed by a low surrogate")
            }
            offset += 2
            let low = try parseHex4()
            guard (0xDC00..<0xE000).contains(low) else {
                offset = escapeStart
                throw failure("a high surrogate \\u escape must be followed by a low surrogate")
            }
            scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
        }
        guard let unicode = Unicode.Scalar(scalar) else {
            offset = escapeStart
            throw failure("a lone low surrogate \\u escape is not a character")
        }
        text.append(contentsOf: Array(String(Character(unicode)).utf8))
    }

    private mutating func parseHex4() throws(JobError) -> UInt32 {
        var value: UInt32 = 0
        for _ in 0..<4 {
            guard offset < bytes.count, let digit = Self.hexDigit(bytes[offset]) else {
                throw failure("expected four hexadecimal digits after '\\u', found \(found)")
            }
            value = value << 4 | digit
            offset += 1
        }
        return value
    }

    private static func hexDigit(_ byte: UInt8) -> UInt32? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): UInt32(byte - UInt8(ascii: "0"))
        case UInt8(ascii: "a")...UInt8(ascii: "f"): UInt32(byte - UInt8(ascii: "a") + 10)
        case UInt8(ascii: "A")...UInt8(ascii: "F"): UInt32(byte - UInt8(ascii: "A") + 10)
        default: nil
        }
    }

    private mutating func parseNumber() throws(JobError) -> JSONValue {
        let start = offset
        if peek(UInt8(ascii: "-")) { offset += 1 }
        if peek(UInt8(ascii: "0")) {
            offset += 1
        } else {
            guard digits() > 0 else { throw failure("expected a digit in a number, found \(found)") }
        }
        if peek(UInt8(ascii: ".")) {
            offset += 1
            guard digits() > 0 else { throw failure("expected a digit after the decimal point, found \(found)") }
        }
        if peek(UInt8(ascii: "e")) || peek(UInt8(ascii: "E")) {
            offset += 1
            if peek(UInt8(ascii: "+")) || peek(UInt8(ascii: "-")) { offset += 1 }
            guard digits() > 0 else { throw failure("expected a digit in the exponent, found \(found)") }
        }
        let literal = String(decoding: bytes[start..<offset], as: UTF8.self)
        guard let canonical = JSONValue.canonicalNumber(literal) else {
            offset = start
            throw failure("the number \(literal) is too large")
        }
        return .number(canonical)
    }

    /// Consumes a run of digits and returns its length.
    private mutating func digits() -> Int {
        let start = offset
        while offset < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[offset]) { offset += 1 }
        return offset - start
    }

    private mutating func parseWord(_ word: String, _ value: JSONValue) throws(JobError) -> JSONValue {
        let expected = Array(word.utf8)
        guard bytes[offset...].starts(with: expected) else { throw failure("expected a value, found \(found)") }
        offset += expected.count
        return value
    }

    private mutating func enter() throws(JobError) {
        depth += 1
        guard depth <= JSONValue.maximumDepth else {
            throw failure("arrays and objects are nested deeper than \(JSONValue.maximumDepth) levels")
        }
    }

    private mutating func skipSpace() {
        while offset < bytes.count,
            bytes[offset] == 0x20 || bytes[offset] == 0x0A || bytes[offset] == 0x0D || bytes[offset] == 0x09
        {
            offset += 1
        }
    }

    private func peek(_ byte: UInt8) -> Bool {
        offset < bytes.count && bytes[offset] == byte
    }

    /// What stands at the current position, for messages: `'x'` or `the end of the document`.
    private var found: String {
        guard offset < bytes.count else { return "the end of the document" }
        let character = String(decoding: bytes[offset..<min(offset + 4, bytes.count)], as: UTF8.self).first ?? "?"
        switch character {
        case "\n": return "a line break"
        case "\t": return "a tab"
        default: return "'\(character)'"
        }
    }

    /// The error for a problem at the current position, with its 1-based line and column (in characters).
    private func failure(_ detail: String) -> JobError {
        let before = bytes[..<min(offset, bytes.count)]
        let line = before.count { $0 == 0x0A } + 1
        let lineStart = before.lastIndex(of: 0x0A).map { $0 + 1 } ?? 0
        let column = String(decoding: bytes[lineStart..<min(offset, bytes.count)], as: UTF8.self).count + 1
        return JobError(
            .malformedJSON, path: "", "\(document) is not valid JSON at line \(line), column \(column): \(detail)")
    }
}

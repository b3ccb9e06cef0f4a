/// The small part of JSON (RFC 8259) a safetensors header needs: a strict reader that keeps
/// object keys in order and numbers as written, and a string quoter for the writer.
///
/// Hand-written rather than `JSONSerialization` so that integers stay exact (offsets are
/// 64-bit), key order and duplicate keys are visible, nesting depth is bounded (a hostile
/// header cannot exhaust the stack) and quoting matches the Python package byte for byte.
enum SafeTensorsJSON {
    /// A parsed JSON value.
    enum Value: Equatable {
        /// An object's members in the order written, duplicate keys included.
        case object([(key: String, value: Value)])
        case array([Value])
        case string(String)
        /// A number as written, already checked against the JSON number grammar.
        case number(String)
        case bool(Bool)
        case null

        static func == (lhs: Value, rhs: Value) -> Bool {
            switch (lhs, rhs) {
            case let (.object(l), .object(r)):
                l.count == r.count && zip(l, r).allSatisfy { $0.key == $1.key && $0.value == $1.value }
            case let (.array(l), .array(r)): l == r
            case let (.string(l), .string(r)): l == r
            case let (.number(l), .number(r)): l == r
            case let (.bool(l), .bool(r)): l == r
            case (.null, .null): true
            default: false
            }
        }

        /// What kind of value this is, for messages ("a JSON array").
        var kind: String {
            switch self {
            case .object: "a JSON object"
            case .array: "a JSON array"
            case .string: "a JSON string"
            case .number: "a JSON number"
            case .bool: "a JSON boolean"
            case .null: "JSON null"
            }
        }

        /// The value as an integer, or `nil` when it is not a number without fraction and exponent.
        ///
        /// An integer too large for `Int` gives `.overflow`, so callers can say "too large"
        /// rather than "not an integer".
        var integer: IntegerValue? {
            guard case .number(let text) = self else { return nil }
            let digits = text.utf8.first == UInt8(ascii: "-") ? text.utf8.dropFirst() : text.utf8[...]
            guard !digits.isEmpty, digits.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }) else {
                return nil
            }
            guard let value = Int(text) else { return .overflow }
            return .value(value)
        }
    }

    /// An integer read from JSON text.
    enum IntegerValue: Equatable {
        case value(Int)
        /// Written as an integer, but outside `Int`'s range.
        case overflow
    }

    /// Why text is not the JSON this reader accepts.
    struct ParseError: Error, Equatable {
        /// What is wrong, e.g. "unterminated string".
        var reason: String
        /// The byte offset in the text where it was noticed.
        var offset: Int
    }

    /// The deepest nesting of arrays and objects accepted; safetensors headers use 3.
    static let maximumDepth = 64

    /// Parses `bytes` (valid UTF-8) as exactly one JSON value, allowing surrounding whitespace.
    static func parse(_ bytes: [UInt8]) throws(ParseError) -> Value {
        var parser = Parser(bytes: bytes)
        parser.skipWhitespace()
        let value = try parser.parseValue(depth: 0)
        parser.skipWhitespace()
        guard parser.index == bytes.count else {
            throw ParseError(
                reason: "unexpected \(parser.describeCurrent()) after the JSON value",
                offset: parser.index
            )
        }
        return value
    }

    /// `text` as a JSON string literal, escaped as the Python package's writer (serde_json) does.
    ///
    /// Quote and backslash are escaped, control characters use `\n`, `\t`, `\r`, `\b`, `\f` or
    /// `\u00XX` (lowercase hex); everything else, non-ASCII included, is written as UTF-8.
    static func quoted(_ text: String) -> String {
        var result = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\t": result += "\\t"
            case "\r": result += "\\r"
            case "\u{8}": result += "\\b"
            case "\u{C}": result += "\\f"
            case "\u{0}"..."\u{1F}":
                let hex = String(scalar.value, radix: 16)
                result += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result + "\""
    }
}

extension SafeTensorsJSON {
    /// A cursor over the header bytes.
    private struct Parser {
        let bytes: [UInt8]
        var index = 0

        init(bytes: [UInt8]) {
            self.bytes = bytes
        }

        mutating func skipWhitespace() {
            while index < bytes.count {
                switch bytes[index] {
                case 0x20, 0x09, 0x0A, 0x0D: index += 1
                default: return
                }
            }
        }

        func describeCurrent() -> String {
            guard index < bytes.count else { return "end of header" }
            let byte = bytes[index]
            return byte >= 0x21 && byte < 0x7F ? "'\(Character(Unicode.Scalar(byte)))'" : "byte \(byte)"
        }

        func error(_ reason: String) -> ParseError {
            ParseError(reason: reason, offset: index)
        }

        mutating func parseValue(depth: Int) throws(ParseError) -> Value {
            guard index < bytes.count else { throw error("expected a value but found the end of the header") }
            switch bytes[index] {
            case UInt8(ascii: "{"): return try parseObject(depth: depth + 1)
            case UInt8(ascii: "["): return try parseArray(depth: depth + 1)
            case UInt8(ascii: "\""): return .string(try parseString())
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number(try parseNumber())
            case UInt8(ascii: "t"): try expectLiteral("true"); return .bool(true)
            case UInt8(ascii: "f"): try expectLiteral("false"); return .bool(false)
            case UInt8(ascii: "n"): try expectLiteral("null"); return .null
            default: throw error("expected a value but found \(describeCurrent())")
            }
        }

        mutating func expectLiteral(_ literal: String) throws(ParseError) {
            let start = index
            for byte in literal.utf8 {
                guard index < bytes.count, bytes[index] == byte else {
                    index = start
                    throw error("expected '\(literal)'")
                }
                index += 1
            }
        }

        mutating func checkDepth(_ depth: Int) throws(ParseError) {
            guard depth <= SafeTensorsJSON.maximumDepth else {
                throw error("values are nested more than \(SafeTensorsJSON.maximumDepth) levels deep")
            }
        }

        mutating func parseObject(depth: Int) throws(ParseError) -> Value {
            try checkDepth(depth)
            index += 1
            var members: [(key: String, value: Value)] = []
            skipWhitespace()
            if index < bytes.count, bytes[index] == UInt8(ascii: "}") {
                index += 1
                return .object(members)
            }
            while true {
                skipWhitespace()
                guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else {
                    throw error("expected a quoted key but found \(describeCurrent())")
                }
                let key = try parseString()
                skipWhitespace()
                guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else {
                    throw error("expected ':' after a key but found \(describeCurrent())")
                }
                index += 1
                skipWhitespace()
                members.append((key, try parseValue(depth: depth)))
                skipWhitespace()
                guard index < bytes.count else { throw error("unterminated object") }
                if bytes[index] == UInt8(ascii: ",") {
                    index += 1
                } else if bytes[index] == UInt8(ascii: "}") {
                    index += 1
                    return .object(members)
                } else {
                    throw error("expected ',' or '}' in an object but found \(describeCurrent())")
                }
            }
        }

        mutating func parseArray(depth: Int) throws(ParseError) -> Value {
            try checkDepth(depth)
            index += 1
            var elements: [Value] = []
            skipWhitespace()
            if index < bytes.count, bytes[index] == UInt8(ascii: "]") {
                index += 1
                return .array(elements)
            }
            while true {
                skipWhitespace()
                elements.append(try parseValue(depth: depth))
                skipWhitespace()
                guard index < bytes.count else { throw error("unterminated array") }
                if bytes[index] == UInt8(ascii: ",") {
                    index += 1
                } else if bytes[index] == UInt8(ascii: "]") {
                    index += 1
                    return .array(elements)
                } else {
                    throw error("expected ',' or ']' in an array but found \(describeCurrent())")
                }
            }
        }

        mutating func parseNumber() throws(ParseError) -> String {
            let start = index
            func digits(_ index: inout Int, _ bytes: [UInt8]) -> Int {
                let first = index
                while index < bytes.count, bytes[index] >= UInt8(ascii: "0"), bytes[index] <= UInt8(ascii: "9") {
                    index += 1
                }
                return index - first
            }
            if bytes[index] == UInt8(ascii: "-") { index += 1 }
            let integerStart = index
            let integerDigits = digits(&index, bytes)
            guard integerDigits > 0 else { throw error("expected digits in a number") }
            guard integerDigits == 1 || bytes[integerStart] != UInt8(ascii: "0") else {
                throw ParseError(reason: "numbers must not have leading zeros", offset: integerStart)
            }
            if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
                index += 1
                guard digits(&index, bytes) > 0 else { throw error("expected digits after '.' in a number") }
            }
            if index < bytes.count, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
                index += 1
                if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") {
                    index += 1
                }
                guard digits(&index, bytes) > 0 else { throw error("expected digits in a number's exponent") }
            }
            return String(decoding: bytes[start..<index], as: UTF8.self)
        }

        mutating func parseString() throws(ParseError) -> String {
            let start = index
            index += 1
            var utf8: [UInt8] = []
            while true {
                guard index < bytes.count else {
                    throw ParseError(reason: "unterminated string", offset: start)
                }
                let byte = bytes[index]
                switch byte {
                case UInt8(ascii: "\""):
                    index += 1
                    return String(decoding: utf8, as: UTF8.self)
                case UInt8(ascii: "\\"):
                    index += 1
                    try parseEscape(into: &utf8)
                case 0..<0x20:
                    throw error("control character \(byte) must be escaped inside a string")
                default:
                    utf8.append(byte)
                    index += 1
                }
            }
        }

        /// Parses the escape after a backslash and appends its UTF-8 encoding.
        mutating func parseEscape(into utf8: inout [UInt8]) throws(ParseError) {
            guard index < bytes.count else { throw error("unterminated escape sequence") }
            let simple: UInt8? =
                switch bytes[index] {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): bytes[index]
                case UInt8(ascii: "b"): 0x08
                case UInt8(ascii: "f"): 0x0C
                case UInt8(ascii: "n"): 0x0A
                case UInt8(ascii: "r"): 0x0D
                case UInt8(ascii: "t"): 0x09
                default: nil
                }
            if let replacement = simple {
                utf8.append(replacement)
                index += 1
                return
            }
            guard bytes[index] == UInt8(ascii: "u") else { throw error("invalid escape \\\(describeCurrent())") }
            index += 1
            var value = try parseHex4()
            if (0xD800..<0xDC00).contains(value) {
                guard index + 1 < bytes.count, bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u")
                else { throw error("a high surrogate escape must be followed by a low surrogate escape") }
                index += 2
                let low = try parseHex4()
                guard (0xDC00..<0xE000).contains(low) else { throw error("expected a low surrogate escape") }
                value = 0x10000 + ((value - 0xD800) << 10) + (low - 0xDC00)
            }
            guard let scalar = Unicode.Scalar(value) else { throw error("escape \\u encodes a lone low surrogate") }
            utf8.append(contentsOf: String(Character(scalar)).utf8)
        }

        mutating func parseHex4() throws(ParseError) -> UInt32 {
            var value: UInt32 = 0
            for _ in 0..<4 {
                guard index < bytes.count, let digit = hexDigit(bytes[index]) else {
                    throw error("expected four hex digits after \\u")
                }
                value = value << 4 | digit
                index += 1
            }
            return value
        }

        func hexDigit(_ byte: UInt8) -> UInt32? {
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): UInt32(byte - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f"): UInt32(byte - UInt8(ascii: "a") + 10)
            case UInt8(ascii: "A")...UInt8(ascii: "F"): UInt32(byte - UInt8(ascii: "A") + 10)
            default: nil
            }
        }
    }
}

/// Reading the `.npy` format, versions 1.0, 2.0 and 3.0.
///
/// The layout (NumPy's `numpy.lib.format`): the magic `\x93NUMPY`, a major and a minor version
/// byte, the header length (little-endian `UInt16` in 1.0, `UInt32` in 2.0 and 3.0), then the
/// header — a Python dict literal such as `{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }`
/// padded with spaces and ended by `'\n'` — and the raw elements.
extension NumPyArray {
    /// The magic bytes every `.npy` file starts with: `\x93NUMPY`.
    static let magic: [UInt8] = [0x93, 0x4E, 0x55, 0x4D, 0x50, 0x59]

    /// Reads the `.npy` file at `path`.
    ///
    /// - Throws: ``NumPyError`` naming `path`: ``NumPyError/Code/unreadable`` when the file cannot be
    ///   read, otherwise as ``init(parsing:source:)``.
    public init(contentsOfFile path: String) throws(NumPyError) {
        let bytes: [UInt8]
        do {
            bytes = try BinaryFile.read(path)
        } catch {
            throw NumPyError(.unreadable, error.message)
        }
        try self.init(parsing: bytes, source: "'\(path)'")
    }

    /// Parses the bytes of an `.npy` file.
    ///
    /// - Parameters:
    ///   - bytes: the whole file.
    ///   - source: names the data in error messages, e.g. `"'images.npy'"`.
    /// - Throws: ``NumPyError`` whose message starts with `source`: ``NumPyError/Code/invalidFormat``
    ///   for a bad magic, an unknown version or a malformed header; ``NumPyError/Code/unsupported``
    ///   for big-endian or structured dtypes and Fortran order; ``NumPyError/Code/sizeMismatch``
    ///   when the data is shorter or longer than the header promises.
    public init(parsing bytes: [UInt8], source: String = "the data") throws(NumPyError) {
        guard bytes.count >= 10, Array(bytes[0..<6]) == Self.magic else {
            let start = bytes.prefix(6).map { hex($0) }.joined(separator: " ")
            throw NumPyError(
                .invalidFormat,
                "\(source) is not a NumPy .npy file: it starts with [\(start)], expected the magic 93 4E 55 4D 50 59 (\\x93NUMPY)"
            )
        }
        let major = bytes[6]
        let minor = bytes[7]
        let headerStart: Int
        let headerLength: Int
        switch major {
        case 1:
            headerStart = 10
            headerLength = Int(bytes[8]) | Int(bytes[9]) << 8
        case 2, 3:
            guard bytes.count >= 12 else {
                throw NumPyError(.invalidFormat, "\(source) ends inside its \(bytes.count)-byte .npy preamble")
            }
            headerStart = 12
            headerLength = (0..<4).reduce(0) { $0 | Int(bytes[8 + $1]) << (8 * $1) }
        default:
            throw NumPyError(
                .invalidFormat,
                "\(source) is .npy format version \(major).\(minor); versions 1.0, 2.0 and 3.0 are supported")
        }
        guard headerStart + headerLength <= bytes.count else {
            throw NumPyError(
                .sizeMismatch,
                "\(source) is truncated: it holds \(bytes.count) bytes, its .npy header alone promises \(headerStart + headerLength)"
            )
        }
        let header = try Header(parsing: bytes[headerStart..<headerStart + headerLength], source: source)
        let dataStart = headerStart + headerLength
        let held = bytes.count - dataStart
        var promised = header.elementType.byteCount
        for dimension in header.shape {
            let (product, overflow) = promised.multipliedReportingOverflow(by: dimension)
            guard !overflow else {
                throw NumPyError(.invalidFormat, "\(source) has an impossible shape \(header.shape) in its .npy header")
            }
            promised = product
        }
        guard held == promised else {
            let what = held < promised ? "is truncated: its data" : "has trailing bytes: its data"
            throw NumPyError(
                .sizeMismatch,
                "\(source) \(what) holds \(held) bytes, header promises \(promised) (\(header.elementType) of shape \(header.shape))"
            )
        }
        self.init(unchecked: header.elementType, shape: header.shape, bytes: Array(bytes[dataStart...]))
    }
}

/// Whether `byte` is an ASCII letter.
private func isLetter(_ byte: UInt8) -> Bool {
    (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")) || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z"))
}

/// Two upper-case hex digits.
private func hex(_ byte: UInt8) -> String {
    let digits = Array("0123456789ABCDEF")
    return String([digits[Int(byte >> 4)], digits[Int(byte & 15)]])
}

/// The three entries of an `.npy` header that matter.
private struct Header {
    var elementType: NumPyArray.ElementType
    var shape: [Int]

    init(parsing text: ArraySlice<UInt8>, source: String) throws(NumPyError) {
        var parser = LiteralParser(text: Array(text), source: source)
        let entries = try parser.parseDictionary()
        func entry(_ key: String) throws(NumPyError) -> Literal {
            guard let value = entries[key] else {
                throw NumPyError(.invalidFormat, "\(source) has an .npy header without '\(key)'")
            }
            return value
        }
        guard case .string(let descriptor) = try entry("descr") else {
            throw NumPyError(
                .unsupported,
                "\(source) holds a structured dtype; only plain bool, integer and float arrays are supported")
        }
        guard let type = NumPyArray.ElementType(descriptor: descriptor) else {
            let why = descriptor.hasPrefix(">") ? " (big-endian; save it little-endian with .astype('<…'))" : ""
            let supported = NumPyArray.ElementType.allCases.map(\.description).joined(separator: ", ")
            throw NumPyError(
                .unsupported, "\(source) has unsupported dtype '\(descriptor)'\(why); supported: \(supported)")
        }
        guard case .boolean(let fortranOrder) = try entry("fortran_order") else {
            throw NumPyError(.invalidFormat, "\(source) has an .npy header whose 'fortran_order' is not True or False")
        }
        guard !fortranOrder else {
            throw NumPyError(
                .unsupported,
                "\(source) is stored in Fortran order; save it in C order (numpy.ascontiguousarray) before loading")
        }
        guard case .sequence(let dimensions) = try entry("shape") else {
            throw NumPyError(.invalidFormat, "\(source) has an .npy header whose 'shape' is not a tuple")
        }
        var shape: [Int] = []
        for dimension in dimensions {
            guard case .integer(let extent) = dimension, extent >= 0 else {
                throw NumPyError(
                    .invalidFormat, "\(source) has an .npy header whose 'shape' holds something other than sizes")
            }
            shape.append(extent)
        }
        self.elementType = type
        self.shape = shape
    }
}

/// A Python literal as it appears in an `.npy` header.
private enum Literal {
    case string(String)
    case integer(Int)
    case boolean(Bool)
    case none
    case sequence([Literal])
}

/// Parses the Python dict literal of an `.npy` header: string keys; string, integer, boolean,
/// `None`, tuple and list values.
private struct LiteralParser {
    let text: [UInt8]
    let source: String
    var position = 0

    init(text: [UInt8], source: String) {
        self.text = text
        self.source = source
    }

    mutating func parseDictionary() throws(NumPyError) -> [String: Literal] {
        try expect(UInt8(ascii: "{"))
        var entries: [String: Literal] = [:]
        while true {
            skipSpace()
            if peek == UInt8(ascii: "}") {
                position += 1
                return entries
            }
            guard case .string(let key) = try parseValue() else { throw malformed("a quoted key") }
            try expect(UInt8(ascii: ":"))
            entries[key] = try parseValue()
            skipSpace()
            if peek == UInt8(ascii: ",") {
                position += 1
            } else if peek != UInt8(ascii: "}") {
                throw malformed("',' or '}'")
            }
        }
    }

    private mutating func parseValue() throws(NumPyError) -> Literal {
        skipSpace()
        guard let first = peek else { throw malformed("a value") }
        switch first {
        case UInt8(ascii: "'"), UInt8(ascii: "\""):
            return .string(try parseString(quote: first))
        case UInt8(ascii: "("), UInt8(ascii: "["):
            position += 1
            let close = first == UInt8(ascii: "(") ? UInt8(ascii: ")") : UInt8(ascii: "]")
            var items: [Literal] = []
            while true {
                skipSpace()
                if peek == close {
                    position += 1
                    return .sequence(items)
                }
                items.append(try parseValue())
                skipSpace()
                if peek == UInt8(ascii: ",") {
                    position += 1
                } else if peek != close {
                    throw malformed("',' or a closing bracket")
                }
            }
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            return .integer(try parseInteger())
        default:
            let word = takeWhile(isLetter)
            switch word {
            case "True": return .boolean(true)
            case "False": return .boolean(false)
            case "None": return .none
            default: throw malformed("a value")
            }
        }
    }

    private mutating func parseString(quote: UInt8) throws(NumPyError) -> String {
        position += 1
        var bytes: [UInt8] = []
        while let byte = peek, byte != quote {
            if byte == UInt8(ascii: "\\") { position += 1 }
            guard let next = peek else { break }
            bytes.append(next)
            position += 1
        }
        guard peek == quote else { throw malformed("a closing quote") }
        position += 1
        return String(decoding: bytes, as: UTF8.self)
    }

    private mutating func parseInteger() throws(NumPyError) -> Int {
        let negative = peek == UInt8(ascii: "-")
        if negative { position += 1 }
        let digits = takeWhile { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }
        guard let magnitude = Int(digits) else { throw malformed("a size that fits an Int") }
        if peek == UInt8(ascii: "L") { position += 1 }  // Python 2 long suffix
        return negative ? -magnitude : magnitude
    }

    private var peek: UInt8? { position < text.count ? text[position] : nil }

    private mutating func skipSpace() {
        while let byte = peek, byte == 0x20 || byte == 0x0A || byte == 0x09 || byte == 0x0D { position += 1 }
    }

    private mutating func expect(_ byte: UInt8) throws(NumPyError) {
        skipSpace()
        guard peek == byte else { throw malformed("'\(Character(Unicode.Scalar(byte)))'") }
        position += 1
    }

    private mutating func takeWhile(_ accept: (UInt8) -> Bool) -> String {
        let start = position
        while let byte = peek, accept(byte) { position += 1 }
        return String(decoding: text[start..<position], as: UTF8.self)
    }

    private func malformed(_ expected: String) -> NumPyError {
        NumPyError(
            .invalidFormat,
            "\(source) has a malformed .npy header: expected \(expected) at character \(position) of \"\(String(decoding: text, as: UTF8.self).trimmingTrailingSpace)\""
        )
    }
}

extension String {
    /// The string without trailing spaces and newlines (an `.npy` header's padding).
    fileprivate var trimmingTrailingSpace: String {
        var result = self
        while let last = result.last, last == " " || last == "\n" { result.removeLast() }
        return result
    }
}

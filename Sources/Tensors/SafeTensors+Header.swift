/// Reading and checking the header of a `.safetensors` file.
///
/// The checks follow what the Python package (0.8) enforces, so that every file it loads loads
/// here and every file rejected here it rejects too, with two deliberate differences: a name
/// listed twice is an error here (Python keeps the last), and so is a field listed twice.
/// Nothing is read from the data section before every range has been proved to lie inside it.
extension SafeTensors {
    /// The largest header accepted, as in the Python package: 100 MB.
    public static let maximumHeaderByteCount = 100_000_000

    /// A header that passed every check.
    struct Header {
        /// The tensors, ordered by their offsets in the data section.
        var entries: [SafeTensorsEntry]
        var metadata: [String: String]
        /// Where the data section starts in the file: 8 + the header length.
        var dataStart: Int
    }

    /// Parses and checks the header of the whole file `bytes`, named `file` in messages.
    static func parseHeader(_ bytes: [UInt8], file: String) throws(SafeTensorsError) -> Header {
        guard bytes.count >= 8 else {
            throw SafeTensorsError(
                .truncated,
                "\(file) is \(bytes.count) bytes long, shorter than the 8-byte header length"
                    + " a safetensors file starts with"
            )
        }
        let headerLength = bytes[0..<8].reversed().reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
        guard headerLength <= UInt64(maximumHeaderByteCount) else {
            throw SafeTensorsError(
                .headerTooLarge,
                "\(file) declares a \(headerLength)-byte header, above the \(maximumHeaderByteCount)-byte limit;"
                    + " it is probably not a safetensors file"
            )
        }
        let dataStart = 8 + Int(headerLength)
        guard dataStart <= bytes.count else {
            throw SafeTensorsError(
                .truncated,
                "\(file) declares a \(headerLength)-byte header but only \(bytes.count - 8) bytes follow;"
                    + " the file is truncated"
            )
        }
        let headerBytes = Array(bytes[8..<dataStart])
        guard String(validating: headerBytes, as: UTF8.self) != nil else {
            throw SafeTensorsError(.invalidHeader, "the header of \(file) is not valid UTF-8")
        }
        let json: SafeTensorsJSON.Value
        do throws(SafeTensorsJSON.ParseError) {
            json = try SafeTensorsJSON.parse(headerBytes)
        } catch {
            throw SafeTensorsError(
                .invalidHeader,
                "the header of \(file) is not valid JSON: \(error.reason) at byte \(error.offset) of the header"
            )
        }
        guard case .object(let members) = json else {
            throw SafeTensorsError(
                .invalidHeader,
                "the header of \(file) is \(json.kind), expected a JSON object mapping tensor names to their"
                    + " dtype, shape and data_offsets"
            )
        }
        let dataCount = bytes.count - dataStart
        var entries: [SafeTensorsEntry] = []
        var metadata: [String: String] = [:]
        var names: Set<String> = []
        for (name, value) in members {
            guard names.insert(name).inserted else {
                throw SafeTensorsError(
                    .duplicateName,
                    "the header of \(file) lists '\(name)' twice; names must be unique"
                )
            }
            if name == "__metadata__" {
                metadata = try parseMetadata(value, file: file)
            } else {
                entries.append(try parseEntry(name, value, dataCount: dataCount, file: file))
            }
        }
        entries.sort { lhs, rhs in
            (lhs.byteRange.lowerBound, lhs.byteRange.upperBound, lhs.name)
                < (rhs.byteRange.lowerBound, rhs.byteRange.upperBound, rhs.name)
        }
        try checkCoverage(entries, dataCount: dataCount, file: file)
        return Header(entries: entries, metadata: metadata, dataStart: dataStart)
    }

    /// The `__metadata__` object as a dictionary; `null` means none.
    private static func parseMetadata(_ value: SafeTensorsJSON.Value, file: String) throws(SafeTensorsError)
        -> [String: String]
    {
        if value == .null { return [:] }
        guard case .object(let members) = value else {
            throw SafeTensorsError(
                .invalidField,
                "__metadata__ in \(file) is \(value.kind), expected an object mapping strings to strings"
            )
        }
        var metadata: [String: String] = [:]
        for (key, member) in members {
            guard case .string(let text) = member else {
                throw SafeTensorsError(
                    .invalidField,
                    "__metadata__ key '\(key)' in \(file) holds \(member.kind), expected a JSON string"
                )
            }
            guard metadata.updateValue(text, forKey: key) == nil else {
                throw SafeTensorsError(.duplicateName, "__metadata__ in \(file) lists key '\(key)' twice")
            }
        }
        return metadata
    }

    /// One tensor's entry, checked on its own: fields, dtype, shape and that its byte range is
    /// ordered, inside the `dataCount`-byte data section and exactly as long as the shape needs.
    private static func parseEntry(
        _ name: String,
        _ value: SafeTensorsJSON.Value,
        dataCount: Int,
        file: String
    ) throws(SafeTensorsError) -> SafeTensorsEntry {
        let tensor = "tensor '\(name)' in \(file)"
        guard case .object(let members) = value else {
            throw SafeTensorsError(
                .invalidField,
                "\(tensor) is described by \(value.kind), expected an object with dtype, shape and data_offsets"
            )
        }
        var fields: [String: SafeTensorsJSON.Value] = [:]
        for (key, member) in members {
            guard fields.updateValue(member, forKey: key) == nil else {
                throw SafeTensorsError(.invalidField, "\(tensor) lists the field '\(key)' twice")
            }
        }
        func field(_ key: String) throws(SafeTensorsError) -> SafeTensorsJSON.Value {
            guard let value = fields[key] else {
                throw SafeTensorsError(
                    .missingField,
                    "\(tensor) has no '\(key)' field; every tensor needs dtype, shape and data_offsets"
                )
            }
            return value
        }

        let dtypeValue = try field("dtype")
        guard case .string(let dtypeName) = dtypeValue else {
            throw SafeTensorsError(
                .invalidField,
                "\(tensor) has a dtype that is \(dtypeValue.kind), expected a string such as \"F32\""
            )
        }
        guard let dtype = SafeTensorsDType(rawValue: dtypeName) else {
            let known = SafeTensorsDType.allCases.map(\.rawValue).joined(separator: ", ")
            throw SafeTensorsError(
                .unsupportedDType,
                "\(tensor) has dtype \"\(dtypeName)\", which is not one of \(known)"
            )
        }

        let shapeValue = try field("shape")
        guard case .array(let shapeElements) = shapeValue else {
            throw SafeTensorsError(
                .invalidField,
                "\(tensor) has a shape that is \(shapeValue.kind), expected a list of non-negative integers"
            )
        }
        var dimensions: [Int] = []
        for element in shapeElements {
            switch element.integer {
            case .value(let dimension) where dimension >= 0:
                dimensions.append(dimension)
            case .value(let dimension):
                throw SafeTensorsError(.invalidShape, "\(tensor) has negative dimension \(dimension) in its shape")
            case .overflow:
                throw SafeTensorsError(.invalidShape, "\(tensor) has a dimension too large to count in its shape")
            case nil:
                throw SafeTensorsError(
                    .invalidField,
                    "\(tensor) has \(element.kind) in its shape, expected non-negative integers only"
                )
            }
        }
        let shapeText = "[" + dimensions.map(String.init).joined(separator: ", ") + "]"
        // Elements first, then bytes, as the Python package counts: [2^62, 0] is a valid empty shape.
        var elementCount = 1
        var overflow = false
        for dimension in dimensions where !overflow {
            (elementCount, overflow) = elementCount.multipliedReportingOverflow(by: dimension)
        }
        let (byteCount, byteOverflow) = elementCount.multipliedReportingOverflow(by: dtype.elementByteCount)
        guard !overflow, !byteOverflow else {
            throw SafeTensorsError(.invalidShape, "\(tensor) has shape \(shapeText), too many elements to count")
        }

        let offsetsValue = try field("data_offsets")
        let offsetsMessage = "\(tensor) has data_offsets that are not a list of two non-negative integers [begin, end]"
        guard case .array(let offsetElements) = offsetsValue, offsetElements.count == 2 else {
            throw SafeTensorsError(.invalidField, offsetsMessage)
        }
        var offsets: [Int] = []
        for element in offsetElements {
            switch element.integer {
            case .value(let offset) where offset >= 0:
                offsets.append(offset)
            case .overflow:
                throw SafeTensorsError(
                    .invalidOffsets,
                    "\(tensor) has a data offset beyond any file size; the data section holds \(dataCount) bytes"
                )
            default:
                throw SafeTensorsError(.invalidField, offsetsMessage)
            }
        }
        let (begin, end) = (offsets[0], offsets[1])
        guard begin <= end else {
            throw SafeTensorsError(
                .invalidOffsets,
                "\(tensor) has data_offsets [\(begin), \(end)], whose end comes before its begin"
            )
        }
        guard end <= dataCount else {
            throw SafeTensorsError(
                .invalidOffsets,
                "\(tensor) has data_offsets [\(begin), \(end)] but the data section holds only \(dataCount) bytes"
            )
        }
        guard end - begin == byteCount else {
            throw SafeTensorsError(
                .sizeMismatch,
                "\(tensor) has data_offsets [\(begin), \(end)] (\(end - begin) bytes) but shape \(shapeText)"
                    + " of \(dtype) needs \(byteCount) bytes"
            )
        }
        return SafeTensorsEntry(name: name, dtype: dtype, shape: Shape(dimensions), byteRange: begin..<end)
    }

    /// Checks that `entries` (sorted by offset) tile the `dataCount`-byte data section exactly:
    /// no overlap, no gap, no trailing bytes — as the format and the Python package require.
    private static func checkCoverage(_ entries: [SafeTensorsEntry], dataCount: Int, file: String)
        throws(SafeTensorsError)
    {
        var covered = 0
        var previous: SafeTensorsEntry?
        for entry in entries {
            let range = entry.byteRange
            if range.lowerBound < covered, let previous {
                throw SafeTensorsError(
                    .invalidOffsets,
                    "tensor '\(entry.name)' in \(file) has data_offsets [\(range.lowerBound), \(range.upperBound)],"
                        + " overlapping tensor '\(previous.name)' which ends at byte \(covered)"
                )
            }
            if range.lowerBound > covered {
                throw SafeTensorsError(
                    .incompleteCoverage,
                    "bytes \(covered)..<\(range.lowerBound) of the data section of \(file), before tensor"
                        + " '\(entry.name)', belong to no tensor; tensors must cover the data without gaps"
                )
            }
            covered = range.upperBound
            previous = entry
        }
        guard covered == dataCount else {
            throw SafeTensorsError(
                .incompleteCoverage,
                "the last \(dataCount - covered) of the \(dataCount) data bytes of \(file) belong to no tensor;"
                    + " tensors must cover the data section to its end"
            )
        }
    }
}

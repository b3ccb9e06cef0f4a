import Foundation

/// Any key of a JSON object, to list what an object holds.
struct AnyCodingKey: CodingKey {
    var stringValue: String
    var intValue: Int?

    init(stringValue: String) {
        self.stringValue = stringValue
    }

    init(intValue: Int) {
        self.stringValue = "Index \(intValue)"
        self.intValue = intValue
    }
}

/// `codingPath` as a JSON path: `shifts[1].levels[2]`, "" for the document itself.
func jsonPath(_ codingPath: [any CodingKey]) -> String {
    var path = ""
    for key in codingPath {
        if let index = key.intValue {
            path += "[\(index)]"
        } else {
            path += path.isEmpty ? key.stringValue : ".\(key.stringValue)"
        }
    }
    return path
}

extension Decoder {
    /// The keyed container of an object whose keys must all be among `Keys`.
    ///
    /// Unknown keys are refused rather than ignored: a misspelt option (`"sampels"`) would
    /// otherwise be dropped silently and the job would run with the default.
    ///
    /// - Throws: ``JobError/Code/unknownKey`` naming the key, the valid ones and a likely intended one.
    func strictContainer<Keys: CodingKey & CaseIterable>(keyedBy _: Keys.Type) throws -> KeyedDecodingContainer<Keys> {
        let all = try container(keyedBy: AnyCodingKey.self)
        let valid = Keys.allCases.map(\.stringValue)
        for key in all.allKeys.sorted(by: { $0.stringValue < $1.stringValue }) where !valid.contains(key.stringValue) {
            let guess = valid.first { isLikelyTypo(key.stringValue, of: $0) }.map { "; did you mean \"\($0)\"?" }
            let here = codingPath.isEmpty ? "of a job" : "here"
            throw JobError(
                .unknownKey, path: jsonPath(codingPath + [key]),
                "unknown key; the keys \(here) are \(valid.joined(separator: ", "))" + (guess ?? ""))
        }
        return try container(keyedBy: Keys.self)
    }
}

extension KeyedDecodingContainer {
    /// The value for `key`, or `nil` when the key is absent or null.
    func optional<Value: Decodable>(_ type: Value.Type, _ key: Key) throws -> Value? {
        try decodeIfPresent(type, forKey: key)
    }

    /// The whole number for `key`, or `nil` when the key is absent or null.
    ///
    /// `JSONDecoder` reports a fraction or an out-of-range number in an integer field without its
    /// path; this reads it as a `Double` instead to name the path and the number.
    ///
    /// - Throws: ``JobError/Code/wrongType`` for a number that is not a whole `Value`.
    func wholeNumber<Value: FixedWidthInteger & Decodable>(_ type: Value.Type, _ key: Key) throws -> Value? {
        guard contains(key), try !decodeNil(forKey: key) else { return nil }
        if let value = try? decode(Value.self, forKey: key) { return value }
        let number: Double
        do {
            number = try decode(Double.self, forKey: key)
        } catch DecodingError.typeMismatch(_, let context) {
            throw DecodingError.typeMismatch(Value.self, context)
        }
        let text = JSONValue.canonicalNumber(String(number)) ?? String(number)
        let path = jsonPath(codingPath + [key])
        guard number.rounded() == number else {
            throw JobError(.wrongType, path: path, "expected a whole number, found \(text)")
        }
        throw JobError(
            .wrongType, path: path, "expected a whole number from \(Value.min) to \(Value.max), found \(text)")
    }
}

extension JobError {
    /// The error for a `DecodingError` from decoding the job, described with the value actually found in `document`.
    init(decoding error: DecodingError, in document: JSONValue) {
        switch error {
        case .typeMismatch(let type, let context), .valueNotFound(let type, let context):
            let path = jsonPath(context.codingPath)
            let found = document.value(at: context.codingPath)?.phrase ?? "null"
            self.init(
                .wrongType, path: path,
                path.isEmpty
                    ? "the job must be a JSON object, found \(found)"
                    : "expected \(Self.phrase(for: type)), found \(found)")
        case .keyNotFound(let key, let context):
            let owner = context.codingPath.isEmpty ? "the job" : jsonPath(context.codingPath)
            self.init(.missingKey, path: jsonPath(context.codingPath + [key]), "")
            message = "\(owner) has no \"\(key.stringValue)\", which is required"
        case .dataCorrupted(let context):
            let path = jsonPath(context.codingPath)
            self.init(.wrongType, path: path, "the value does not have the expected form: \(context.debugDescription)")
        @unknown default:
            self.init(.wrongType, path: "", "the job does not have the expected form: \(error)")
        }
    }

    /// `a string`, `a whole number`, `a number`, `true or false`, `an array`, `an object`.
    private static func phrase(for type: Any.Type) -> String {
        switch type {
        case is String.Type: return "a string"
        case is Bool.Type: return "true or false"
        case is Double.Type, is Float.Type: return "a number"
        case is any FixedWidthInteger.Type: return "a whole number"
        default:
            let name = "\(type)"
            if name.hasPrefix("Array") { return "an array" }
            if name.hasPrefix("Dictionary") { return "an object" }
            return "a \(name)"
        }
    }
}

/// Whether `word` is probably a misspelling of `key`: at most two edits apart, ignoring case.
private func isLikelyTypo(_ word: String, of key: String) -> Bool {
    let a = Array(word.lowercased()), b = Array(key.lowercased())
    guard abs(a.count - b.count) <= 2 else { return false }
    // Levenshtein distance, one row at a time.
    var previous = Array(0...b.count)
    for i in a.indices {
        var current = [i + 1]
        for j in b.indices {
            current.append(Swift.min(previous[j + 1] + 1, current[j] + 1, previous[j] + (a[i] == b[j] ? 0 : 1)))
        }
        previous = current
    }
    return previous[b.count] <= 2
}

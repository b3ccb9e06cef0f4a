/// A parsed JSON document, kept exactly enough to print it canonically.
///
/// Numbers keep a canonical text instead of a `Double` so that whole numbers beyond 2⁵³ (seeds
/// are `UInt64`) survive unchanged; see ``JSONValue/canonicalNumber(_:)``. Object keys are unique:
/// the parser refuses duplicates.
enum JSONValue: Hashable, Sendable {
    case null
    case bool(Bool)
    /// A number in canonical text form.
    case number(String)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    /// The value at `path` (object keys and array indices), or `nil` when the path leads nowhere.
    func value(at path: [any CodingKey]) -> JSONValue? {
        var current = self
        for key in path {
            switch current {
            case .object(let members):
                guard let next = members[key.stringValue] else { return nil }
                current = next
            case .array(let elements):
                guard let index = key.intValue, elements.indices.contains(index) else { return nil }
                current = elements[index]
            default:
                return nil
            }
        }
        return current
    }

    /// A short phrase naming the value for error messages: `the string "x"`, `the number 1.5`, `an array`.
    var phrase: String {
        switch self {
        case .null: return "null"
        case .bool(let value): return value ? "true" : "false"
        case .number(let text): return "the number \(text)"
        case .string(let text):
            let shown = text.count > 40 ? String(text.prefix(40)) + "…" : text
            return "the string \"\(shown)\""
        case .array: return "an array"
        case .object: return "an object"
        }
    }

    /// The canonical text of a JSON number literal.
    ///
    /// A literal without fraction or exponent that fits `Int64` or `UInt64` is printed as that
    /// integer. Any other literal is read as a `Double`: an integral value below 2⁵³ in magnitude is
    /// printed as an integer (`1.0`, `1e3` → `1`, `1000`), anything else in Swift's shortest
    /// round-trip form (`0.1`, `1e-05`, `1e+20`). Negative zero is `0`. Returns `nil` for a value
    /// outside `Double`'s range.
    static func canonicalNumber(_ literal: String) -> String? {
        if !literal.contains(where: { $0 == "." || $0 == "e" || $0 == "E" }) {
            if let value = Int64(literal) { return String(value) }
            if let value = UInt64(literal) { return String(value) }
        }
        guard let value = Double(literal), value.isFinite else { return nil }
        if value.rounded() == value && abs(value) < 9_007_199_254_740_992 {
            return String(Int64(value))
        }
        return String(value)
    }
}

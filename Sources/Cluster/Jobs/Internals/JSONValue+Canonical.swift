extension JSONValue {
    /// The value as canonical JSON text (see ``CanonicalJSON``): keys sorted by their UTF-8 bytes,
    /// no whitespace, numbers in their canonical text, strings escaped minimally.
    var canonicalText: String {
        var text = ""
        write(to: &text)
        return text
    }

    private func write(to text: inout String) {
        switch self {
        case .null: text += "null"
        case .bool(let value): text += value ? "true" : "false"
        case .number(let literal): text += literal
        case .string(let value): Self.writeString(value, to: &text)
        case .array(let elements):
            text += "["
            for (index, element) in elements.enumerated() {
                if index > 0 { text += "," }
                element.write(to: &text)
            }
            text += "]"
        case .object(let members):
            text += "{"
            let keys = members.keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
            for (index, key) in keys.enumerated() {
                if index > 0 { text += "," }
                Self.writeString(key, to: &text)
                text += ":"
                members[key]!.write(to: &text)
            }
            text += "}"
        }
    }

    /// Writes `value` in double quotes, escaping only `"`, `\` and control characters (`\n`, `\u001f`, …).
    private static func writeString(_ value: String, to text: inout String) {
        text += "\""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": text += "\\\""
            case "\\": text += "\\\\"
            case "\n": text += "\\n"
            case "\r": text += "\\r"
            case "\t": text += "\\t"
            case "\u{08}": text += "\\b"
            case "\u{0C}": text += "\\f"
            case "\u{00}"..."\u{1F}":
                let digits = Array("0123456789abcdef")
                text += "\\u00\(digits[Int(scalar.value >> 4)])\(digits[Int(scalar.value & 0xF)])"
            default: text.unicodeScalars.append(scalar)
            }
        }
        text += "\""
    }
}

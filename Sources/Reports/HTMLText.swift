/// Text made safe for HTML and SVG: element content and attribute values alike.
enum HTMLText {
    /// `text` with `&`, `<`, `>`, `"` and `'` written as character references, so a model named `a<b&"c"` shows
    /// as written and cannot open a tag or close an attribute.
    static func escape(_ text: String) -> String {
        var escaped = ""
        escaped.reserveCapacity(text.utf8.count)
        for character in text.unicodeScalars {
            switch character {
            case "&": escaped += "&amp;"
            case "<": escaped += "&lt;"
            case ">": escaped += "&gt;"
            case "\"": escaped += "&quot;"
            case "'": escaped += "&#39;"
            default: escaped.unicodeScalars.append(character)
            }
        }
        return escaped
    }
}

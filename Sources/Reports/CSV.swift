/// Comma-separated values with RFC 4180 quoting.
///
/// A field holding a comma, a double quote, a CR or an LF is wrapped in double quotes, its
/// quotes doubled (`a,"b` → `"a,""b"`); other fields are written as they are. Records end with
/// `\n` (not RFC 4180's CRLF), as Unix tools expect; every reader of RFC 4180 accepts both.
public enum CSV {
    /// One field, quoted when it must be.
    public static func field(_ text: String) -> String {
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\r" || $0 == "\n" || $0 == "\r\n" }) else {
            return text
        }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// One record: the fields quoted and joined by commas, with its line end.
    public static func record(_ fields: [String]) -> String {
        fields.map(field).joined(separator: ",") + "\n"
    }
}

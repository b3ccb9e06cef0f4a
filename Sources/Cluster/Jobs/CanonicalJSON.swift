import Foundation

/// One byte sequence per value: the JSON that task payloads are stored as and content keys are hashed from.
///
/// Two encodings of equal values must give equal bytes, whatever the key order, whitespace or
/// number spelling they started from, or a content key would change without its inputs
/// changing. The canonical form, in the spirit of RFC 8785:
/// - object keys sorted by their UTF-8 bytes, each once;
/// - no whitespace;
/// - strings in double quotes with only `"`, `\` and control characters escaped
///   (`\n`, `\r`, `\t`, `\b`, `\f`, else `\u00xx`), everything else as UTF-8;
/// - numbers: a whole number that fits `Int64` or `UInt64` as plain digits; any other number as
///   a `Double`, printed as an integer when it is whole and below 2⁵³ in magnitude (`1.0` → `1`)
///   and otherwise in Swift's shortest round-trip form (`0.1`, `1e-05`, `1e+20`), which is fixed
///   by the language rather than by a locale or a Foundation version.
///
/// A `Float` field is written from its own shortest form (`0.001`), as `JSONEncoder` writes it.
public enum CanonicalJSON {
    /// `value` encoded with `JSONEncoder`, then rewritten canonically.
    ///
    /// - Throws: ``JobError/Code/unencodable`` when the value holds a NaN or an infinity.
    public static func encode(_ value: some Encodable) throws(JobError) -> Data {
        let encoded: Data
        do {
            encoded = try JSONEncoder().encode(value)
        } catch {
            throw JobError(.unencodable, path: "", "\(type(of: value)) cannot be written as JSON: \(error)")
        }
        return try canonicalize(encoded)
    }

    /// The canonical form of the JSON document `json`.
    ///
    /// - Throws: ``JobError/Code/malformedJSON`` when `json` is not JSON.
    public static func canonicalize(_ json: some Collection<UInt8>) throws(JobError) -> Data {
        Data(try JSONValue(parsing: json, document: "the document").canonicalText.utf8)
    }
}

import Foundation

/// Encoding and decoding of fleet values with one set of error messages.
enum FleetJSON {
    /// `value` as JSON with ``Ranking/makeJSONEncoder(prettyPrinted:)``; `what` names it in the error.
    static func encode<T: Encodable>(_ value: T, prettyPrinted: Bool, what: String) throws(FleetError) -> Data {
        do {
            return try Ranking.makeJSONEncoder(prettyPrinted: prettyPrinted).encode(value)
        } catch {
            throw FleetError(.invalidJSON, "cannot encode \(what) as JSON: \(error)")
        }
    }

    /// Reads a `T` with ``Ranking/makeJSONDecoder()``; errors say what is missing or malformed, with `code`,
    /// calling the value `the \(name) JSON`.
    static func decode<T: Decodable>(
        _ type: T.Type, from data: Data, name: String, code: FleetError.Code = .invalidJSON
    ) throws(FleetError) -> T {
        do {
            return try Ranking.makeJSONDecoder().decode(type, from: data)
        } catch let DecodingError.keyNotFound(key, context) {
            throw FleetError(
                code, "the \(name) JSON lacks \"\(key.stringValue)\" at \(path(context.codingPath)); "
                    + "was it written by another version of preindex?")
        } catch let DecodingError.typeMismatch(_, context), let DecodingError.valueNotFound(_, context),
            let DecodingError.dataCorrupted(context)
        {
            throw FleetError(
                code, "the \(name) JSON is malformed at \(path(context.codingPath)): \(context.debugDescription)")
        } catch {
            throw FleetError(code, "the \(name) JSON cannot be read: \(error)")
        }
    }

    private static func path(_ keys: [any CodingKey]) -> String {
        keys.isEmpty ? "the top level" : keys.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
    }
}

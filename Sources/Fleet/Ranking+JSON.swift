import Foundation

extension Ranking {
    /// An encoder for rankings and for messages that carry one: sorted keys, and non-finite
    /// numbers (an index of a degenerate measurement, an undefined correlation) as the strings
    /// `"nan"`, `"inf"`, `"-inf"`, as calibration files write them.
    public static func makeJSONEncoder(prettyPrinted: Bool = false) -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = prettyPrinted ? [.prettyPrinted, .sortedKeys] : [.sortedKeys]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(
            positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return encoder
    }

    /// A decoder that reads what ``makeJSONEncoder(prettyPrinted:)`` writes.
    public static func makeJSONDecoder() -> JSONDecoder {
        let decoder = JSONDecoder()
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(
            positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return decoder
    }

    /// The ranking as JSON (keys as the property names).
    public func jsonData(prettyPrinted: Bool = false) throws(FleetError) -> Data {
        do {
            return try Self.makeJSONEncoder(prettyPrinted: prettyPrinted).encode(self)
        } catch {
            throw FleetError(.invalidJSON, "cannot encode the ranking of job \(jobID) as JSON: \(error)")
        }
    }

    /// Reads a ranking written by ``jsonData(prettyPrinted:)``.
    ///
    /// - Throws: ``FleetError/Code/invalidJSON`` naming what is missing or malformed.
    public init(jsonData: Data) throws(FleetError) {
        do {
            self = try Self.makeJSONDecoder().decode(Ranking.self, from: jsonData)
        } catch let DecodingError.keyNotFound(key, context) {
            throw FleetError(
                .invalidJSON, "the ranking JSON lacks \"\(key.stringValue)\" at \(Self.path(context.codingPath)); "
                    + "was it written by another version of preindex?")
        } catch let DecodingError.typeMismatch(_, context), let DecodingError.valueNotFound(_, context),
            let DecodingError.dataCorrupted(context)
        {
            throw FleetError(
                .invalidJSON, "the ranking JSON is malformed at \(Self.path(context.codingPath)): \(context.debugDescription)")
        } catch {
            throw FleetError(.invalidJSON, "the ranking JSON cannot be read: \(error)")
        }
    }

    private static func path(_ keys: [any CodingKey]) -> String {
        keys.isEmpty ? "the top level" : keys.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
    }
}

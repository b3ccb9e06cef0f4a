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
        try FleetJSON.encode(self, prettyPrinted: prettyPrinted, what: "the ranking of job \(jobID)")
    }

    /// Reads a ranking written by ``jsonData(prettyPrinted:)``.
    ///
    /// - Throws: ``FleetError/Code/invalidJSON`` naming what is missing or malformed.
    public init(jsonData: Data) throws(FleetError) {
        self = try FleetJSON.decode(Ranking.self, from: jsonData, name: "ranking")
    }
}

extension Shift: Codable {
    /// Decodes a shift from its spec string (`"blur:1"`), as ``init(parsing:)`` reads it.
    ///
    /// - Throws: `DecodingError.dataCorrupted` carrying the ``ShiftError`` message when the
    ///   string is not a valid spec.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        do {
            self = try Shift(parsing: text)
        } catch {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: error.message)
        }
    }

    /// Encodes the shift as its canonical spec string, ``description``.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}

import Foundation

/// How PreIndex writes and reads doubles that JSON has no numbers for: NaN as `"nan"`, ±∞ as `"inf"` and `"-inf"`.
///
/// Measures and correlations can be undefined (a constant predictor, an empty layer); files and task
/// results keep them as these strings instead of failing to encode.
public enum NonFiniteJSON {
    /// The encoding strategy: NaN → `"nan"`, +∞ → `"inf"`, −∞ → `"-inf"`.
    public static let encoding = JSONEncoder.NonConformingFloatEncodingStrategy.convertToString(
        positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
    /// The decoding strategy that reads what ``encoding`` writes.
    public static let decoding = JSONDecoder.NonConformingFloatDecodingStrategy.convertFromString(
        positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")

    /// An encoder using ``encoding`` with sorted keys, so equal values give equal bytes.
    public static func makeEncoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        encoder.nonConformingFloatEncodingStrategy = encoding
        return encoder
    }

    /// A decoder using ``decoding``.
    public static func makeDecoder() -> JSONDecoder {
        let decoder = JSONDecoder()
        decoder.nonConformingFloatDecodingStrategy = decoding
        return decoder
    }
}

import Foundation

/// `--json` output: pretty-printed, sorted keys, non-finite numbers as the strings "nan"/"inf",
/// on standard output. Every command prints its JSON through this.
enum JSONOutput {
    static func print(_ value: some Encodable) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        Swift.print(String(decoding: try encoder.encode(value), as: UTF8.self))
    }
}

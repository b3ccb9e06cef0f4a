/// The PreIndex components: for each bin count and distance, the mean over (layer, sample) of
/// the distance between a sample's clean and shifted channel-mean histograms.
public struct PreIndexComponents: Sendable, Hashable {
    /// The bin counts PreIndex uses.
    public static let binCounts = [16, 32, 64]

    /// `values[binIndex][distance]`.
    private var values: [[Distance: Double]]
    /// Principled W1 (over bin centres) per bin count, reported beside whichever W1 the mode chose.
    public var principledW1: [Int: Double]

    init(values: [[Distance: Double]], principledW1: [Int: Double]) {
        self.values = values
        self.principledW1 = principledW1
    }

    /// `p[bins][distance]`.
    ///
    /// - Precondition: `bins` is one of ``binCounts``.
    public func value(_ distance: Distance, bins: Int) -> Double {
        values[Self.binCounts.firstIndex(of: bins)!][distance]!
    }

    /// Every component as `(bins, distance, value)`, bins ascending, distances in declaration order.
    public var all: [(bins: Int, distance: Distance, value: Double)] {
        Self.binCounts.flatMap { bins in Distance.allCases.map { (bins, $0, value($0, bins: bins)) } }
    }
}

extension PreIndexComponents: Codable {
    /// `{"16": {"w1": …, "js": …, "bhattacharyya": …, "kl": …, "w1_principled": …}, "32": …, "64": …}`.
    public func encode(to encoder: any Encoder) throws {
        var table: [String: [String: Double]] = [:]
        for (index, bins) in Self.binCounts.enumerated() {
            var row = Dictionary(uniqueKeysWithValues: values[index].map { ($0.key.rawValue, $0.value) })
            row["w1_principled"] = principledW1[bins]
            table[String(bins)] = row
        }
        var container = encoder.singleValueContainer()
        try container.encode(table)
    }

    public init(from decoder: any Decoder) throws {
        let table = try decoder.singleValueContainer().decode([String: [String: Double]].self)
        var values: [[Distance: Double]] = []
        var principled: [Int: Double] = [:]
        for bins in Self.binCounts {
            guard let row = table[String(bins)] else {
                throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "no \(bins)-bin components"))
            }
            var entry: [Distance: Double] = [:]
            for distance in Distance.allCases {
                guard let value = row[distance.rawValue] else {
                    throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "no \(distance) at \(bins) bins"))
                }
                entry[distance] = value
            }
            values.append(entry)
            principled[bins] = row["w1_principled"]
        }
        self.init(values: values, principledW1: principled)
    }
}

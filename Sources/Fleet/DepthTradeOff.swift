/// What each depth of a cooperative model costs and gives: the fleet members named `model@depth` (one per
/// sub-network of a cooperative package) side by side, so a user can pick the depth whose accuracy is worth its
/// compute and its retraining cost.
///
/// Built from a ranking's rows: per depth, the forward-pass MFLOPs, the mean clean and shifted accuracy over the
/// measured shifts, and the mean estimated (or measured, where a plan ran it) retraining kWh over those shifts.
public struct DepthTradeOff: Codable, Sendable, Hashable {
    /// One depth of the family.
    public struct Point: Codable, Sendable, Hashable {
        /// The member's name (`model@depth`).
        public var member: String
        /// Running residual blocks.
        public var depth: Int
        /// Forward-pass MFLOPs per image, when measured.
        public var megaFLOPs: Double?
        /// Mean top-1 accuracy on the clean samples over the measured shifts, when measured.
        public var cleanAccuracy: Double?
        /// Mean top-1 accuracy on the shifted samples over the measured shifts, when measured.
        public var shiftedAccuracy: Double?
        /// Mean retraining kWh over the shifts: measured where a plan ran the retrain, estimated elsewhere; `nil`
        /// when no shift has either.
        public var meanRetrainKilowattHours: Double?
        /// How many shifts the means are over.
        public var shifts: Int
    }

    /// The model all depths come from (the name before `@`).
    public var family: String
    /// Its depths, deepest first.
    public var points: [Point]

    /// The families of `rows`: members named `model@depth` grouped by `model`, each with at least two depths, in
    /// order of first appearance.
    public static func families(in rows: [RankingRow]) -> [DepthTradeOff] {
        var order: [String] = []
        var grouped: [String: [Int: [RankingRow]]] = [:]
        for row in rows {
            guard let (family, depth) = parse(member: row.model) else { continue }
            if grouped[family] == nil { order.append(family) }
            grouped[family, default: [:]][depth, default: []].append(row)
        }
        return order.compactMap { family in
            guard let depths = grouped[family], depths.count >= 2 else { return nil }
            let points = depths.keys.sorted(by: >).map { depth in point(depth: depth, rows: depths[depth]!) }
            return DepthTradeOff(family: family, points: points)
        }
    }

    /// `model@depth` (optionally ending in `.safetensors`) → the model and the depth; `nil` for other names.
    public static func parse(member name: String) -> (family: String, depth: Int)? {
        let stem = name.hasSuffix(".safetensors") ? String(name.dropLast(".safetensors".count)) : name
        guard let at = stem.lastIndex(of: "@"), let depth = Int(stem[stem.index(after: at)...]), depth >= 0,
            at != stem.startIndex
        else { return nil }
        return (String(stem[..<at]), depth)
    }

    /// The point of one depth from its rows (at least one, all of the same member).
    private static func point(depth: Int, rows: [RankingRow]) -> Point {
        func mean(_ values: [Double]) -> Double? { values.isEmpty ? nil : values.reduce(0, +) / Double(values.count) }
        return Point(
            member: rows[0].model, depth: depth, megaFLOPs: rows.compactMap(\.megaFLOPs).first,
            cleanAccuracy: mean(rows.compactMap { $0.accuracy?.clean }),
            shiftedAccuracy: mean(rows.compactMap { $0.accuracy?.shifted }),
            meanRetrainKilowattHours: mean(rows.compactMap { $0.actual?.kilowattHours ?? $0.kilowattHours?.value }),
            shifts: rows.count)
    }
}

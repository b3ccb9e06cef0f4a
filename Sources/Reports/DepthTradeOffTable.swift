import Fleet

/// The depth trade-off of a cooperative model (``Fleet/DepthTradeOff``) as text: one row per depth with its
/// forward-pass MFLOPs, clean and shifted accuracy and mean retraining kWh.
public enum DepthTradeOffTable {
    /// Every family of `ranking`, each a titled table, separated by blank lines; "" when it has none.
    public static func render(_ ranking: Ranking) -> String {
        ranking.depthTradeOffs.map(render).joined(separator: "\n\n")
    }

    /// One family as a titled table, deepest first.
    public static func render(_ tradeOff: DepthTradeOff) -> String {
        let table = TextTable(
            header: ["depth", "member", "MFLOPs", "clean acc", "shifted acc", "retrain kWh (mean)", "shifts"],
            rows: tradeOff.points.map { point in
                [
                    String(point.depth), point.member, point.megaFLOPs.map(NumberText.short) ?? "—",
                    point.cleanAccuracy.map(percent) ?? "—", point.shiftedAccuracy.map(percent) ?? "—",
                    point.meanRetrainKilowattHours.map(NumberText.short) ?? "—", String(point.shifts),
                ]
            })
        return "Depths of \(tradeOff.family): accuracy and cost per depth\n" + table.rendered
    }

    private static func percent(_ fraction: Double) -> String { NumberText.short(fraction * 100) + "%" }
}

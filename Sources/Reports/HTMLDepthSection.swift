import Fleet

/// The cooperative depth trade-off in the HTML report (``Fleet/DepthTradeOff``): per family of `model@depth`
/// members, each depth's forward-pass MFLOPs, clean and shifted accuracy and mean retraining energy, with one
/// sentence comparing the shallowest depth to the deepest.
enum HTMLDepthSection {
    /// The section, or `nil` when the ranking has no cooperative family.
    static func render(_ ranking: Ranking) -> String? {
        let families = ranking.depthTradeOffs
        guard !families.isEmpty else { return nil }
        let content = families.map { family in
            let table = HTMLTable(
                header: ["depth", "member", "MFLOPs per image", "clean accuracy", "shifted accuracy", "retrain energy (mean)"],
                rows: family.points.map { point in
                    [
                        HTMLTable.Cell(String(point.depth), sortKey: Double(point.depth)),
                        HTMLTable.Cell(point.member),
                        point.megaFLOPs.map { HTMLTable.Cell(NumberText.short($0), sortKey: $0) } ?? HTMLTable.Cell("—"),
                        percentCell(point.cleanAccuracy), percentCell(point.shiftedAccuracy),
                        point.meanRetrainKilowattHours.map { HTMLTable.Cell(UnitText.kilowattHours($0), sortKey: $0) }
                            ?? HTMLTable.Cell("—"),
                    ]
                })
            return "<h3>\(HTMLText.escape(family.family))</h3>\n" + table.rendered
                + (summary(family).map(HTMLReport.paragraph) ?? "")
        }.joined()
        return HTMLReport.section("depths", "Cooperative depths: accuracy against compute and retraining cost", content)
    }

    private static func percentCell(_ fraction: Double?) -> HTMLTable.Cell {
        fraction.map { HTMLTable.Cell(UnitText.percent($0), sortKey: $0) } ?? HTMLTable.Cell("—")
    }

    /// "depth 1 needs 43 % of depth 3's compute for 5.1 points less clean accuracy", when both are known.
    private static func summary(_ family: DepthTradeOff) -> String? {
        guard let deepest = family.points.first, let shallowest = family.points.last, deepest.depth != shallowest.depth,
            let deepFLOPs = deepest.megaFLOPs, let shallowFLOPs = shallowest.megaFLOPs, deepFLOPs > 0,
            let deepAccuracy = deepest.cleanAccuracy, let shallowAccuracy = shallowest.cleanAccuracy
        else { return nil }
        let points = (deepAccuracy - shallowAccuracy) * 100
        return "Depth \(shallowest.depth) needs \(UnitText.percent(shallowFLOPs / deepFLOPs)) of depth "
            + "\(deepest.depth)'s compute for \(NumberText.short(abs(points))) points "
            + (points >= 0 ? "less" : "more") + " clean accuracy."
    }
}

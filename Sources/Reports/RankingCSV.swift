import Fleet

/// A ``Fleet/Ranking``'s rows as CSV: one header record, then one record per row in ranking order.
///
/// Every estimate takes four columns (`kwh`, `kwh_low`, `kwh_high`, `kwh_extrapolated`), empty
/// when the row has none; numbers are written exactly (shortest round-trip form, `nan`/`inf`
/// spelled out). Per-node energy is not part of it: it is a different table.
public enum RankingCSV {
    /// The column names, in order.
    public static let header: [String] =
        ["model", "architecture", "shift", "shift_type", "level", "preindex"]
        + RankingCost.allCases.flatMap { cost in ["", "_low", "_high", "_extrapolated"].map { column(cost) + $0 } }
        + [
            "advice", "advice_reason", "unestimated_reason", "evaluation_kwh", "evaluation_kg_co2eq",
            "greenest_region", "greenest_kg_co2eq", "dirtiest_region", "dirtiest_kg_co2eq",
        ]

    /// The header and the rows.
    public static func render(_ ranking: Ranking) -> String {
        CSV.record(header) + ranking.rows.map { CSV.record(fields($0)) }.joined()
    }

    static func fields(_ row: RankingRow) -> [String] {
        let number = { (value: Double?) in value.map(NumberText.exact) ?? "" }
        let estimates = RankingCost.allCases.flatMap { cost -> [String] in
            guard let e = row.estimate(of: cost) else { return ["", "", "", ""] }
            return [number(e.value), number(e.low), number(e.high), String(e.extrapolated)]
        }
        return [row.model, row.architecture, row.shift, row.shiftType, number(row.level), number(row.preindex)]
            + estimates
            + [
                row.advice.rawValue, row.adviceReason, row.unestimatedReason ?? "",
                number(row.evaluationCost?.kilowattHours), number(row.evaluationCost?.kilogramsCO2eq),
                row.placement?.greenest.region ?? "", number(row.placement?.greenestKilogramsCO2eq),
                row.placement?.dirtiest.region ?? "", number(row.placement?.dirtiestKilogramsCO2eq),
            ]
    }

    private static func column(_ cost: RankingCost) -> String {
        switch cost {
        case .kilowattHours: "kwh"
        case .kilogramsCO2eq: "kg_co2eq"
        case .epochs: "epochs"
        }
    }
}

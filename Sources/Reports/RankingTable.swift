import Fleet

/// A ``Fleet/Ranking`` as text for a terminal: the rows, the per-node energy with the cluster
/// total, where a retrain would emit least, each model's calibration, and the notes.
///
/// Estimates read `value [low–high]`, with `*` when extrapolated and `—` when there is none.
public enum RankingTable {
    /// The whole report, sections separated by blank lines, without a trailing newline.
    public static func render(_ ranking: Ranking) -> String {
        var sections = [title(ranking), rows(ranking).rendered]
        if !ranking.nodes.isEmpty { sections.append(nodes(ranking).rendered) }
        if let line = greenestLine(ranking) { sections.append(line) }
        sections.append(calibrations(ranking).rendered)
        if !ranking.notes.isEmpty { sections.append(ranking.notes.map { "note: \($0)" }.joined(separator: "\n")) }
        return sections.joined(separator: "\n\n")
    }

    static func title(_ ranking: Ranking) -> String {
        let job = [ranking.jobID, ranking.jobName.isEmpty ? "" : "(\(ranking.jobName))"].filter { !$0.isEmpty }
        let name = job.isEmpty ? "Ranking" : "Ranking of job " + job.joined(separator: " ")
        return "\(name), cheapest retrain first by \(ranking.sortedBy.rawValue); * = extrapolated"
    }

    static func rows(_ ranking: Ranking) -> TextTable {
        TextTable(
            header: [
                "model", "shift", "preindex", "epochs", "kWh", "kg CO2eq", "advice", "eval kWh", "greenest region",
                "measured retrain",
            ],
            rows: ranking.rows.map { row in
                [
                    row.model, row.shift, NumberText.short(row.preindex), estimate(row.epochs),
                    estimate(row.kilowattHours), estimate(row.kilogramsCO2eq), row.advice.rawValue,
                    row.evaluationCost.map { NumberText.short($0.kilowattHours) } ?? "—",
                    row.placement.map { "\($0.greenest.region) \(NumberText.short($0.greenestKilogramsCO2eq)) kg" } ?? "—",
                    row.actual.map { "\($0.epochs.map(String.init) ?? "?") ep, \(NumberText.short($0.kilowattHours)) kWh" } ?? "—",
                ]
            })
    }

    static func nodes(_ ranking: Ranking) -> TextTable {
        var table = TextTable(
            header: ["node", "region", "method", "g/kWh", "tasks", "kWh", "kg CO2eq"],
            rows: ranking.nodes.map { node in
                [
                    node.node, node.region, node.method, NumberText.short(node.gramsPerKWh), String(node.tasks),
                    NumberText.short(node.kilowattHours), NumberText.short(node.kilogramsCO2eq),
                ]
            })
        let total = ranking.total
        table.rows.append([
            "total", "", "", "", String(total.tasks), NumberText.short(total.kilowattHours),
            NumberText.short(total.kilogramsCO2eq),
        ])
        return table
    }

    /// Where a retrain emits least, when the workers' regions differ in intensity.
    static func greenestLine(_ ranking: Ranking) -> String? {
        guard let green = ranking.greenestRegion, let dirty = ranking.dirtiestRegion else { return nil }
        func region(_ r: RegionIntensity) -> String { "\(r.region) (\(NumberText.short(r.gramsPerKWh)) g/kWh)" }
        guard dirty.gramsPerKWh > green.gramsPerKWh else {
            return "All workers draw electricity of the same intensity: \(region(green))."
        }
        let ratio = green.gramsPerKWh > 0 ? "\(NumberText.short(dirty.gramsPerKWh / green.gramsPerKWh))× less" : "nothing"
        return "A retrain emits least in \(region(green)): \(ratio) than in \(region(dirty))."
    }

    static func calibrations(_ ranking: Ranking) -> TextTable {
        TextTable(
            header: ["model", "points", "kWh fit", "LOO MAPE"],
            rows: ranking.calibrations.map { summary in
                guard let fit = summary.fits.first(where: { $0.cost == .kilowattHours }) else {
                    return [summary.model, String(summary.points), summary.reason ?? "no fit", "—"]
                }
                return [summary.model, String(summary.points), fit.description, NumberText.short(fit.looMAPE * 100) + "%"]
            })
    }

    static func estimate(_ estimate: CostEstimate?) -> String {
        guard let estimate else { return "—" }
        let text = "\(NumberText.short(estimate.value)) [\(NumberText.short(estimate.low))–\(NumberText.short(estimate.high))]"
        return estimate.extrapolated ? text + "*" : text
    }
}

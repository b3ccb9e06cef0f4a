import Fleet

/// One retrain plan's outcome in the HTML report: per row the predicted against the actual epochs, kWh and
/// emissions, where it ran and its state; then the totals and what placing retrains greenest saved.
enum HTMLPlanSection {
    /// The plan's section.
    static func render(_ outcome: PlanOutcome) -> String {
        let plan = outcome.plan
        let table = HTMLTable(
            header: [
                "row", "model", "shift", "approach", "state", "node", "predicted epochs", "actual epochs",
                "predicted energy", "actual energy", "predicted emissions", "actual emissions", "kWh error",
            ],
            rows: outcome.rows.map { row in
                let planned = row.planned, actual = row.actual
                return [
                    HTMLTable.Cell(String(planned.number), sortKey: Double(planned.number)),
                    HTMLTable.Cell(planned.model), HTMLTable.Cell(planned.shift),
                    HTMLTable.Cell(planned.approach.rawValue),
                    HTMLTable.Cell(row.state + (row.error.map { ": \($0)" } ?? "")),
                    HTMLTable.Cell(row.node ?? planned.node + " (planned)"),
                    HTMLReport.cell(planned.epochs, of: .epochs),
                    actual?.epochs.map { HTMLTable.Cell(UnitText.epochs($0), sortKey: Double($0)) } ?? HTMLTable.Cell("—"),
                    HTMLReport.cell(planned.kilowattHours, of: .kilowattHours),
                    actual.map { HTMLTable.Cell(UnitText.kilowattHours($0.kilowattHours), sortKey: $0.kilowattHours) }
                        ?? HTMLTable.Cell("—"),
                    HTMLReport.cell(planned.kilogramsCO2eq, of: .kilogramsCO2eq),
                    actual.map { HTMLTable.Cell(UnitText.co2(kilograms: $0.kilogramsCO2eq), sortKey: $0.kilogramsCO2eq) }
                        ?? HTMLTable.Cell("—"),
                    row.kilowattHourError.map { HTMLTable.Cell(UnitText.percent($0), sortKey: $0) }
                        ?? HTMLTable.Cell("—"),
                ]
            })
        var lines: [String] = []
        let totals = plan.totals, done = outcome.actualTotal
        lines.append(
            "Planned: \(totals.retrains) retrains, \(UnitText.estimate(totals.kilowattHours, of: .kilowattHours)), "
                + "\(UnitText.estimate(totals.kilogramsCO2eq, of: .kilogramsCO2eq)) at the planned nodes.")
        let finished = outcome.rows.filter { $0.actual != nil }.count
        lines.append(
            "Measured over \(finished) finished of \(outcome.rows.count) rows: "
                + "\(UnitText.epochs(done.epochs ?? 0)), \(UnitText.kilowattHours(done.kilowattHours)), "
                + "\(UnitText.co2(kilograms: done.kilogramsCO2eq))"
                + (outcome.kilowattHourMAPE.map { "; kWh estimates off by \(UnitText.percent($0)) on average" } ?? "")
                + ".")
        if let greenest = totals.kilogramsCO2eq(placedBy: .greenest), let spread = totals.kilogramsCO2eq(placedBy: .spread) {
            lines.append(
                "Placed greenest the plan emits \(UnitText.co2(kilograms: greenest.value)) against "
                    + "\(UnitText.co2(kilograms: spread.value)) spread round-robin: greenest placement saves "
                    + "\(UnitText.co2(kilograms: plan.greenestSavesKilogramsCO2eq)).")
        } else {
            lines.append("Greenest placement saves \(UnitText.co2(kilograms: plan.greenestSavesKilogramsCO2eq)) against spreading.")
        }
        let name = plan.jobName.isEmpty ? "" : " (\(plan.jobName))"
        return HTMLReport.section(
            "plan-" + HTMLText.escape(outcome.jobID), "Retrain plan \(outcome.jobID) of job \(plan.jobID)\(name): predicted against actual",
            table.rendered + lines.map { "<p class=\"saving\">\(HTMLText.escape($0))</p>\n" }.joined()
                + plan.notes.map { HTMLReport.paragraph("note: \($0)") }.joined())
    }
}

import Fleet

/// A ``Fleet/PlanOutcome`` as text and CSV: per plan row where it ran, estimated against measured cost, the accuracy
/// reached and the retrained model; then the totals and the kWh prediction error.
public enum PlanOutcomeTable {
    /// The rows and a summary, without a trailing newline.
    public static func render(_ outcome: PlanOutcome) -> String {
        let table = TextTable(
            header: [
                "row", "model", "shift", "approach", "state", "node", "est. kWh", "actual kWh", "epochs", "accuracy",
                "retrained model",
            ],
            rows: outcome.rows.map { row in
                [
                    String(row.planned.number), row.planned.model, row.planned.shift, row.planned.approach.rawValue,
                    state(of: row), row.node ?? row.planned.node,
                    NumberText.short(row.planned.kilowattHours.value),
                    row.actual.map { NumberText.short($0.kilowattHours) } ?? "—",
                    row.actual?.epochs.map(String.init) ?? "—",
                    row.finalAccuracy.map { NumberText.short($0 * 100) + "%" + (row.reachedTarget == true ? "" : " (below target)") }
                        ?? "—",
                    row.modelName.map { "\($0) (\(row.modelSHA256!.prefix(12)))" } ?? row.error ?? "—",
                ]
            })
        let actual = outcome.actualTotal
        var summary = [
            "Plan job \(outcome.jobID) of job \(outcome.plan.jobID): \(outcome.rows.filter { $0.state == "done" }.count) of "
                + "\(outcome.rows.count) retrains done; estimated \(NumberText.short(outcome.plan.totals.kilowattHours.value)) kWh, "
                + "measured so far \(NumberText.short(actual.kilowattHours)) kWh, \(NumberText.short(actual.kilogramsCO2eq)) kg CO2eq"
        ]
        if let mape = outcome.kilowattHourMAPE {
            summary.append("kWh prediction error (MAPE) over the finished rows: \(NumberText.short(mape * 100))%")
        }
        if outcome.plan.greenestSavesKilogramsCO2eq > 0 {
            summary.append(
                "greenest placement saves \(NumberText.short(outcome.plan.greenestSavesKilogramsCO2eq)) kg CO2eq against spread")
        }
        return [table.rendered, summary.joined(separator: "\n")].joined(separator: "\n\n")
    }

    /// The row's state, with its attempts when more than one, and how far it got while running.
    static func state(of row: PlanOutcome.Row) -> String {
        var text = row.state + (row.attempts > 1 ? " (\(row.attempts) attempts)" : "")
        if let epochs = row.epochsSoFar {
            text += ": epoch \(epochs)"
            if let accuracy = row.accuracySoFar { text += ", \(NumberText.short(accuracy * 100))%" }
            if let kWh = row.kilowattHoursSoFar { text += ", \(NumberText.short(kWh)) kWh so far" }
        }
        return text
    }

    /// One CSV line per row (RFC 4180 quoting), header first.
    public static func csv(_ outcome: PlanOutcome) -> String {
        let header = [
            "row", "model", "shift", "approach", "state", "node", "attempts", "estimated_kwh", "actual_kwh", "actual_epochs",
            "actual_kg_co2eq", "final_accuracy", "model_sha256", "model_name", "error",
        ]
        let lines = outcome.rows.map { row in
            [
                String(row.planned.number), row.planned.model, row.planned.shift, row.planned.approach.rawValue, row.state,
                row.node ?? "", String(row.attempts), NumberText.exact(row.planned.kilowattHours.value),
                row.actual.map { NumberText.exact($0.kilowattHours) } ?? "", row.actual?.epochs.map(String.init) ?? "",
                row.actual.map { NumberText.exact($0.kilogramsCO2eq) } ?? "",
                row.finalAccuracy.map(NumberText.exact) ?? "", row.modelSHA256 ?? "", row.modelName ?? "", row.error ?? "",
            ]
        }
        return ([header] + lines).map(CSV.record).joined()
    }
}

import Fleet

/// A ``Fleet/RetrainPlan`` as text for a terminal: one row per retrain, the totals, emissions under each
/// placement with what greenest saves against spread, and the notes.
///
/// Estimates read `value [low–high]` as in ``RankingTable``, `*` when extrapolated, `—` when there is none.
public enum PlanTable {
    /// The whole plan, sections separated by blank lines, without a trailing newline.
    public static func render(_ plan: RetrainPlan) -> String {
        var sections = [title(plan), rows(plan).rendered, placements(plan)]
        if !plan.notes.isEmpty { sections.append(plan.notes.map { "note: \($0)" }.joined(separator: "\n")) }
        return sections.joined(separator: "\n\n")
    }

    static func title(_ plan: RetrainPlan) -> String {
        let job = plan.jobName.isEmpty ? plan.jobID : "\(plan.jobID) (\(plan.jobName))"
        let policy = plan.policy
        var parts = ["prefer \(policy.prefer.rawValue)", "placement \(policy.placement.rawValue)"]
        if let budget = policy.budget { parts.insert("budget \(NumberText.short(budget.limit)) \(budget.unit.symbol)", at: 0) }
        parts.append("target accuracy \(NumberText.short(policy.targetAccuracy)), at most \(policy.maxEpochs) epochs")
        return "Retrain plan for job \(job): \(plan.rows.count) retrains; " + parts.joined(separator: ", ")
    }

    static func rows(_ plan: RetrainPlan) -> TextTable {
        var table = TextTable(
            header: ["#", "model", "shift", "approach", "epochs", "kWh", "kg CO2eq", "node", "region", "g/kWh"],
            rows: plan.rows.map { row in
                [
                    String(row.number), row.model, row.shift, row.approach.rawValue,
                    RankingTable.estimate(row.epochs), RankingTable.estimate(row.kilowattHours),
                    RankingTable.estimate(row.kilogramsCO2eq), row.node, row.region, NumberText.short(row.gramsPerKWh),
                ]
            })
        let totals = plan.totals
        table.rows.append([
            "total", "", "", "", "", RankingTable.estimate(totals.kilowattHours),
            RankingTable.estimate(totals.kilogramsCO2eq),
        ])
        return table
    }

    /// Emissions under each placement, and what greenest saves against spread.
    static func placements(_ plan: RetrainPlan) -> String {
        let each = plan.totals.byPlacement.map { "\($0.placement.rawValue) \(NumberText.short($0.kilogramsCO2eq.value))" }
        return "kg CO2eq by placement: " + each.joined(separator: ", ") + "\n"
            + "Greenest placement saves \(NumberText.short(plan.greenestSavesKilogramsCO2eq)) kg CO2eq against spread."
    }
}

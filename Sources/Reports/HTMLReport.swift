import Fleet

/// A ``Fleet/Ranking`` (and the retrain plans run after it) as one self-contained HTML5 page: inline CSS, a small
/// inline script that sorts tables by a click on a column's header, and inline SVG charts — nothing is fetched
/// from the network.
///
/// Sections: the ranking table (estimates `value [low–high] unit`, extrapolations flagged); per model, its
/// calibration retrains' measured kWh against the fit's predictor with the fitted curve and interval; estimated
/// kWh bars per model × shift with interval whiskers; the job's energy per node with the cluster total and where
/// a retrain emits least; per plan, predicted against actual cost per row and what greenest placement saved; the
/// notes. Every number carries its unit; every text is escaped.
public enum HTMLReport {
    /// The whole page.
    public static func render(ranking: Ranking, plans: [PlanOutcome] = []) -> String {
        let title = RankingTable.title(ranking).replacingOccurrences(of: "; * = extrapolated", with: "")
        var body = "<h1>\(HTMLText.escape(title))</h1>\n"
        body += section("ranking", "Retraining cost per model and shift", rankingTable(ranking).rendered)
        body += section("calibration", "Calibration: measured retraining energy against the index", calibrations(ranking))
        body += section(
            "estimates", "Estimated retraining energy per model and shift",
            SVGBars.render(ranking.rows).map { "<figure>\n\($0)</figure>\n" } ?? paragraph("No row has a kWh estimate."))
        body += section("energy", "Energy of the job per node", energy(ranking))
        if let depths = HTMLDepthSection.render(ranking) { body += depths }
        for plan in plans { body += HTMLPlanSection.render(plan) }
        if !ranking.notes.isEmpty {
            body += section(
                "notes", "Notes",
                "<ul>\n" + ranking.notes.map { "<li>\(HTMLText.escape($0))</li>\n" }.joined() + "</ul>\n")
        }
        return """
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8"/>
            <meta name="viewport" content="width=device-width, initial-scale=1"/>
            <title>\(HTMLText.escape(title))</title>
            <style>
            \(HTMLPageAssets.style)
            </style>
            </head>
            <body>
            \(body)<script>
            \(HTMLPageAssets.script)
            </script>
            </body>
            </html>

            """
    }

    static func section(_ id: String, _ heading: String, _ content: String) -> String {
        "<section id=\"\(id)\">\n<h2>\(HTMLText.escape(heading))</h2>\n\(content)</section>\n"
    }

    static func paragraph(_ text: String) -> String { "<p class=\"note\">\(HTMLText.escape(text))</p>\n" }

    /// An estimate cell: `value [low–high] unit`, flagged when extrapolated, sorted by its value; `—` without one.
    static func cell(_ estimate: CostEstimate?, of cost: RankingCost) -> HTMLTable.Cell {
        guard let estimate else { return HTMLTable.Cell("—") }
        return HTMLTable.Cell(
            UnitText.estimate(estimate, of: cost), sortKey: estimate.value,
            flag: estimate.extrapolated ? "extrapolated" : nil)
    }

    static func rankingTable(_ ranking: Ranking) -> HTMLTable {
        HTMLTable(
            header: [
                "model", "shift", "PreIndex", "epochs", "energy", "emissions", "advice", "evaluation energy",
                "greenest region", "measured retrain",
            ],
            rows: ranking.rows.map { row in
                [
                    HTMLTable.Cell(row.model), HTMLTable.Cell(row.shift),
                    HTMLTable.Cell(NumberText.short(row.preindex), sortKey: row.preindex),
                    cell(row.epochs, of: .epochs), cell(row.kilowattHours, of: .kilowattHours),
                    cell(row.kilogramsCO2eq, of: .kilogramsCO2eq),
                    HTMLTable.Cell(row.advice.rawValue + (row.unestimatedReason.map { " (\($0))" } ?? "")),
                    row.evaluationCost.map {
                        HTMLTable.Cell(UnitText.kilowattHours($0.kilowattHours), sortKey: $0.kilowattHours)
                    } ?? HTMLTable.Cell("—"),
                    row.placement.map {
                        HTMLTable.Cell(
                            "\($0.greenest.region): \(UnitText.co2(kilograms: $0.greenestKilogramsCO2eq))",
                            sortKey: $0.greenestKilogramsCO2eq)
                    } ?? HTMLTable.Cell("—"),
                    row.actual.map { actual in
                        HTMLTable.Cell(
                            [actual.epochs.map(UnitText.epochs), UnitText.kilowattHours(actual.kilowattHours),
                             UnitText.co2(kilograms: actual.kilogramsCO2eq)].compactMap { $0 }.joined(separator: ", "),
                            sortKey: actual.kilowattHours)
                    } ?? HTMLTable.Cell("—"),
                ]
            })
    }

    static func calibrations(_ ranking: Ranking) -> String {
        guard !ranking.calibrations.isEmpty else { return paragraph("No model was calibrated in this job.") }
        return ranking.calibrations.map { summary in
            let fit = summary.fits.first { $0.cost == .kilowattHours }
            guard let fit, let scatter = summary.scatter else {
                let why = fit.map { "kWh fit \($0.description); its calibration points were not recorded" }
                    ?? summary.reason ?? "no fit"
                return "<h3>\(HTMLText.escape(summary.model))</h3>\n"
                    + paragraph("\(summary.points) calibration points: \(why).")
            }
            let caption = "\(summary.points) calibration retrains; kWh fit \(fit.description), leave-one-out error "
                + UnitText.percent(fit.looMAPE)
                + (scatter.curve.isEmpty ? " (fitted on two predictors: no single curve to draw)" : "; band: its interval")
            return "<figure>\n<h3>\(HTMLText.escape(summary.model))</h3>\n"
                + SVGScatter.render(scatter, model: summary.model)
                + "<figcaption>\(HTMLText.escape(caption))</figcaption>\n</figure>\n"
        }.joined()
    }

    static func energy(_ ranking: Ranking) -> String {
        guard !ranking.nodes.isEmpty else { return paragraph("No node reported energy for this job.") }
        let total = ranking.total
        let table = HTMLTable(
            header: ["node", "region", "method", "grid intensity", "tasks", "energy", "emissions"],
            rows: ranking.nodes.map { node in
                [
                    HTMLTable.Cell(node.node), HTMLTable.Cell(node.region), HTMLTable.Cell(node.method),
                    HTMLTable.Cell(UnitText.intensity(node.gramsPerKWh), sortKey: node.gramsPerKWh),
                    HTMLTable.Cell(String(node.tasks), sortKey: Double(node.tasks)),
                    HTMLTable.Cell(UnitText.kilowattHours(node.kilowattHours), sortKey: node.kilowattHours),
                    HTMLTable.Cell(UnitText.co2(kilograms: node.kilogramsCO2eq), sortKey: node.kilogramsCO2eq),
                ]
            },
            footer: [[
                HTMLTable.Cell("cluster total"), HTMLTable.Cell(""), HTMLTable.Cell(""), HTMLTable.Cell(""),
                HTMLTable.Cell(String(total.tasks), sortKey: Double(total.tasks)),
                HTMLTable.Cell(UnitText.kilowattHours(total.kilowattHours), sortKey: total.kilowattHours),
                HTMLTable.Cell(UnitText.co2(kilograms: total.kilogramsCO2eq), sortKey: total.kilogramsCO2eq),
            ]])
        let greenest = RankingTable.greenestLine(ranking).map { "<p class=\"greenest\">\(HTMLText.escape($0))</p>\n" } ?? ""
        return table.rendered + greenest
    }
}

import Fleet
import Foundation
import Reports
import Testing

#if canImport(FoundationXML)
import FoundationXML
#endif

/// How often `needle` occurs in `text`.
private func occurrences(of needle: String, in text: String) -> Int {
    text.components(separatedBy: needle).count - 1
}

#if canImport(FoundationXML)
/// The page parsed as XML: the report writes HTML that is well-formed XML too.
private func parse(_ html: String) throws -> XMLDocument {
    try XMLDocument(xmlString: html, options: [])
}

/// Nodes matching `path`, whatever their namespace (SVG elements sit in the SVG namespace).
private func count(_ document: XMLDocument, _ path: String) throws -> Int {
    try document.nodes(forXPath: path).count
}

@Test func htmlReportIsWellFormedWithOneTableRowPerRankingRowAndOneChartPerModel() throws {
    let ranking = try ReportFixtures.fleetRanking()
    let page = HTMLReport.render(ranking: ranking, plans: [try ReportFixtures.planOutcome()])
    let document = try parse(page)
    #expect(document.rootElement()?.name == "html")
    #expect(try count(document, "//section[@id='ranking']//tbody/tr") == ranking.rows.count)
    #expect(try count(document, "//section[@id='ranking']//thead/tr/th") == 10)

    let scatters = ranking.calibrations.compactMap(\.scatter)
    #expect(scatters.count == 2)
    #expect(try count(document, "//section[@id='calibration']//*[local-name()='svg']") == scatters.count)
    #expect(
        try count(document, "//*[local-name()='circle'][@class='point']") == scatters.map(\.samples.count).reduce(0, +))
    #expect(try count(document, "//*[local-name()='polyline'][@class='fit']") == 2)
    #expect(try count(document, "//*[local-name()='polygon'][@class='band']") == 2)

    let estimated = ranking.rows.filter { $0.kilowattHours != nil }.count
    #expect(estimated == 6)
    #expect(try count(document, "//section[@id='estimates']//*[local-name()='svg']") == 1)
    #expect(try count(document, "//*[local-name()='rect'][starts-with(@class, 'bar')]") == estimated)
    // A whisker is a vertical line and two caps per bar.
    #expect(try count(document, "//*[local-name()='line'][@class='whisker']") == 3 * estimated)

    #expect(try count(document, "//section[@id='energy']//tbody/tr") == ranking.nodes.count)
    #expect(try count(document, "//section[@id='energy']//tfoot/tr") == 1)
    #expect(try count(document, "//section[@id='plan-job-8']//tbody/tr") == 2)
    #expect(try count(document, "//script") == 1 && count(document, "//style") == 1)
}
#endif

@Test func htmlReportShowsEveryNumberWithItsUnitAndEstimatesWithIntervals() throws {
    let ranking = try ReportFixtures.fleetRanking()
    let page = HTMLReport.render(ranking: ranking, plans: [try ReportFixtures.planOutcome()])
    let row = try #require(ranking.rows.first { $0.kilowattHours != nil })
    let kwh = try #require(row.kilowattHours)
    let short = { (value: Double) in String(format: "%.3g", value) }
    #expect(page.contains("\(short(kwh.value)) [\(short(kwh.low))–\(short(kwh.high))] kWh"))
    for unit in [" kWh", " epochs", "g CO2eq", "g CO2eq/kWh", "measured kWh"] {
        #expect(page.contains(unit), "missing unit \(unit)")
    }
    #expect(page.contains("cluster total"))
    #expect(page.contains("A retrain emits least in FRA"))
    #expect(page.contains("11 epochs"), "the plan's actual epochs")
    #expect(page.contains("greenest placement saves"))
    #expect(page.contains("Retrain plan job-8 of job job-1"))
}

@Test func htmlReportFlagsExtrapolatedEstimates() throws {
    let ranking = try PlanFixtures.ranking([PlanFixtures.row("far", "gaussian:0.9", kwh: 2, extrapolated: true)])
    let page = HTMLReport.render(ranking: ranking)
    #expect(page.contains("<span class=\"flag\">extrapolated</span>"))
    #expect(page.contains("bar extrapolated"))
}

@Test func htmlReportNeedsNoNetwork() throws {
    let page = HTMLReport.render(ranking: try ReportFixtures.fleetRanking(), plans: [try ReportFixtures.planOutcome()])
    let namespace = "http://www.w3.org/2000/svg"
    #expect(occurrences(of: "http", in: page) == occurrences(of: namespace, in: page))
    #expect(occurrences(of: "<svg", in: page) == 3)
    for external in ["src=", "href=", "<link", "@import", "url("] {
        #expect(!page.contains(external), "the page refers to something outside it: \(external)")
    }
}

@Test func htmlReportEscapesModelNamesInTablesChartsAndTitles() throws {
    let page = HTMLReport.render(ranking: try ReportFixtures.fleetRanking(named: "a<b&\"c\"'"))
    #expect(!page.contains("a<b&\"c\""))
    #expect(page.contains("<td>a&lt;b&amp;&quot;c&quot;&#39;</td>"))
    #expect(page.contains("<h3>a&lt;b&amp;&quot;c&quot;&#39;</h3>"))
    #expect(page.contains("aria-label=\"calibration of a&lt;b&amp;&quot;c&quot;&#39;: measured kWh against preindex\""))
}

@Test func calibrationScatterHoldsThePointsAndTheFittedLineOverTheRange() throws {
    let ranking = try ReportFixtures.fleetRanking()
    let scatter = try #require(ranking.calibrations.first { $0.model == "cnn" }?.scatter)
    #expect(scatter.predictor == "preindex")
    #expect(scatter.samples.map(\.predictor) == FleetFixtures.calibrationIndices(5))
    #expect(scatter.samples.map(\.kilowattHours) == FleetFixtures.calibrationIndices(5).map { 3 * $0 })
    let first = try #require(scatter.curve.first), last = try #require(scatter.curve.last)
    #expect(scatter.curve.count == 41)
    #expect(abs(first.predictor - 0.1) < 1e-12 && abs(last.predictor - 0.5) < 1e-12)
    // kWh = 3 · index exactly: the fit and its interval lie on the line.
    for point in scatter.curve {
        #expect(abs(point.kilowattHours - 3 * point.predictor) < 1e-6)
        #expect(point.low <= point.kilowattHours + 1e-9 && point.high >= point.kilowattHours - 1e-9)
    }
    #expect(ranking.calibrations.first { $0.model == "tiny" }?.scatter == nil)
}

@Test func rankingJSONWithoutCalibrationPointsStillReadsAndRenders() throws {
    let ranking = try ReportFixtures.fleetRanking(named: "mlp")
    var object = try #require(JSONSerialization.jsonObject(with: ranking.jsonData()) as? [String: Any])
    let calibrations = try #require(object["calibrations"] as? [[String: Any]])
    object["calibrations"] = calibrations.map { $0.filter { $0.key != "scatter" } }
    let old = try Ranking(jsonData: JSONSerialization.data(withJSONObject: object))
    #expect(old.calibrations.allSatisfy { $0.scatter == nil })
    #expect(old.calibrations.map(\.fits) == ranking.calibrations.map(\.fits))
    let page = HTMLReport.render(ranking: old)
    #expect(occurrences(of: "<svg", in: page) == 1, "only the bars: no points to scatter")
    #expect(page.contains("its calibration points were not recorded"))
}

@Test func htmlReportShowsTheDepthTradeOffOfACooperativeModelOnlyWhenThereIsOne() throws {
    let members = try [3, 1].map { depth in
        var member = try FleetFixtures.member("coop@\(depth)")
        member.megaFLOPs = depth == 3 ? 25 : 10
        return member
    }
    let ranking = try Ranking(members: members, nodes: FleetFixtures.nodes)
    let html = HTMLReport.render(ranking: ranking)
    let document = try parse(html)
    #expect(try count(document, "//section[@id='depths']//table//tbody/tr") == 2)
    #expect(html.contains("Depth 1 needs 40 % of depth 3"))
    #expect(!HTMLReport.render(ranking: try ReportFixtures.fleetRanking()).contains("id=\"depths\""))
}

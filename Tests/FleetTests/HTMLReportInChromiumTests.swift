import Fleet
import Foundation
import Reports
import Testing

/// A script added after the page's own: it reads what the browser built (after the page's script ran), clicks the
/// ranking's energy header twice, and leaves what it found as JSON in `<pre id="probe">`.
private let probe = """
    <script>
    (function () {
      var count = function (selector) { return document.querySelectorAll(selector).length; };
      var ranking = document.querySelector("#ranking table");
      var energy = ranking.tHead.rows[0].cells[4];
      var keys = function () {
        return Array.prototype.map.call(ranking.tBodies[0].rows, function (row) {
          var sort = row.cells[4].getAttribute("data-sort");
          return sort === null ? null : parseFloat(sort);
        });
      };
      var found = {
        rankingRows: count("#ranking tbody tr"),
        sortableTables: count("table.sortable"),
        readyTables: count("table.sortable.sort-ready"),
        calibrationCharts: count("#calibration svg"),
        points: count("#calibration svg circle.point"),
        estimateCharts: count("#estimates svg"),
        bars: count("#estimates svg rect.bar"),
        planRows: count("section[id^='plan-'] tbody tr"),
        emptyCharts: Array.prototype.filter.call(document.querySelectorAll("svg"), function (svg) {
          var box = svg.getBoundingClientRect();
          return !(box.width > 0 && box.height > 0);
        }).length
      };
      energy.click();
      found.ascending = keys();
      found.ascendingClass = energy.className;
      energy.click();
      found.descending = keys();
      found.descendingClass = energy.className;
      var pre = document.createElement("pre");
      pre.id = "probe";
      pre.textContent = JSON.stringify(found);
      document.body.appendChild(pre);
    })();
    </script>
    """

/// What the probe found.
private struct Probe: Decodable {
    var rankingRows, sortableTables, readyTables, calibrationCharts, points, estimateCharts, bars, planRows: Int
    var emptyCharts: Int
    var ascending, descending: [Double?]
    var ascendingClass, descendingClass: String
}

/// The report as the HTML tests render it, written to a temporary file.
private func writeReport(_ page: String, named name: String) throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("preindex-\(UUID().uuidString)-\(name)")
    try Data(page.utf8).write(to: url)
    return url
}

/// The text of `<pre id="probe">` in chromium's `--dump-dom` output, unescaped.
private func probeResult(in dom: String) throws -> Probe {
    let start = try #require(dom.range(of: "<pre id=\"probe\">"), "the probe did not run:\n\(dom.suffix(2000))")
    let end = try #require(dom.range(of: "</pre>", range: start.upperBound..<dom.endIndex))
    let json = dom[start.upperBound..<end.lowerBound].replacingOccurrences(of: "&lt;", with: "<")
        .replacingOccurrences(of: "&gt;", with: ">").replacingOccurrences(of: "&amp;", with: "&")
    return try JSONDecoder().decode(Probe.self, from: Data(json.utf8))
}

/// Whether the numbers come in `order` with the rows without a number after them.
private func isSorted(_ keys: [Double?], by order: (Double, Double) -> Bool, missingLast: Bool) -> Bool {
    let numbers = keys.compactMap { $0 }
    let missing = keys.filter { $0 == nil }.count
    let placed = missingLast ? keys.prefix(numbers.count).allSatisfy { $0 != nil } : keys.suffix(numbers.count).allSatisfy { $0 != nil }
    return placed && missing + numbers.count == keys.count && zip(numbers, numbers.dropFirst()).allSatisfy { !order($1, $0) }
}

/// Where `make test` leaves the page and its screenshot for people to look at: the package's `.build` folder.
private func buildFolder(file: String = #filePath) -> URL {
    URL(fileURLWithPath: file).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent(".build")
}

@Suite(.enabled(if: HeadlessChromium.installed != nil, "chromium not found: `make deps` installs Debian's chromium package"))
struct HTMLReportInChromiumTests {
    let chromium = HeadlessChromium.installed!

    @Test func reportRendersInChromiumWithEveryElementAndSortsWithoutConsoleErrors() throws {
        let ranking = try ReportFixtures.fleetRanking()
        let page = HTMLReport.render(ranking: ranking, plans: [try ReportFixtures.planOutcome()])
        let url = try writeReport(page.replacingOccurrences(of: "</body>", with: probe + "\n</body>"), named: "probe.html")
        defer { try? FileManager.default.removeItem(at: url) }

        let output = try chromium.run(url, ["--dump-dom"])
        #expect(output.status == 0, "\(output.stderr.suffix(2000))")
        #expect(output.consoleMessages.isEmpty, "the page logged: \(output.consoleMessages)")
        let found = try probeResult(in: output.stdout)
        #expect(found.rankingRows == ranking.rows.count)
        #expect(found.sortableTables == 3 && found.readyTables == 3, "the page's script made every table sortable")
        #expect(found.calibrationCharts == 2 && found.points == 11)
        #expect(found.estimateCharts == 1 && found.bars == ranking.rows.filter { $0.kilowattHours != nil }.count)
        #expect(found.planRows == 2)
        #expect(found.emptyCharts == 0, "every chart takes space on the page")
        #expect(found.ascendingClass == "sorted-up" && found.descendingClass == "sorted-down")
        #expect(isSorted(found.ascending, by: <, missingLast: true), "\(found.ascending)")
        #expect(isSorted(found.descending, by: >, missingLast: false), "\(found.descending)")
    }

    @Test func aScriptErrorInThePageIsCaughtAsAConsoleMessage() throws {
        let page = HTMLReport.render(ranking: try ReportFixtures.fleetRanking())
            .replacingOccurrences(of: "<script>\n", with: "<script>\nnoSuchFunction();\n")
        let url = try writeReport(page, named: "broken.html")
        defer { try? FileManager.default.removeItem(at: url) }
        let output = try chromium.run(url, ["--dump-dom"])
        #expect(output.consoleMessages.contains { $0.contains("Uncaught ReferenceError") }, "\(output.stderr.suffix(2000))")
    }

    @Test func reportScreenshotIsWrittenForPeopleToLookAt() throws {
        let page = HTMLReport.render(ranking: try ReportFixtures.fleetRanking(), plans: [try ReportFixtures.planOutcome()])
        let folder = buildFolder()
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let url = folder.appendingPathComponent("report.html")
        try Data(page.utf8).write(to: url)
        let path = folder.appendingPathComponent("report.png").path
        try? FileManager.default.removeItem(atPath: path)
        let output = try chromium.run(url, ["--screenshot=" + path, "--window-size=1280,2400"])
        #expect(output.status == 0, "\(output.stderr.suffix(2000))")
        #expect(output.consoleMessages.isEmpty, "the page logged: \(output.consoleMessages)")
        let png = try Data(contentsOf: URL(fileURLWithPath: path))
        #expect(png.starts(with: [0x89, 0x50, 0x4E, 0x47]), "a PNG")
        #expect(png.count > 20_000, "more than a blank page: \(png.count) bytes")
    }
}

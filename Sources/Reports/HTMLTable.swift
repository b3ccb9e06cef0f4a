/// A table for the HTML report whose columns sort on a click of their header.
///
/// Every cell carries its text (escaped when rendered) and, for numbers, the value to sort by, so `1.2 kWh` sorts
/// below `10 kWh`; footer rows (totals) stay at the bottom, outside the sorted body. A table wider than the page
/// scrolls sideways inside its own box instead of widening the page.
struct HTMLTable {
    /// One cell: what it shows, the number it sorts by, and an optional flag shown with it (`extrapolated`; under a number).
    struct Cell {
        var text: String
        var sortKey: Double?
        var flag: String?

        init(_ text: String, sortKey: Double? = nil, flag: String? = nil) {
            self.text = text
            self.sortKey = sortKey
            self.flag = flag
        }
    }

    var header: [String]
    var rows: [[Cell]]
    var footer: [[Cell]] = []

    /// The table's HTML in its scrolling box, its body rows one `<tr>` each.
    var rendered: String {
        var html = "<div class=\"table-scroll\">\n<table class=\"sortable\">\n<thead><tr>"
        html += header.map { "<th title=\"click to sort\">\(HTMLText.escape($0))</th>" }.joined()
        html += "</tr></thead>\n<tbody>\n"
        for row in rows { html += Self.row(row) }
        html += "</tbody>\n"
        if !footer.isEmpty { html += "<tfoot>\n" + footer.map(Self.row).joined() + "</tfoot>\n" }
        return html + "</table>\n</div>\n"
    }

    private static func row(_ cells: [Cell]) -> String {
        "<tr>" + cells.map(cell).joined() + "</tr>\n"
    }

    private static func cell(_ cell: Cell) -> String {
        let sort = cell.sortKey.flatMap { $0.isFinite ? " data-sort=\"\($0)\" class=\"number\"" : nil } ?? ""
        let flag = cell.flag.map { " <span class=\"flag\">\(HTMLText.escape($0))</span>" } ?? ""
        return "<td\(sort)>\(HTMLText.escape(cell.text))\(flag)</td>"
    }
}

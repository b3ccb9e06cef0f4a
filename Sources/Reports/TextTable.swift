/// A plain-text table with a header row and columns padded to their widest cell.
///
/// The first column is left-aligned (names), every other one right-aligned (numbers), two spaces
/// apart. Widths count characters, so a cell with combining marks or wide glyphs may misalign;
/// the tables PreIndex prints hold names and numbers.
public struct TextTable: Sendable {
    /// The column titles; every row has as many cells.
    public var header: [String]
    /// The body, one array of cells per line.
    public var rows: [[String]]

    /// An empty table with these column titles.
    public init(header: [String], rows: [[String]] = []) {
        self.header = header
        self.rows = rows
    }

    /// The table as lines joined by `\n`, without a trailing newline; a row shorter than the
    /// header leaves its last cells empty, cells beyond the header are dropped.
    public var rendered: String {
        let body = rows.map { row in header.indices.map { $0 < row.count ? row[$0] : "" } }
        let widths = header.indices.map { column in
            ([header] + body).map { $0[column].count }.max() ?? 0
        }
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { column, cell in
                let padding = String(repeating: " ", count: widths[column] - cell.count)
                return column == 0 ? cell + padding : padding + cell
            }.joined(separator: "  ")
        }
        return ([line(header)] + body.map(line)).joined(separator: "\n")
    }
}

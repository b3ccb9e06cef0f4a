import Fleet
import Reports
import Testing

@Test func csvQuotesFieldsWithCommasQuotesAndLineBreaks() {
    #expect(CSV.field("plain") == "plain")
    #expect(CSV.field("a,\"b\"") == "\"a,\"\"b\"\"\"")
    #expect(CSV.field("two\nlines") == "\"two\nlines\"")
    #expect(CSV.record(["x", "y,z"]) == "x,\"y,z\"\n")
}

@Test func rankingCSVHasOneHeaderAndOneRecordPerRowWithQuotedNames() throws {
    let name = "resnet, \"v2\""
    let ranking = try Ranking(members: [FleetFixtures.member(name)], nodes: FleetFixtures.nodes)
    let records = parseCSV(RankingCSV.render(ranking))
    #expect(records.count == 1 + ranking.rows.count)
    #expect(records.first == RankingCSV.header)
    #expect(RankingCSV.header.contains("kwh_low") && RankingCSV.header.contains("kwh_high"))
    for (record, row) in zip(records.dropFirst(), ranking.rows) {
        #expect(record.count == RankingCSV.header.count)
        #expect(record[0] == name && record[2] == row.shift)
        let low = try #require(RankingCSV.header.firstIndex(of: "kwh_low"))
        #expect(Double(record[low]) == row.kilowattHours?.low)
    }
}

/// A reader of RFC 4180 records (quoted fields, doubled quotes, `\n` line ends), to check the writer.
private func parseCSV(_ text: String) -> [[String]] {
    let characters = Array(text)
    var records: [[String]] = [], fields: [String] = [], field = "", quoted = false, i = 0
    while i < characters.count {
        let c = characters[i]
        i += 1
        if quoted {
            if c != "\"" {
                field.append(c)
            } else if i < characters.count && characters[i] == "\"" {
                field.append(c)
                i += 1
            } else {
                quoted = false
            }
        } else if c == "\"" {
            quoted = true
        } else if c == "," {
            fields.append(field)
            field = ""
        } else if c == "\n" {
            records.append(fields + [field])
            fields = []
            field = ""
        } else {
            field.append(c)
        }
    }
    return records
}

@Test func textTableShowsEveryRowTheNodesTheTotalAndTheGreenestRegion() throws {
    let ranking = try Ranking(
        jobID: "job-7", members: [FleetFixtures.member("alpha"), FleetFixtures.member("beta", points: FleetFixtures.points(count: 2))],
        nodes: FleetFixtures.nodes)
    let text = RankingTable.render(ranking)
    let lines = text.split(separator: "\n")
    for row in ranking.rows {
        #expect(lines.contains { $0.hasPrefix(row.model) && $0.contains(row.shift) }, "row \(row.model) \(row.shift)")
    }
    #expect(lines.contains { $0.hasPrefix("w1") && $0.contains("FRA") })
    #expect(lines.contains { $0.hasPrefix("total") && $0.contains("12") })
    #expect(text.contains("A retrain emits least in FRA (56 g/kWh)"))
    #expect(text.contains("job-7"))
    #expect(text.contains("note: beta has no estimates"))
}

@Test func textTablePadsColumnsToTheWidestCell() {
    let table = TextTable(header: ["name", "n"], rows: [["a", "10"], ["longer"]])
    #expect(table.rendered == "name     n\na       10\nlonger    ")
}

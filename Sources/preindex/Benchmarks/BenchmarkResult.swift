/// One line of a benchmark's output: a measured figure and, where it has one, its reference.
struct BenchmarkResult: Codable, Sendable {
    var name: String
    var value: Double
    var unit: String
    /// `value` as a fraction of the reference measured in the same run (e.g. of the sgemm peak).
    var ratio: Double?
    var reference: String?

    /// The line as printed in a table.
    var line: String {
        let figure = "\(name.padding(toLength: 44, withPad: " ", startingAt: 0)) \(format(value)) \(unit)"
        guard let ratio, let reference else { return figure }
        return figure.padding(toLength: 72, withPad: " ", startingAt: 0) + "\(format(ratio * 100))% of \(reference)"
    }

    private func format(_ x: Double) -> String {
        x >= 100 ? String(Int(x.rounded())) : String(Double(Int((x * 100).rounded())) / 100)
    }
}

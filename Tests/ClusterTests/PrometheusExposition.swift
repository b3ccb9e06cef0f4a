/// Prometheus' text exposition format read loosely, for the metrics tests: each sample line `name{labels} value`.
struct PrometheusExposition {
    /// One sample: a metric name, its labels and its value.
    struct Sample: Equatable {
        var name: String
        var labels: [String: String]
        var value: Double
    }

    /// A line that is neither a comment, blank, nor a sample.
    struct Malformed: Error, CustomStringConvertible {
        var line: String
        var description: String { "not a sample line of the exposition format: \(line)" }
    }

    /// Every sample, in order.
    var samples: [Sample]

    /// Parses `text`; `# HELP` / `# TYPE` comments and blank lines are skipped.
    init(_ text: String) throws {
        samples = []
        for line in text.split(separator: "\n", omittingEmptySubsequences: true) where !line.hasPrefix("#") {
            samples.append(try Self.sample(String(line)))
        }
    }

    /// The value of the sample `name` whose labels include `labels`, if exactly one matches.
    func value(_ name: String, _ labels: [String: String] = [:]) -> Double? {
        let matches = samples.filter { sample in
            sample.name == name && labels.allSatisfy { sample.labels[$0.key] == $0.value }
        }
        return matches.count == 1 ? matches[0].value : nil
    }

    private static func sample(_ line: String) throws -> Sample {
        let namePattern = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{(.*)\})? ([^ ]+)( [0-9]+)?$/
        guard let match = line.wholeMatch(of: namePattern) else { throw Malformed(line: line) }
        var labels: [String: String] = [:]
        if let body = match.output.3, !body.isEmpty {
            for pair in body.matches(of: /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/) {
                labels[String(pair.output.1)] = String(pair.output.2)
            }
        }
        let text = String(match.output.4)
        let value: Double? =
            switch text {
            case "+Inf": .infinity
            case "-Inf": -.infinity
            case "NaN": .nan
            default: Double(text)
            }
        guard let value else { throw Malformed(line: line) }
        return Sample(name: String(match.output.1), labels: labels, value: value)
    }
}

import Foundation

/// Which single number is reported as `preindex`: one component, or a linear combination.
///
/// Component names:
/// ```
/// p.<distance>.<bins>      p.js.64 (the default), p.w1.16, p.bhattacharyya.32, p.kl.64, …
/// p.w1_principled.<bins>   W1 over bin centres
/// inv_ari.clean | inv_ari.shifted_own | inv_ari.shifted_clean
/// inv_ari.delta            inv_ari.shifted_clean − inv_ari.clean
/// arm
/// accuracy.drop            clean accuracy − shifted accuracy (the cheap baseline)
/// ```
/// A combination is a sum of terms `[coefficient*]name`, e.g. `p.js.64 + 0.03*inv_ari.delta`.
public struct Formula: Hashable, Sendable, Codable, CustomStringConvertible {
    public let terms: [(coefficient: Double, component: String)]

    /// The default: `p.js.64`, which tracked retraining cost best in our experiments (DESIGN.md).
    public static let `default` = try! Formula(parsing: "p.js.64")

    public init(parsing text: String) throws(MeasureError) {
        var terms: [(Double, String)] = []
        let normalized = text.replacingOccurrences(of: " ", with: "").replacingOccurrences(of: "-", with: "+-")
        for raw in normalized.split(separator: "+", omittingEmptySubsequences: true) {
            var coefficient = 1.0
            var name = String(raw)
            if let star = name.firstIndex(of: "*") {
                guard let value = Double(name[..<star]) else {
                    throw MeasureError(.invalidFormula, "'\(name[..<star])' in formula '\(text)' is not a number")
                }
                coefficient = value
                name = String(name[name.index(after: star)...])
            } else if name.hasPrefix("-") {
                coefficient = -1
                name.removeFirst()
            }
            guard Self.componentNames.contains(name) else {
                throw MeasureError(
                    .invalidFormula,
                    "unknown component '\(name)' in formula '\(text)'; known: \(Self.componentNames.joined(separator: ", "))")
            }
            terms.append((coefficient, name))
        }
        guard !terms.isEmpty else { throw MeasureError(.invalidFormula, "the formula is empty") }
        self.terms = terms
    }

    /// Every component a formula may name.
    public static let componentNames: [String] =
        PreIndexComponents.binCounts.flatMap { bins in
            (Distance.allCases.map(\.rawValue) + ["w1_principled"]).map { "p.\($0).\(bins)" }
        } + ["inv_ari.clean", "inv_ari.shifted_own", "inv_ari.shifted_clean", "inv_ari.delta", "arm", "accuracy.drop"]

    /// The formula's value given a lookup of component values.
    public func evaluate(_ component: (String) -> Double) -> Double {
        terms.reduce(0) { $0 + $1.coefficient * component($1.component) }
    }

    public var description: String {
        terms.enumerated().map { index, term in
            let sign = term.coefficient < 0 ? (index == 0 ? "-" : " - ") : (index == 0 ? "" : " + ")
            let magnitude = abs(term.coefficient)
            return sign + (magnitude == 1 ? "" : "\(magnitude)*") + term.component
        }.joined()
    }

    public static func == (a: Formula, b: Formula) -> Bool { a.description == b.description }
    public func hash(into hasher: inout Hasher) { hasher.combine(description) }

    public init(from decoder: any Decoder) throws {
        try self.init(parsing: try decoder.singleValueContainer().decode(String.self))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}

import Foundation

/// How reports write numbers.
enum NumberText {
    /// Three significant digits for tables (`0.0123`, `4.56e+03`); `nan`/`inf` spelled out.
    static func short(_ value: Double) -> String {
        value.isFinite ? String(format: "%.3g", value) : exact(value)
    }

    /// The shortest text that reads back as the same `Double`, for machine-readable output.
    static func exact(_ value: Double) -> String {
        if value.isNaN { return "nan" }
        if value.isInfinite { return value > 0 ? "inf" : "-inf" }
        return "\(value)"
    }
}

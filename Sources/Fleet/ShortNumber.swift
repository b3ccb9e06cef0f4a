import Foundation

/// A number with three significant digits (`0.0123`, `4.56e+03`), as reasons and notes write them.
func shortNumber(_ value: Double) -> String { String(format: "%.3g", value) }

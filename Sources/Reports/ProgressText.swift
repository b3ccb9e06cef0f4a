import Foundation

/// One reading of a long task's progress as text: `42%  1234 images/s  ETA 1m23s`.
///
/// Pure: the caller supplies how much is done, of how much, and the (smoothed) rate; ``ProgressRate`` keeps such
/// a rate. Each part is left out when it cannot be known: the percent without a total, the rate before a first
/// measurement, the ETA without a total or while nothing advances.
public struct ProgressText: Sendable, Hashable {
    /// Items done so far.
    public var completed: Double
    /// Items in all, when known.
    public var total: Double?
    /// Items per second, when measured.
    public var rate: Double?
    /// What an item is, plural: `images`, `tasks`, `samples`.
    public var unit: String

    /// A reading of `completed` of `total` items at `rate` items per second.
    public init(completed: Double, total: Double?, rate: Double?, unit: String) {
        self.completed = completed
        self.total = total
        self.rate = rate
        self.unit = unit
    }

    /// The share done, in 0…1; `nil` without a positive total.
    public var fraction: Double? {
        guard let total, total > 0, completed.isFinite else { return nil }
        return min(max(completed / total, 0), 1)
    }

    /// `42%`, rounded down so that 100% means finished.
    public var percent: String? {
        fraction.map { "\(Int(($0 * 100).rounded(.down)))%" }
    }

    /// `1234 images/s`, `12.5 tasks/s`, `0.05 tasks/s`.
    public var rateText: String? {
        guard let rate, rate.isFinite, rate >= 0 else { return nil }
        return Self.number(rate) + " \(unit)/s"
    }

    /// `ETA 1m23s`: what is left at the current rate.
    public var eta: String? {
        guard let total, let rate, rate > 0, rate.isFinite, completed.isFinite else { return nil }
        let seconds = max(total - completed, 0) / rate
        return Self.duration(seconds: seconds).map { "ETA " + $0 }
    }

    /// The known parts, two spaces apart.
    public var rendered: String {
        [percent, rateText, eta].compactMap { $0 }.joined(separator: "  ")
    }

    /// A duration as a person reads it: `7s`, `1m23s`, `2h05m`; `nil` for a negative or non-finite one, `>99h`
    /// beyond 99 hours.
    public static func duration(seconds: Double) -> String? {
        guard seconds.isFinite, seconds >= 0 else { return nil }
        let whole = Int(seconds.rounded(.up))
        switch whole {
        case ..<60: return "\(whole)s"
        case ..<3600: return "\(whole / 60)m" + twoDigits(whole % 60) + "s"
        case ..<(100 * 3600): return "\(whole / 3600)h" + twoDigits(whole % 3600 / 60) + "m"
        default: return ">99h"
        }
    }

    /// A rate with as many decimals as make it readable: `1234`, `12.5`, `3.14`, `0.05`, `0.0012`.
    static func number(_ value: Double) -> String {
        switch value {
        case 100...: String(format: "%.0f", value)
        case 10...: String(format: "%.1f", value)
        case 0.1...: String(format: "%.2f", value)
        case 0: "0"
        default: String(format: "%.2g", value)
        }
    }

    private static func twoDigits(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
}

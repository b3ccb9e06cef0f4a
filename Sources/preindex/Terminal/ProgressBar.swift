import Foundation
import Reports

/// Progress on standard error, so standard output keeps only results (`--json` stays clean JSON).
///
/// On a terminal: a bar redrawn in place, at most ten times a second, with the percent, the rate in the caller's
/// unit (`images/s`, `samples/s`, `tasks/s`), the ETA from the smoothed rate, and the caller's status, cut to the
/// terminal's width so that it never wraps. Elsewhere (logs, CI): the same without the bar as a plain line at most
/// every ``plainInterval`` seconds. ``finish(_:)`` lines (an epoch's metrics, a job's end) are printed in both
/// cases. Quiet (`--quiet`) prints nothing at all. Every command's progress goes through this one type.
struct ProgressBar {
    /// What the caller counts, plural: `images`, `samples`, `tasks`.
    let unit: String
    /// Whether standard error is a terminal.
    let isInteractive: Bool
    /// Whether to print nothing (`--quiet`).
    let isQuiet: Bool
    /// Seconds between plain lines off a terminal.
    let plainInterval: Double
    private let start = ContinuousClock.now
    private var rate: ProgressRate
    private var lastDraw = -Double.infinity
    private var lastPlain = 0.0
    private var lastLength = 0

    /// A bar counting `unit`, its rate smoothed with `halfLife` seconds (longer for work that advances in bursts,
    /// such as a job's tasks); `isInteractive` defaults to whether standard error is a terminal.
    init(
        unit: String, halfLife: Double = 5, quiet: Bool = false, plainInterval: Double = 10,
        isInteractive: Bool = isatty(STDERR_FILENO) == 1
    ) {
        self.unit = unit
        self.rate = ProgressRate(halfLife: halfLife)
        self.isQuiet = quiet
        self.plainInterval = plainInterval
        self.isInteractive = isInteractive
    }

    /// Records that `completed` of `total` (when known) items are done and shows it with `status`.
    ///
    /// The count may start again from zero (a new epoch); the rate carries over.
    mutating func update(completed: Double, of total: Double?, _ status: String) {
        guard !isQuiet else { return }
        let now = elapsedSeconds
        rate.record(completed: completed, at: now)
        let text = ProgressText(completed: completed, total: total, rate: rate.itemsPerSecond, unit: unit)
        if isInteractive {
            guard now - lastDraw >= 0.1 || text.fraction == 1 else { return }
            lastDraw = now
            draw(Self.bar(text.fraction) + Self.line(text, status))
        } else if now - lastPlain >= plainInterval {
            lastPlain = now
            write(Self.line(text, status) + "\n")
        }
    }

    /// Ends the bar's line with `line` (terminal) or prints `line` as a plain line (elsewhere).
    mutating func finish(_ line: String) {
        guard !isQuiet else { return }
        if isInteractive {
            draw(line)
            write("\n")
            lastLength = 0
        } else {
            write(line + "\n")
        }
    }

    /// `42%  1234 images/s  ETA 1m23s  status`, leaving out what is not known.
    static func line(_ text: ProgressText, _ status: String) -> String {
        [text.rendered, status].filter { !$0.isEmpty }.joined(separator: "  ")
    }

    /// `[████████····] ` for a known fraction, nothing otherwise.
    static func bar(_ fraction: Double?) -> String {
        guard let fraction else { return "" }
        let width = 24
        let filled = Int((fraction * Double(width)).rounded())
        return "[" + String(repeating: "█", count: filled) + String(repeating: "·", count: width - filled) + "] "
    }

    private var elapsedSeconds: Double {
        let elapsed = start.duration(to: .now).components
        return Double(elapsed.seconds) + Double(elapsed.attoseconds) * 1e-18
    }

    /// Replaces the current terminal line with `line`, cut to the terminal's width.
    private mutating func draw(_ line: String) {
        let line = String(line.prefix(max(Self.terminalColumns() - 1, 20)))
        let padding = max(0, lastLength - line.count)
        lastLength = line.count
        write("\r" + line + String(repeating: " ", count: padding))
    }

    /// The width of the terminal on standard error; 80 when it cannot be told.
    private static func terminalColumns() -> Int {
        var size = winsize()
        guard ioctl(STDERR_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 else { return 80 }
        return Int(size.ws_col)
    }

    private func write(_ text: String) {
        FileHandle.standardError.write(Data(text.utf8))
    }
}

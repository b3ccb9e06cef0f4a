import Foundation

/// Progress on standard error: a bar redrawn in place on a terminal, plain lines otherwise
/// (logs, CI), so piped output stays readable.
struct ProgressBar {
    /// Whether standard error is a terminal.
    let isInteractive: Bool
    private var lastDraw = 0.0
    private var lastLength = 0

    init(isInteractive: Bool = isatty(STDERR_FILENO) == 1) {
        self.isInteractive = isInteractive
    }

    /// Redraws the bar at `fraction` (0…1) followed by `status`, at most ten times a second.
    mutating func update(fraction: Double?, _ status: String) {
        guard isInteractive else { return }
        let now = Date().timeIntervalSince1970
        guard now - lastDraw >= 0.1 || fraction == 1 else { return }
        lastDraw = now
        draw(fraction: fraction, status)
    }

    /// Replaces the current terminal line with the bar and `status`.
    private mutating func draw(fraction: Double?, _ status: String) {
        var line = ""
        if let fraction {
            let width = 24
            let filled = Int((min(max(fraction, 0), 1) * Double(width)).rounded())
            line = "[" + String(repeating: "█", count: filled) + String(repeating: "·", count: width - filled) + "] "
        }
        line += status
        let padding = max(0, lastLength - line.count)
        lastLength = line.count
        FileHandle.standardError.write(Data(("\r" + line + String(repeating: " ", count: padding)).utf8))
    }

    /// Ends the bar's line (terminal) or prints `line` as a plain line (elsewhere).
    mutating func finish(_ line: String) {
        if isInteractive {
            draw(fraction: nil, line)
            FileHandle.standardError.write(Data("\n".utf8))
            lastLength = 0
        } else {
            FileHandle.standardError.write(Data((line + "\n").utf8))
        }
    }
}

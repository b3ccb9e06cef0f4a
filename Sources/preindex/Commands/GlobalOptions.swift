import ArgumentParser
import Logging
import Tensors

/// Flags every command takes.
struct GlobalOptions: ParsableArguments {
    @Flag(name: .shortAndLong, help: "Log debug details to standard error.")
    var verbose = false

    @Option(name: .long, help: "Compute threads (default: all cores).")
    var threads: Int?

    @Flag(name: .shortAndLong, help: "Show no progress (results and errors are still printed).")
    var quiet = false

    @Option(help: "Seconds between progress lines when standard error is not a terminal.")
    var progressInterval: Double = 10

    func validate() throws {
        if let threads, threads < 1 { throw ValidationError("--threads must be at least 1, got \(threads)") }
        guard progressInterval >= 0, progressInterval.isFinite else {
            throw ValidationError("--progress-interval must be a number of seconds ≥ 0, got \(progressInterval)")
        }
    }

    /// The progress display for a command counting `unit` (`images`, `samples`, `tasks`), its rate smoothed with
    /// `halfLife` seconds, as `--quiet` and `--progress-interval` ask.
    func progressBar(unit: String, halfLife: Double = 5) -> ProgressBar {
        ProgressBar(unit: unit, halfLife: halfLife, quiet: quiet, plainInterval: progressInterval)
    }

    /// The process's one logger (level `notice`, `debug` with `--verbose`); also applies `--threads`.
    func makeLogger() -> Logger {
        if let threads { Compute.threadCount = threads }
        var logger = Logger(label: "preindex")
        logger.logLevel = verbose ? .debug : .notice
        return logger
    }
}

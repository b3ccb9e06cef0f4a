import ArgumentParser
import Logging
import Tensors

/// Flags every command takes.
struct GlobalOptions: ParsableArguments {
    @Flag(name: .shortAndLong, help: "Log debug details to standard error.")
    var verbose = false

    @Option(name: .long, help: "Compute threads (default: all cores).")
    var threads: Int?

    func validate() throws {
        if let threads, threads < 1 { throw ValidationError("--threads must be at least 1, got \(threads)") }
    }

    /// The process's one logger (level `notice`, `debug` with `--verbose`); also applies `--threads`.
    func makeLogger() -> Logger {
        if let threads { Compute.threadCount = threads }
        var logger = Logger(label: "preindex")
        logger.logLevel = verbose ? .debug : .notice
        return logger
    }
}

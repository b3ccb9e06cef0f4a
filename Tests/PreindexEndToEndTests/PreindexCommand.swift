import Foundation

/// The built `preindex` binary: the test executable's neighbour in the build folder.
let preindexExecutable = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
    .deletingLastPathComponent().appendingPathComponent("preindex")

/// What a finished command printed, and how it ended.
struct CommandOutput {
    /// The exit status; for a command killed by a signal, the signal's number.
    var status: Int32
    var stdout: String
    var stderr: String
}

/// A command that did not finish in time; it was killed.
struct CommandTimeoutError: Error, CustomStringConvertible {
    var command: String
    var timeout: Duration
    var description: String { "`\(command)` did not finish within \(timeout) and was killed" }
}

/// Runs the built `preindex` binary with `arguments` and captures its output.
func preindex(_ arguments: String...) throws -> CommandOutput {
    try runCommand(preindexExecutable, arguments)
}

/// Runs `executable` with `arguments` to its end and captures its output; kills it after `timeout`.
///
/// Output goes through files, not pipes, so that a command writing much to both streams cannot block.
/// - Parameter environment: Variables to set or replace in the test's environment for this command (`HOME`).
func runCommand(
    _ executable: URL, _ arguments: [String], timeout: Duration = .seconds(120), environment: [String: String] = [:]
) throws -> CommandOutput {
    let base = FileManager.default.temporaryDirectory.appendingPathComponent("preindex-run-\(UUID().uuidString)").path
    let outPath = base + ".out", errPath = base + ".err"
    _ = FileManager.default.createFile(atPath: outPath, contents: nil)
    _ = FileManager.default.createFile(atPath: errPath, contents: nil)
    defer {
        try? FileManager.default.removeItem(atPath: outPath)
        try? FileManager.default.removeItem(atPath: errPath)
    }
    let process = Process()
    process.executableURL = executable
    process.arguments = arguments
    if !environment.isEmpty {
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { _, new in new }
    }
    let out = try FileHandle(forWritingTo: URL(fileURLWithPath: outPath))
    let err = try FileHandle(forWritingTo: URL(fileURLWithPath: errPath))
    defer {
        try? out.close()
        try? err.close()
    }
    process.standardOutput = out
    process.standardError = err
    try process.run()
    let deadline = ContinuousClock.now.advanced(by: timeout)
    while process.isRunning && ContinuousClock.now < deadline {
        Thread.sleep(forTimeInterval: 0.02)
    }
    if process.isRunning {
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        throw CommandTimeoutError(
            command: ([executable.lastPathComponent] + arguments).joined(separator: " "), timeout: timeout)
    }
    process.waitUntilExit()
    let stdout = (try? String(contentsOfFile: outPath, encoding: .utf8)) ?? ""
    let stderr = (try? String(contentsOfFile: errPath, encoding: .utf8)) ?? ""
    return CommandOutput(status: process.terminationStatus, stdout: stdout, stderr: stderr)
}

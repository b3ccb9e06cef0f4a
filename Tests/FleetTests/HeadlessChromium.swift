import Foundation

/// Debian's `chromium` run headless on a local page, for tests that check the HTML report in a real browser.
struct HeadlessChromium: Sendable {
    /// The browser's executable.
    var executable: String

    /// The first of `$CHROMIUM`, `chromium` and `chromium-browser` found (the latter two on the `PATH`); `nil`
    /// when none is installed.
    static let installed: HeadlessChromium? = {
        let environment = ProcessInfo.processInfo.environment
        if let path = environment["CHROMIUM"], FileManager.default.isExecutableFile(atPath: path) {
            return HeadlessChromium(executable: path)
        }
        let directories = (environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":").map(String.init)
        for name in ["chromium", "chromium-browser"] {
            for directory in directories where FileManager.default.isExecutableFile(atPath: directory + "/" + name) {
                return HeadlessChromium(executable: directory + "/" + name)
            }
        }
        return nil
    }()

    /// What one run printed.
    struct Output {
        var status: Int32
        var stdout: String
        var stderr: String

        /// The console messages the page logged (uncaught exceptions, `console.error`, `console.log`), as
        /// chromium logs them to standard error: `…:CONSOLE:12] "Uncaught ReferenceError: …", source: file://…`.
        var consoleMessages: [String] {
            stderr.split(separator: "\n").filter { $0.contains(":CONSOLE") }.map(String.init)
        }
    }

    /// A run that did not end in time; it was killed.
    struct TimeoutError: Error, CustomStringConvertible {
        var timeout: Duration
        var description: String { "chromium did not finish within \(timeout) and was killed" }
    }

    /// Opens `page` headless in a fresh profile with `arguments` (`--dump-dom`, `--screenshot=…`), logging the
    /// page's console to standard error; kills the browser after `timeout`.
    func run(_ page: URL, _ arguments: [String], timeout: Duration = .seconds(30)) throws -> Output {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("chromium-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        let outPath = scratch.appendingPathComponent("stdout").path, errPath = scratch.appendingPathComponent("stderr").path
        _ = FileManager.default.createFile(atPath: outPath, contents: nil)
        _ = FileManager.default.createFile(atPath: errPath, contents: nil)
        let out = try FileHandle(forWritingTo: URL(fileURLWithPath: outPath))
        let err = try FileHandle(forWritingTo: URL(fileURLWithPath: errPath))
        defer {
            try? out.close()
            try? err.close()
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = [
            "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--hide-scrollbars",
            "--user-data-dir=" + scratch.appendingPathComponent("profile").path, "--enable-logging=stderr", "--v=0",
        ] + arguments + [page.absoluteString]
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let deadline = ContinuousClock.now.advanced(by: timeout)
        while process.isRunning && ContinuousClock.now < deadline { Thread.sleep(forTimeInterval: 0.02) }
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            throw TimeoutError(timeout: timeout)
        }
        process.waitUntilExit()
        return Output(
            status: process.terminationStatus, stdout: (try? String(contentsOfFile: outPath, encoding: .utf8)) ?? "",
            stderr: (try? String(contentsOfFile: errPath, encoding: .utf8)) ?? "")
    }
}

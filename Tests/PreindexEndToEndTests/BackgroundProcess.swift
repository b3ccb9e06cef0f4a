import Foundation

/// A long-running command (a coordinator, a worker) started in the background, its standard output and error
/// written to a log file.
///
/// Tests stop it with signals: ``signal(_:)`` for SIGTERM or SIGKILL, ``kill()`` to end it for sure.
final class BackgroundProcess {
    /// A name for messages: "coordinator", "worker w1".
    let name: String
    /// Where its standard output and error go.
    let logPath: String
    private let process = Process()
    private let logHandle: FileHandle

    /// Starts `executable` with `arguments`, logging to `logPath` (appended to, so that a restart keeps one log).
    init(name: String, executable: URL, arguments: [String], logPath: String) throws {
        self.name = name
        self.logPath = logPath
        if !FileManager.default.fileExists(atPath: logPath) {
            _ = FileManager.default.createFile(atPath: logPath, contents: nil)
        }
        logHandle = try FileHandle(forWritingTo: URL(fileURLWithPath: logPath))
        try logHandle.seekToEnd()
        process.executableURL = executable
        process.arguments = arguments
        process.standardOutput = logHandle
        process.standardError = logHandle
        try process.run()
    }

    deinit {
        kill()
        try? logHandle.close()
    }

    /// The process id.
    var pid: pid_t { process.processIdentifier }

    /// Whether it has not exited yet.
    var isRunning: Bool { process.isRunning }

    /// Everything it logged so far.
    var log: String { (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? "" }

    /// Sends signal `number` (SIGTERM, SIGKILL) if it still runs.
    func signal(_ number: Int32) {
        if process.isRunning { Foundation.kill(process.processIdentifier, number) }
    }

    /// Waits up to `timeout` for it to exit; returns its exit status, or `nil` if it still runs.
    ///
    /// A process ended by a signal reports the signal's number (see ``wasKilledBySignal``).
    func waitForExit(within timeout: Duration) -> Int32? {
        let deadline = ContinuousClock.now.advanced(by: timeout)
        while process.isRunning && ContinuousClock.now < deadline {
            Thread.sleep(forTimeInterval: 0.02)
        }
        if process.isRunning { return nil }
        process.waitUntilExit()
        return process.terminationStatus
    }

    /// Whether it ended because of a signal rather than by exiting.
    var wasKilledBySignal: Bool { !process.isRunning && process.terminationReason == .uncaughtSignal }

    /// Ends it with SIGKILL, if it still runs, and waits until it is gone.
    func kill() {
        guard process.isRunning else { return }
        signal(SIGKILL)
        process.waitUntilExit()
    }
}

/// Loopback TCP ports that were free a moment ago: each is bound to port 0 (the kernel picks a free port), read back
/// and released, all held at once so that the ports are distinct.
func freeLoopbackPorts(_ count: Int) throws -> [Int] {
    var descriptors: [Int32] = []
    defer { for descriptor in descriptors { close(descriptor) } }
    var ports: [Int] = []
    for _ in 0..<count {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { throw PortError("socket() failed with errno \(errno)") }
        descriptors.append(descriptor)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer in
                bind(descriptor, pointer, length) == 0 && getsockname(descriptor, pointer, &length) == 0
            }
        }
        guard bound else { throw PortError("binding 127.0.0.1:0 failed with errno \(errno)") }
        ports.append(Int(UInt16(bigEndian: address.sin_port)))
    }
    return ports
}

/// No free port could be found.
struct PortError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// Waits until `condition` holds, checking every `interval`; throws when `deadline` passes first.
///
/// - Parameter what: What is awaited, for the error: "job 1 is done".
/// - Parameter context: More to say when it times out (logs), computed only then.
func waitUntil(
    _ what: String, deadline: ContinuousClock.Instant, interval: Duration = .milliseconds(200),
    context: () -> String = { "" }, _ condition: () throws -> Bool
) throws {
    while true {
        if try condition() { return }
        guard ContinuousClock.now < deadline else { throw WaitTimeout(what: what, context: context()) }
        Thread.sleep(forTimeInterval: Double(interval.components.attoseconds) / 1e18 + Double(interval.components.seconds))
    }
}

/// A condition that did not come true before its deadline.
struct WaitTimeout: Error, CustomStringConvertible {
    var what: String
    var context: String
    var description: String { "timed out waiting until \(what)\n\(context)" }
}

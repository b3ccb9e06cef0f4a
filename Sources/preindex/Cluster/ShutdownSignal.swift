import Dispatch
import Foundation

/// Waits for SIGTERM or SIGINT, so that a long-running command (`coordinator`, `worker`) can shut down cleanly
/// instead of being killed mid-write.
enum ShutdownSignal {
    /// Blocks until SIGTERM or SIGINT arrives and returns its name.
    static func wait() -> String {
        let received = DispatchSemaphore(value: 0)
        nonisolated(unsafe) var name = ""
        var sources: [DispatchSourceSignal] = []
        for (number, label) in [(SIGTERM, "SIGTERM"), (SIGINT, "SIGINT")] {
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler {
                name = label
                received.signal()
            }
            source.resume()
            sources.append(source)
        }
        received.wait()
        for source in sources { source.cancel() }
        return name
    }
}

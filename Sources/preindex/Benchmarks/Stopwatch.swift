import Dispatch
import Foundation

/// Wall-clock timing for benchmarks: the best and median of repeated runs.
struct Stopwatch {
    /// Seconds taken by each of `runs` calls of `body`, after `warmup` untimed calls.
    static func measure(warmup: Int = 1, runs: Int, _ body: () throws -> Void) rethrows -> [Double] {
        for _ in 0..<warmup { try body() }
        return try (0..<runs).map { _ in
            let start = DispatchTime.now().uptimeNanoseconds
            try body()
            return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        }
    }
}

extension Array where Element == Double {
    var median: Double { sorted()[count / 2] }
}

/// The peak resident memory of this process so far, in bytes (`VmHWM` of /proc/self/status).
func peakResidentBytes() -> Int? {
    guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return nil }
    for line in status.split(separator: "\n") where line.hasPrefix("VmHWM:") {
        let kilobytes = line.split(separator: " ").compactMap { Int($0) }.first
        return kilobytes.map { $0 * 1024 }
    }
    return nil
}

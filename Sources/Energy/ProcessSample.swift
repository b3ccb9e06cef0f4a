#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The process's clocks and memory at one instant: what every meter samples at start and stop.
///
/// Wall time is `CLOCK_MONOTONIC` (never jumps with the system clock); CPU time is
/// `CLOCK_PROCESS_CPUTIME_ID`, the user + system time of all the process's threads (children are
/// not counted: our tasks run as threads); resident memory is `/proc/self/statm`'s second field
/// × the page size, or the peak resident size from `getrusage` where `/proc` is absent.
public struct ProcessSample: Sendable, Hashable {
    /// Seconds on the monotonic clock.
    public var wallSeconds: Double
    /// CPU seconds used by the process so far.
    public var cpuSeconds: Double
    /// Resident memory in bytes.
    public var residentBytes: Double

    /// A sample of the given values (for tests and replays).
    public init(wallSeconds: Double, cpuSeconds: Double, residentBytes: Double) {
        self.wallSeconds = wallSeconds
        self.cpuSeconds = cpuSeconds
        self.residentBytes = residentBytes
    }

    /// Samples the running process now.
    ///
    /// The corresponding C functions are `clock_gettime` and `getrusage`.
    public static func now() -> ProcessSample {
        ProcessSample(
            wallSeconds: seconds(of: CLOCK_MONOTONIC), cpuSeconds: seconds(of: CLOCK_PROCESS_CPUTIME_ID),
            residentBytes: residentBytes())
    }

    /// The CPU seconds the calling thread has used (`CLOCK_THREAD_CPUTIME_ID`): what one task used when it ran on
    /// this thread alone while others shared the process (see ``EnergyAttribution``).
    public static func currentThreadCPUSeconds() -> Double {
        seconds(of: CLOCK_THREAD_CPUTIME_ID)
    }

    /// Resident memory in GiB (2³⁰ bytes, CodeCarbon's "GB").
    public var residentGiB: Double { residentBytes / 1_073_741_824 }

    private static func seconds(of clock: clockid_t) -> Double {
        var time = timespec()
        guard clock_gettime(clock, &time) == 0 else { return 0 }
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
    }

    private static func residentBytes() -> Double {
        if let statm = try? SystemFiles.readText("/proc/self/statm") {
            let fields = statm.split(separator: " ")
            if fields.count > 1, let pages = Double(fields[1]) {
                return pages * Double(sysconf(Int32(_SC_PAGESIZE)))
            }
        }
        var usage = rusage()
        #if os(Linux)
        let who = RUSAGE_SELF.rawValue
        #else
        let who = RUSAGE_SELF
        #endif
        guard getrusage(who, &usage) == 0 else { return 0 }
        return Double(usage.ru_maxrss) * 1024
    }
}

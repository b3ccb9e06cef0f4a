import Dispatch
#if canImport(Glibc)
import Glibc
#endif
import Synchronization

/// How many threads the engine computes with, and the one place work is split across them.
///
/// The engine splits its large operations (convolutions, matrix products) into independent
/// pieces itself and runs OpenBLAS single-threaded inside each piece, so that the memory-bound
/// steps around a GEMM (im2col, scatter, bias) run in parallel too and no two thread pools
/// compete for the cores. The default is every core the process may use.
public enum Compute {
    private static let configured = Mutex<Int>(defaultThreadCount)

    /// The number of cores available to this process.
    public static var availableCores: Int {
        max(1, BLAS.processors)
    }

    /// `PREINDEX_THREADS` from the environment when set to a positive number, else every core.
    private static var defaultThreadCount: Int {
        BLAS.threads = 1
        if let text = getenv("PREINDEX_THREADS"), let count = Int(String(cString: text)), count >= 1 { return count }
        return max(1, BLAS.processors)
    }

    /// The number of threads the engine uses (default: all cores). Values below 1 mean 1.
    public static var threadCount: Int {
        get { configured.withLock { $0 } }
        set { configured.withLock { $0 = max(1, newValue) } }
    }

    /// Runs `body(index)` for every index in `0..<count`, spread over ``threadCount`` threads.
    ///
    /// Indices are handed out dynamically, so uneven pieces balance. `body` must only write to
    /// memory no other index writes. With one thread or one index it runs inline, in order. The
    /// threads are ``WorkerPool``'s, awake from the previous call when calls follow each other
    /// closely; a call made while another's work runs (from its body, or another thread) uses
    /// Dispatch's.
    package static func forEach(_ count: Int, _ body: (Int) -> Void) {
        let threads = min(threadCount, count)
        if threads <= 1 {
            for index in 0..<count { body(index) }
            return
        }
        let next = Atomic<Int>(0)
        withoutActuallyEscaping(body) { body in
            let work = UncheckedSendable(body)
            let takeIndices: @Sendable () -> Void = {
                while true {
                    let index = next.wrappingAdd(1, ordering: .relaxed).oldValue
                    guard index < count else { return }
                    work.value(index)
                }
            }
            if !WorkerPool.shared.run(threads: threads, takeIndices) {
                DispatchQueue.concurrentPerform(iterations: threads) { _ in takeIndices() }
            }
        }
    }
}

/// Carries a value the caller guarantees is used safely across threads (disjoint writes).
package struct UncheckedSendable<Value>: @unchecked Sendable {
    package let value: Value
    package init(_ value: Value) { self.value = value }
}

import Foundation
import Synchronization

/// The threads behind ``Compute/forEach(_:_:)``: created once and kept, they spin for a few tens
/// of microseconds after each piece of work before they sleep, so that a loop of short parallel
/// steps (k-means' passes, a network's layers) hands each step to threads that are already
/// awake instead of paying for waking them every time (OpenMP's and OpenBLAS's workers do the
/// same). A worker joins a piece of work only if it arrives before the caller has finished its
/// own share: one that the OS has not scheduled in time (other processes busy on the cores) is
/// not waited for. One caller at a time: ``run(threads:_:)`` returns false while another caller's
/// work is running, and that caller uses Dispatch instead.
final class WorkerPool: @unchecked Sendable {
    /// The process's pool.
    static let shared = WorkerPool()

    /// Spins (atomic loads) before a worker sleeps, and before a waiting caller yields its core.
    private static let spins = 1 << 15

    /// Bumped once per piece of work; workers wait for it to change.
    private let generation = Atomic<Int>(0)
    /// Places left for workers in the current piece of work (0 or less once it is closed).
    private let places = Atomic<Int>(0)
    /// Workers that took a place and have finished.
    private let finished = Atomic<Int>(0)
    /// Workers asleep on `wake` (or about to be), so that a caller signals only when one is.
    private let sleepers = Atomic<Int>(0)
    /// Held by the caller whose work is running.
    private let busy = Atomic<Bool>(false)
    private let wake = NSCondition()
    /// The current work: written before `places` opens, read only by a worker that took a place.
    private var work: (() -> Void)?
    private var workers = 0

    /// Runs `body` on the calling thread and on up to `threads − 1` workers at once and returns when
    /// every one of them has returned; false (nothing run) when another caller's work is running.
    func run(threads: Int, _ body: () -> Void) -> Bool {
        guard busy.compareExchange(expected: false, desired: true, ordering: .acquiring).exchanged else { return false }
        defer { busy.store(false, ordering: .releasing) }
        let helpers = threads - 1
        while workers < helpers { start(worker: workers) }
        withoutActuallyEscaping(body) { body in
            work = body
            finished.store(0, ordering: .relaxed)
            places.store(helpers, ordering: .releasing)
            generation.add(1, ordering: .sequentiallyConsistent)
            if sleepers.load(ordering: .sequentiallyConsistent) > 0 {
                wake.lock()
                wake.broadcast()
                wake.unlock()
            }
            body()
            // Close the work: a worker that has not taken its place by now is not waited for.
            let joined = helpers - max(0, places.exchange(0, ordering: .acquiringAndReleasing))
            var spun = 0
            while finished.load(ordering: .acquiring) < joined {
                spun += 1
                if spun > Self.spins { sched_yield() }
            }
            work = nil
        }
        return true
    }

    private func start(worker index: Int) {
        let seen = generation.load(ordering: .relaxed)
        let thread = Thread { [self] in loop(seen: seen) }
        thread.name = "preindex-compute-\(index + 1)"
        thread.start()
        workers += 1
    }

    private func loop(seen start: Int) {
        var seen = start
        while true {
            var spun = 0
            while generation.load(ordering: .acquiring) == seen {
                spun += 1
                guard spun > Self.spins else { continue }
                wake.lock()
                sleepers.add(1, ordering: .sequentiallyConsistent)
                while generation.load(ordering: .sequentiallyConsistent) == seen { wake.wait() }
                sleepers.subtract(1, ordering: .sequentiallyConsistent)
                wake.unlock()
            }
            seen = generation.load(ordering: .acquiring)
            // A place, if the work is still open, whichever work is current by now.
            guard places.subtract(1, ordering: .acquiringAndReleasing).oldValue > 0 else { continue }
            work?()
            finished.add(1, ordering: .releasing)
        }
    }
}

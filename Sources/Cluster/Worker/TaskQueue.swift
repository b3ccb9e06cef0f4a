import Dispatch
import Synchronization

/// The tasks a worker holds: waiting ones in arrival order, and a count of those its executor threads run.
///
/// The worker's loop pushes assignments; executor threads block in ``take()`` until one arrives or the queue closes.
final class TaskQueue: Sendable {
    private struct State {
        var waiting: [TaskAssignment] = []
        var running = 0
        var closed = false
    }

    private let state = Mutex(State())
    /// Signalled once per push and once per executor on close; a wake-up may find nothing (handed back).
    private let available = DispatchSemaphore(value: 0)

    /// Adds a task for the next free executor.
    func push(_ assignment: TaskAssignment) {
        state.withLock { $0.waiting.append(assignment) }
        available.signal()
    }

    /// The next waiting task, now counted as running; `nil` once the queue is closed.
    func take() -> TaskAssignment? {
        while true {
            available.wait()
            let next: TaskAssignment?? = state.withLock { state in
                if state.closed { return .some(nil) }
                guard !state.waiting.isEmpty else { return nil }
                state.running += 1
                return state.waiting.removeFirst()
            }
            if let next { return next }
        }
    }

    /// Records that a task taken with ``take()`` has finished and its outcome was handed on.
    func finishOne() {
        state.withLock { $0.running -= 1 }
    }

    /// Removes and returns the tasks no executor has started.
    func takeWaiting() -> [TaskAssignment] {
        state.withLock { state in
            defer { state.waiting.removeAll() }
            return state.waiting
        }
    }

    /// Tasks held: waiting and running.
    var heldCount: Int { state.withLock { $0.waiting.count + $0.running } }

    /// Tasks executors are running now.
    var runningCount: Int { state.withLock { $0.running } }

    /// Whether ``close(waking:)`` was called.
    var isClosed: Bool { state.withLock { $0.closed } }

    /// Drops the waiting tasks and makes ``take()`` return `nil` for `executors` threads.
    func close(waking executors: Int) {
        state.withLock { state in
            state.closed = true
            state.waiting.removeAll()
        }
        for _ in 0..<executors { available.signal() }
    }
}

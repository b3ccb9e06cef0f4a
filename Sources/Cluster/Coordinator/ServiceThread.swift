import Foundation
import Synchronization

/// A thread running one service loop (a ``Coordinator``'s or a ``Worker``'s), with a stop flag it polls.
///
/// The loop owns its sockets: libzmq sockets must stay on the thread that uses them, so the body creates them
/// itself, reports once that it is serving (or why it could not start), and returns when ``isStopRequested`` turns
/// true or its context is shut down. Shared by the coordinator and the worker so both start and stop alike.
final class ServiceThread: Sendable {
    private let stopRequested = Atomic<Bool>(false)
    private let started = DispatchSemaphore(value: 0)
    private let finished = DispatchSemaphore(value: 0)
    private let startResult = Mutex<Result<String, ZMQError>?>(nil)

    /// Starts `body` on a new thread named `name` and waits until it reports its start.
    ///
    /// - Parameter body: The loop. It calls `ready` once with the endpoint it serves, or with the error that kept
    ///   it from starting (then it should return), and then runs until the thread's stop flag is set.
    /// - Returns: The endpoint the body reported.
    /// - Throws: The error the body reported instead.
    static func start(
        name: String, _ body: @escaping @Sendable (ServiceThread, _ ready: (Result<String, ZMQError>) -> Void) -> Void
    ) throws(ZMQError) -> (thread: ServiceThread, endpoint: String) {
        let service = ServiceThread()
        let thread = Thread {
            defer { service.finished.signal() }
            body(service) { result in
                service.startResult.withLock { $0 = $0 ?? result }
                service.started.signal()
            }
            // A body that returned without reporting still releases the starter.
            if service.startResult.withLock({ $0 == nil }) {
                service.startResult.withLock { $0 = .failure(.contextTerminated) }
                service.started.signal()
            }
        }
        thread.name = name
        thread.start()
        service.started.wait()
        let result = service.startResult.withLock { $0 }!
        switch result {
        case .success(let endpoint): return (service, endpoint)
        case .failure(let error):
            service.finished.wait()
            throw error
        }
    }

    /// Whether ``stop()`` was called; the loop checks it at least once per poll.
    var isStopRequested: Bool { stopRequested.load(ordering: .acquiring) }

    /// Asks the loop to stop and waits until it has returned. Calling it again only waits.
    func stop() {
        stopRequested.store(true, ordering: .releasing)
        finished.wait()
        finished.signal()
    }
}

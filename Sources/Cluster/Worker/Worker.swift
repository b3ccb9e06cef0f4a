import Foundation
import Logging
import Synchronization

/// A cluster worker: connects to a ``Coordinator`` with a ZeroMQ DEALER socket and runs the tasks it is leased.
///
/// It says Hello, offers its slots (``Configuration/threads`` plus ``Configuration/prefetch``) with Ready, runs each
/// assigned task on one of its executor threads with the `executor` closure, and answers with a Result, or a Failure
/// carrying the thrown error's description. Heartbeats go out whenever nothing else was sent for an interval. When
/// the coordinator stays silent for ``Configuration/missedHeartbeatLimit`` intervals (or says it is leaving), the
/// worker reconnects after a ``ReconnectBackoff`` delay and joins again.
public final class Worker: Sendable {
    /// Runs one task; a thrown error becomes a Failure with the error's description as its message, retryable unless
    /// it is a ``TaskFailure`` that says otherwise.
    public typealias Executor = @Sendable (TaskAssignment) throws -> ResultPayload

    /// The node identifier the worker introduced itself with.
    public let nodeID: String
    private let loop: ServiceThread
    private let executors: [ServiceThread]
    private let queue: TaskQueue
    private let stopMode: StopMode

    /// Connects to `endpoint` and starts serving.
    ///
    /// - Parameters:
    ///   - nodeID: The node's stable name; the coordinator keys leases and energy by it.
    ///   - endpoint: The coordinator's endpoint (``Coordinator/endpoint``).
    ///   - context: The ZeroMQ context; an `inproc://` coordinator must share it.
    ///   - security: CURVE keys when the coordinator requires them.
    ///   - configuration: Threads, region and timings.
    ///   - logger: Where the worker reports connecting, reconnecting and failing tasks.
    ///   - executor: Runs one task; ``noop`` by default.
    /// - Throws: ``ZMQError`` when the endpoint is malformed or the context was shut down.
    public init(
        nodeID: String, endpoint: String, context: ZMQContext, security: ClientSecurity = .plain,
        configuration: Configuration = Configuration(), logger: Logger, executor: @escaping Executor = Worker.noop
    ) throws(ZMQError) {
        let queue = TaskQueue()
        let progress = TaskProgressBoard()
        let stopMode = StopMode()
        let resultsEndpoint = "inproc://preindex-worker-results-\(UUID().uuidString)"
        (self.loop, _) = try ServiceThread.start(name: "preindex-worker-\(nodeID)") { service, ready in
            do throws(ZMQError) {
                let results = try Socket(.pull, context: context)
                ready(.success(try results.bind(to: resultsEndpoint)))
                WorkerLoop(
                    nodeID: nodeID, endpoint: endpoint, context: context, security: security,
                    configuration: configuration, queue: queue, progress: progress, logger: logger
                ).run(results: results, until: service) { stopMode.handsBack.load(ordering: .acquiring) }
            } catch {
                ready(.failure(error))
            }
        }
        var executors: [ServiceThread] = []
        for index in 0..<configuration.threads {
            let (thread, _) = try ServiceThread.start(name: "preindex-worker-\(nodeID)-\(index)") { _, ready in
                TaskExecution(
                    nodeID: nodeID, region: configuration.region, queue: queue, executor: executor, progress: progress,
                    logger: logger
                ).run(sendingTo: resultsEndpoint, context: context, ready: ready)
            }
            executors.append(thread)
        }
        self.nodeID = nodeID
        self.executors = executors
        self.queue = queue
        self.stopMode = stopMode
    }

    deinit {
        stop()
    }

    /// The executor of no-op tasks: returns an empty result at once.
    public static let noop: Executor = { _ in ResultPayload.empty }

    /// Leaves the cluster cleanly: hands tasks it has not started back to the coordinator (a Failure each), waits
    /// up to ``Configuration/drainTimeout`` for running tasks and sends their results, says Disconnect, and returns
    /// once its threads have ended. Calling it again only waits.
    public func stop() {
        loop.stop()
        shutDownExecutors()
    }

    /// Leaves without a word, as a crashed process would: the socket closes with no Disconnect, tasks are dropped
    /// and their results never sent. The coordinator finds out from the missing heartbeats. For tests and for
    /// shutting down when the coordinator cannot be reached.
    public func abandon() {
        stopMode.handsBack.store(false, ordering: .releasing)
        loop.stop()
        shutDownExecutors()
    }

    private func shutDownExecutors() {
        queue.close(waking: executors.count)
        for executor in executors { executor.stop() }
    }

    /// Whether the loop hands work back when it stops.
    private final class StopMode: Sendable {
        let handsBack = Atomic<Bool>(true)
    }
}

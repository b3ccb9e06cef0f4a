import Logging

/// The body of one executor thread of a ``Worker``: takes tasks from the queue, runs the executor, and pushes
/// the encoded Result or Failure to the worker's loop over an `inproc://` socket of its own, as two frames: the
/// ``Outcome`` byte, then the envelope.
struct TaskExecution: Sendable {
    /// The first frame of what an executor pushes: whether the task finished or failed.
    enum Outcome: UInt8 {
        case finished = 0
        case failed = 1
    }

    let nodeID: String
    let region: String
    let queue: TaskQueue
    let executor: Worker.Executor
    let progress: TaskProgressBoard
    let logger: Logger

    /// Connects to the loop at `endpoint`, reports `ready`, and runs tasks until the queue closes.
    func run(sendingTo endpoint: String, context: ZMQContext, ready: (Result<String, ZMQError>) -> Void) {
        do throws(ZMQError) {
            let outbox = try Socket(.push, context: context)
            try outbox.set(.sendTimeout(.seconds(1)))
            try outbox.connect(to: endpoint)
            ready(.success(endpoint))
            runTasks(sendingTo: outbox)
        } catch {
            ready(.failure(error))
        }
    }

    /// Runs tasks until the queue closes, sending each outcome to `outbox`.
    private func runTasks(sendingTo outbox: borrowing Socket) {
        while var assignment = queue.take() {
            assignment.progress = TaskProgressReporter(
                board: progress, taskID: assignment.taskID, attempt: assignment.attempt)
            let (outcome, payload) = outcome(of: assignment)
            progress.remove(assignment.taskID)
            let frames = [[outcome.rawValue], payload]
            do {
                // Once the worker stopped, nobody reads the outbox: never wait for it.
                if queue.isClosed {
                    _ = try outbox.trySend(frames)
                } else {
                    try outbox.send(frames)
                }
            } catch {
                logger.error("Could not hand the outcome of task \(assignment.taskID) to the worker loop: \(error)")
            }
            queue.finishOne()
        }
    }

    /// The encoded envelope answering `assignment`: a Result, or a Failure when the executor threw (retryable unless
    /// it threw a ``TaskFailure`` that says otherwise) or the result cannot be encoded.
    private func outcome(of assignment: TaskAssignment) -> (Outcome, [UInt8]) {
        let body: Wire.Envelope.Body
        do {
            body = .result(try executor(assignment).result(for: assignment, nodeID: nodeID, region: region))
        } catch {
            logger.warning("Task \(assignment.taskID) failed: \(error)", metadata: ["node": "\(nodeID)"])
            // Only a TaskFailure can say that another attempt would fail the same way.
            body = .failure(failure(assignment, "\(error)", retryable: (error as? TaskFailure)?.retryable ?? true))
        }
        do {
            let payload = try Wire.Envelope(body).encoded()
            if case .failure = body { return (.failed, payload) }
            return (.finished, payload)
        } catch {
            let message = "the outcome of task \(assignment.taskID) could not be encoded: \(error)"
            // A Failure of plain text always encodes unless the text holds NUL, which this one cannot.
            return (.failed, (try? Wire.Envelope(.failure(failure(assignment, message, retryable: false))).encoded()) ?? [])
        }
    }

    private func failure(_ assignment: TaskAssignment, _ message: String, retryable: Bool = true) -> Wire.Failure {
        Wire.Failure(taskID: assignment.taskID, attempt: assignment.attempt, message: message, retryable: retryable)
    }
}

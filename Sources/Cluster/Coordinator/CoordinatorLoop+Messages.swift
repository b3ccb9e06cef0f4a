// Handling what arrives at the loop: decoding each message, answering clients, and the Hello, Ready, Heartbeat,
// Result, Failure and Disconnect of workers.

import Foundation
import Logging

extension CoordinatorLoop {
    /// Decodes one received message and serves it; anything undecodable or unexpected gets an Error reply.
    func handle(_ frames: [[UInt8]], on socket: borrowing Socket, roles: Roles) {
        let message: RoutedMessage
        let envelope: Wire.Envelope
        do {
            message = try RoutedMessage(frames: frames)
        } catch {
            // A ROUTER puts the sender's identity first, whatever else the frames hold.
            reject(Wire.ErrorReply(error), to: Array(frames.prefix(1)), on: socket)
            return
        }
        do {
            envelope = try Wire.Envelope(decoding: message.payload)
        } catch {
            reject(Wire.ErrorReply(error), to: message.route, on: socket)
            return
        }
        let peer = message.route
        let now = clock.now
        switch envelope.body {
        case .artifactRequest(let request):
            send(artifacts.answer(request), to: peer, on: socket)
            return
        case .artifactUpload(let upload):
            if let refusal = artifacts.receive(upload) { reject(refusal, to: peer, on: socket) }
            return
        case .error(let reply):
            logger.warning(
                "A peer reported an error", metadata: ["code": "\(reply.code.rawValue)", "message": "\(reply.message)"])
            return
        case .submit(let submit) where roles.contains(.clients):
            send(jobs.submit(submit), to: peer, on: socket)
            return
        case .statusQuery(let query) where roles.contains(.clients):
            send(withWorkerTable(jobs.status(query), at: now), to: peer, on: socket)
            return
        case .artifactListQuery(let query) where roles.contains(.clients):
            send(artifacts.answer(query), to: peer, on: socket)
            return
        case .rankingQuery(let query) where roles.contains(.clients):
            send(ranking.answer(query, progress: taskProgress), to: peer, on: socket)
            return
        case .cancel(let cancel) where roles.contains(.clients):
            send(jobs.cancel(cancel), to: peer, on: socket)
            return
        default:
            break
        }
        guard roles.contains(.workers) else {
            rejectUnexpected(
                envelope.body, endpoint: "client",
                expected: "Submit, StatusQuery, RankingQuery, Cancel, ArtifactListQuery, ArtifactUpload or ArtifactRequest",
                to: peer, on: socket)
            return
        }
        if sessions[peer] != nil {
            liveness.heard(from: peer, at: now)
            sessions[peer]!.lastHeard = now
            renewLeasesIfDue(of: peer, at: now)
        }
        switch envelope.body {
        case .hello(let hello):
            register(hello, from: peer, at: now)
        case .ready(let ready):
            withSession(of: peer, for: envelope.body, on: socket) { session in
                session.freeSlots = min(
                    configuration.maximumSlotsPerWorker, session.freeSlots + Int(ready.freeSlots))
            }
        case .heartbeat(let heartbeat):
            withSession(of: peer, for: envelope.body, on: socket) { session in
                if heartbeat.draining { session.draining = true }
            }
            record(heartbeat.progress)
        case .result(let result):
            receive(result, from: peer, on: socket, at: now)
        case .failure(let failure):
            receive(failure, from: peer, on: socket, at: now)
        case .disconnect(let disconnect):
            endSession(of: peer, because: "it disconnected: \(disconnect.reason)")
        default:
            rejectUnexpected(
                envelope.body, endpoint: "worker",
                expected: "Hello, Ready, Heartbeat, Result, Failure, Disconnect, ArtifactRequest or ArtifactUpload",
                to: peer, on: socket)
        }
    }

    /// Answers that the `endpoint` socket does not take `body`'s kind of message, naming the kinds it does.
    private func rejectUnexpected(
        _ body: Wire.Envelope.Body, endpoint: String, expected: String, to peer: Peer, on socket: borrowing Socket
    ) {
        reject(
            Wire.ErrorReply(
                code: .rejected,
                message: "The coordinator's \(endpoint) endpoint does not take \(body.name) messages; expected \(expected)"),
            to: peer, on: socket)
    }

    /// Starts a session for a worker; a session of the same node under another identity (it reconnected) ends.
    private func register(_ hello: Wire.Hello, from peer: Peer, at now: Instant) {
        if let previous = peerOfNode[hello.nodeID], previous != peer {
            endSession(of: previous, because: "it joined again under a new connection")
        } else if peerOfNode[hello.nodeID] == nil {
            releaseEarlierLeases(of: hello.nodeID)
        }
        do {
            try database.registerNode(
                NodeRecord(id: hello.nodeID, region: hello.region, threads: Int(hello.threads), lastSeen: Date()))
        } catch {
            logger.error("Could not register node \(hello.nodeID): \(error)")
        }
        lostWorkers[hello.nodeID] = nil
        if sessions[peer] == nil {
            sessions[peer] = WorkerSession(
                hello: hello, schedule: configuration.schedule,
                leaseRenewalDue: lease.renewalDue(expiry: lease.expiry(grantedAt: now)), now: now)
            peerOfNode[hello.nodeID] = peer
            logger.info(
                "Worker joined",
                metadata: ["node": "\(hello.nodeID)", "threads": "\(hello.threads)", "region": "\(hello.region)"])
        }
        liveness.heard(from: peer, at: now)
    }

    /// Runs `body` on the session of `peer`, or answers that the peer must say Hello first.
    private func withSession(
        of peer: Peer, for body: Wire.Envelope.Body, on socket: borrowing Socket, _ update: (inout WorkerSession) -> Void
    ) {
        guard sessions[peer] != nil else {
            reject(
                Wire.ErrorReply(
                    code: .rejected,
                    message: "The coordinator has no session for this connection (it never said Hello, or was "
                        + "declared dead); send Hello before \(body.name)"),
                to: peer, on: socket)
            return
        }
        update(&sessions[peer]!)
    }

    /// Keeps what running tasks reported, and records the energy each attempt used so far: an attempt lost before
    /// it reports a result still counts what it spent.
    private func record(_ progress: [Wire.TaskProgress]) {
        for entry in progress {
            taskProgress[entry.taskID] = entry
            guard let taskID = Int64(entry.taskID) else { continue }
            do {
                try database.recordProgress(taskID: taskID, attempt: Int(entry.attempt), energy: entry.energy)
            } catch {
                logger.warning("Could not record the progress of task \(entry.taskID): \(error)")
            }
        }
    }

    /// Queues a result for the next batch commit; its slot is free again.
    private func receive(_ result: Wire.Result, from peer: Peer, on socket: borrowing Socket, at now: Instant) {
        guard let session = sessions[peer] else {
            withSession(of: peer, for: .result(result), on: socket) { _ in }
            return
        }
        sessions[peer]!.freeSlots += 1
        taskProgress[result.taskID] = nil
        if let running = sessions[peer]!.running.removeValue(forKey: result.taskID) {
            metrics?.recordTaskDuration(running.assignedAt.duration(to: now), kind: running.kind.rawValue)
        }
        if latencyRecorder != nil, let sent = assignedAt.removeValue(forKey: result.taskID) {
            latencies.append(sent.duration(to: now))
        }
        guard let taskID = Int64(result.taskID) else {
            reject(badTaskID(result.taskID, in: "Result"), to: peer, on: socket)
            return
        }
        let energy = result.energy.method == ResultPayload.unmeasuredMethod ? nil : result.energy
        pending.append(
            Completion(
                taskID: taskID, attempt: Int(result.attempt), nodeID: session.nodeID, payload: Data(result.resultJSON),
                energy: energy))
        if oldestPending == nil { oldestPending = now }
        if pending.count >= configuration.resultBatchLimit { flush() }
    }

    /// Records a failed attempt at once: the task is requeued while it has attempts left.
    ///
    /// Unlike a Result, a Failure frees no slot: a worker handing tasks back as it stops wants no more, and one that
    /// does says so with Ready.
    private func receive(_ failure: Wire.Failure, from peer: Peer, on socket: borrowing Socket, at now: Instant) {
        guard let session = sessions[peer] else {
            withSession(of: peer, for: .failure(failure), on: socket) { _ in }
            return
        }
        sessions[peer]!.running[failure.taskID] = nil
        guard let taskID = Int64(failure.taskID) else {
            reject(badTaskID(failure.taskID, in: "Failure"), to: peer, on: socket)
            return
        }
        do {
            let outcome = try database.fail(
                taskID: taskID, attempt: Int(failure.attempt), error: failure.message, retryable: failure.retryable,
                energy: failure.energy)
            if outcome == .requeued { nextQueueCheck = now }
            logger.debug(
                "Task failed",
                metadata: [
                    "task": "\(taskID)", "node": "\(session.nodeID)", "outcome": "\(outcome)",
                    "message": "\(failure.message)",
                ])
        } catch {
            logger.warning("Could not record the failure of task \(taskID) from node \(session.nodeID): \(error)")
            reject(Wire.ErrorReply(code: .notFound, message: error.message), to: peer, on: socket)
        }
    }

    private func badTaskID(_ id: String, in message: String) -> Wire.ErrorReply {
        Wire.ErrorReply(
            code: .malformed, message: "\(message) names task \"\(id)\", which is not a task identifier (an integer)")
    }
}

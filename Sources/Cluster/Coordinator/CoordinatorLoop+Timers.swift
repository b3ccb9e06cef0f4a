// The loop's timed work: committing result batches and advancing jobs, leasing tasks, heartbeats, dead workers,
// and renewing, expiring and releasing leases (a session ending releases its node's).

import Logging

extension CoordinatorLoop {
    /// Commits the pending results when the batch is full or its oldest result waited a batch window.
    func flushIfDue(at now: Instant) {
        guard let oldestPending else { return }
        if pending.count >= configuration.resultBatchLimit
            || now >= oldestPending.advanced(by: configuration.resultBatchWindow)
        {
            flush()
        }
    }

    /// Commits the pending results in one transaction.
    func flush() {
        guard !pending.isEmpty else { return }
        defer {
            pending.removeAll(keepingCapacity: true)
            oldestPending = nil
        }
        var outcomes: [Completion.Outcome] = []
        do {
            outcomes = try database.complete(pending)
            let ignored = outcomes.filter { $0 != .stored }.count
            if ignored > 0 {
                logger.debug("Ignored \(ignored) of \(outcomes.count) results (duplicate, stale or unknown)")
            }
        } catch {
            // A batch is refused whole only for a malformed energy report: store the others one by one.
            logger.warning("Could not commit \(pending.count) results at once (\(error)); committing them one by one")
            outcomes = pending.map { completion in
                do {
                    return try database.complete([completion])[0]
                } catch {
                    logger.warning("Dropped the result of task \(completion.taskID): \(error)")
                    return .stale
                }
            }
        }
        // Only a stored result gives a job its trained model: a stale one (an earlier attempt finishing late) must
        // not use up the train task's entry before the attempt that holds the task reports.
        var trainedJobs: Set<Int64> = []
        for (completion, outcome) in zip(pending, outcomes) where outcome == .stored || outcome == .duplicate {
            if let job = trainTasks.removeValue(forKey: completion.taskID), outcome == .stored { trainedJobs.insert(job) }
        }
        advance(trainedJobs)
    }

    /// Notes the open train tasks of every job, leased by an earlier run of the coordinator or queued, so that their
    /// results advance their jobs whenever they come.
    func rememberOpenTrainTasks() {
        do {
            for job in try database.jobs() where job.state != .cancelled {
                for task in try database.tasks(ofJob: job.id!) where task.kind == .train && task.state != .done {
                    trainTasks[task.id!] = job.id!
                }
            }
        } catch {
            logger.error("Could not list the open train tasks: \(error)")
        }
    }

    /// Gives `jobIDs` the tasks their newly trained models made ready.
    private func advance(_ jobIDs: Set<Int64>) {
        for jobID in jobIDs {
            do {
                try jobs.advance(job: jobID)
                nextQueueCheck = clock.now
            } catch {
                logger.error("Could not add the next tasks of job \(jobID): \(error)")
            }
        }
    }

    /// Leases tasks to every worker with free slots and sends them; skipped while the queue is known to be empty.
    func assignTasks(on socket: borrowing Socket, at now: Instant) {
        guard now >= nextQueueCheck else { return }
        // The nodes with a session: tasks placed on one of them wait for it.
        let liveNodes = Set(sessions.values.map(\.nodeID))
        var ranShort = false
        for peer in Array(sessions.keys) {
            guard let session = sessions[peer], session.freeSlots > 0 else { continue }
            let tasks: [TaskRecord]
            do {
                tasks = try database.leaseNext(
                    for: session.nodeID, count: session.freeSlots, leaseDuration: configuration.leaseDuration.timeInterval,
                    liveNodes: liveNodes)
            } catch {
                logger.error("Could not lease tasks to node \(session.nodeID): \(error)")
                return
            }
            sessions[peer]!.freeSlots -= tasks.count
            for task in tasks {
                let assign = Wire.Assign(
                    taskID: String(task.id!), attempt: UInt32(clamping: task.attempts),
                    taskJSON: PlanService.payload(toAssign: task, database: database),
                    leaseMilliseconds: UInt64(configuration.leaseDuration.timeInterval * 1000))
                if latencyRecorder != nil { assignedAt[assign.taskID] = clock.now }
                if task.kind == .train { trainTasks[task.id!] = task.jobID }
                sessions[peer]!.running[assign.taskID] = .init(assignedAt: now, kind: task.kind)
                send(.assign(assign), to: peer, on: socket)
            }
            // The queue ran short for this node; others may still get tasks placed on them.
            if tasks.count < session.freeSlots { ranShort = true }
        }
        if ranShort { nextQueueCheck = now.advanced(by: configuration.queuePollInterval) }
    }

    /// Sends a heartbeat to every worker that was sent nothing for an interval.
    func sendHeartbeats(on socket: borrowing Socket, at now: Instant) {
        for (peer, session) in sessions where session.schedule.isSendDue(at: now) {
            sessions[peer]!.heartbeatSequence += 1
            send(.heartbeat(.init(sequence: sessions[peer]!.heartbeatSequence)), to: peer, on: socket)
        }
    }

    /// Ends the session of every worker silent for the missed-heartbeat limit; it stays in the worker table as lost
    /// for ``lostWorkerRetention``.
    func releaseDeadWorkers(at now: Instant) {
        if !lostWorkers.isEmpty {
            lostWorkers = lostWorkers.filter { $0.value.lastHeard.duration(to: now) < Self.lostWorkerRetention }
        }
        for peer in liveness.removeDeadPeers(at: now) {
            if let session = sessions[peer] { lostWorkers[session.nodeID] = session }
            endSession(
                of: peer,
                because: "it missed \(configuration.missedHeartbeatLimit) heartbeats of \(configuration.heartbeatInterval)")
        }
    }

    /// Renews the leases of `peer`'s node when half their duration has passed since the last renewal.
    func renewLeasesIfDue(of peer: Peer, at now: Instant) {
        guard let session = sessions[peer], now >= session.leaseRenewalDue else { return }
        sessions[peer]!.leaseRenewalDue = lease.renewalDue(expiry: lease.expiry(grantedAt: now))
        do {
            try database.renewLeases(of: session.nodeID, leaseDuration: configuration.leaseDuration.timeInterval)
        } catch {
            logger.error("Could not renew the leases of node \(session.nodeID): \(error)")
        }
    }

    /// Puts expired leases back in the queue, once per lease-expiry interval.
    func expireLeasesIfDue(at now: Instant) {
        guard now >= nextLeaseExpiry else { return }
        nextLeaseExpiry = now.advanced(by: configuration.leaseExpiryInterval)
        flush()
        do {
            let expired = try database.expireLeases()
            if !expired.isEmpty {
                logger.info("Put \(expired.count) tasks with expired leases back in the queue")
                nextQueueCheck = now
            }
        } catch {
            logger.error("Could not expire leases: \(error)")
        }
    }

    /// Puts back in the queue the tasks stored as leased to `node` although it has no session here: leases granted by
    /// a previous run of the coordinator, whose Assign or Result may have been lost with it. Without this the node's
    /// heartbeats would renew them forever. A result of such a task still arriving is stored unless the task was leased
    /// again meanwhile.
    func releaseEarlierLeases(of node: String) {
        do {
            let released = try database.releaseLeases(of: node)
            guard !released.isEmpty else { return }
            logger.info(
                "Worker joined holding leases of an earlier connection; they go back in the queue",
                metadata: ["node": "\(node)", "released": "\(released.count)"])
            nextQueueCheck = clock.now
        } catch {
            logger.error("Could not release the earlier leases of node \(node): \(error)")
        }
    }

    /// Forgets `peer` and releases its node's leases, after committing the results it sent.
    func endSession(of peer: Peer, because reason: String) {
        guard let session = sessions.removeValue(forKey: peer) else { return }
        liveness.forget(peer)
        if peerOfNode[session.nodeID] == peer { peerOfNode[session.nodeID] = nil }
        flush()
        do {
            let released = try database.releaseLeases(of: session.nodeID)
            logger.info(
                "Worker left: \(reason)", metadata: ["node": "\(session.nodeID)", "released": "\(released.count)"])
            if !released.isEmpty { nextQueueCheck = clock.now }
        } catch {
            logger.error("Could not release the leases of node \(session.nodeID): \(error)")
        }
    }
}

// The worker table of `preindex status` and the metrics of `/metrics`, both read off the loop's own state.

extension CoordinatorLoop {
    /// The worker table: every connected worker, then those lost since the coordinator started, by node identifier.
    func workerTable(at now: Instant) -> [Wire.WorkerInfo] {
        let connected = sessions.values.map { $0.info(at: now) }
        let connectedNodes = Set(connected.map(\.nodeID))
        let lost = lostWorkers.values.filter { !connectedNodes.contains($0.nodeID) }.map { $0.info(at: now, lost: true) }
        return (connected + lost).sorted { $0.nodeID < $1.nodeID }
    }

    /// `reply` with the worker table added when it is a Status; any other reply (an Error) as it is.
    func withWorkerTable(_ reply: Wire.Envelope.Body, at now: Instant) -> Wire.Envelope.Body {
        guard case .status(var status) = reply else { return reply }
        status.workers = workerTable(at: now)
        return .status(status)
    }

    /// The metrics exposition, its gauges set from the Status a query for all jobs gets now.
    func metricsExposition(at now: Instant) -> [UInt8] {
        guard let metrics else { return [] }
        switch withWorkerTable(jobs.status(Wire.StatusQuery()), at: now) {
        case .status(let status):
            return metrics.exposition(of: status)
        default:
            // The store could not be read: every gauge keeps its last value.
            return metrics.exposition(of: nil)
        }
    }
}

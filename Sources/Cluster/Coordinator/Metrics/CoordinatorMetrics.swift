import Metrics
import Prometheus

/// The coordinator's metrics in Prometheus' text exposition format, kept in a `PrometheusCollectorRegistry` of its
/// own (never the process-wide one, so several coordinators in one process stay apart).
///
/// Nothing here counts on its own: before each exposition the gauges are set from the same ``Wire/Status`` a
/// `preindex status` reply carries (tasks by state summed over jobs, workers by state, energy per node), so both
/// always agree. Task durations, from an Assign sent to its Result received, are swift-metrics `Timer`s made by a
/// `PrometheusMetricsFactory` on the same registry, one histogram per task kind.
///
/// | metric | type | labels |
/// | --- | --- | --- |
/// | `preindex_tasks` | gauge | `state`: queued, running, done, failed |
/// | `preindex_workers_alive` | gauge | |
/// | `preindex_workers` | gauge | `state`: idle, busy, draining, lost |
/// | `preindex_energy_joules` | gauge | `node`, `region` |
/// | `preindex_task_duration_seconds` | histogram | `kind`: train, measure, calibrate, retrain, … |
final class CoordinatorMetrics {
    /// The upper bounds of the task-duration buckets: no-op tasks take milliseconds, training takes hours.
    static let durationBuckets: [Duration] = [
        .milliseconds(10), .milliseconds(100), .seconds(1), .seconds(10), .seconds(60), .seconds(300),
        .seconds(1800), .seconds(3600), .seconds(4 * 3600),
    ]
    /// The name of the task-duration histogram.
    static let durationName = "preindex_task_duration_seconds"

    private let registry = PrometheusCollectorRegistry()
    private let factory: PrometheusMetricsFactory
    private var durations: [String: Metrics.Timer] = [:]

    init() {
        var factory = PrometheusMetricsFactory(registry: registry)
        factory.durationHistogramBuckets[Self.durationName] = Self.durationBuckets
        self.factory = factory
    }

    /// Records how long a task of `kind` took, from its Assign sent to its Result received.
    func recordTaskDuration(_ duration: Duration, kind: String) {
        let timer =
            durations[kind]
            ?? Metrics.Timer(label: Self.durationName, dimensions: [("kind", kind)], factory: factory)
        durations[kind] = timer
        timer.record(duration: duration)
    }

    /// The exposition of every metric, the gauges first set from `status` (the reply to a StatusQuery for all jobs);
    /// `nil` leaves them as they were.
    func exposition(of status: Wire.Status?) -> [UInt8] {
        if let status { set(status) }
        return registry.emitToBuffer()
    }

    private func set(_ status: Wire.Status) {
        let tasks: [(String, KeyPath<Wire.JobProgress, UInt32>)] = [
            ("queued", \.queued), ("running", \.running), ("done", \.done), ("failed", \.failed),
        ]
        for (state, count) in tasks {
            registry.makeGauge(descriptor: Self.tasks, labels: [("state", state)])
                .set(Double(status.jobs.reduce(0) { $0 + Int($1[keyPath: count]) }))
        }
        registry.makeGauge(descriptor: Self.workersAlive).set(Double(status.workers.filter { $0.state != .lost }.count))
        for state in Wire.WorkerInfo.State.reported {
            registry.makeGauge(descriptor: Self.workers, labels: [("state", state.description)])
                .set(Double(status.workers.filter { $0.state == state }.count))
        }
        for report in status.energy {
            registry.makeGauge(descriptor: Self.energy, labels: [("node", report.nodeID), ("region", report.region)])
                .set(report.joules)
        }
    }

    /// `preindex_tasks{state}`.
    private static var tasks: MetricNameDescriptor {
        MetricNameDescriptor(
            namespace: "preindex", metricName: "tasks", unitName: "",
            helpText: "Tasks of all jobs by state, as preindex status counts them")
    }
    /// `preindex_workers_alive`.
    private static var workersAlive: MetricNameDescriptor {
        MetricNameDescriptor(
            namespace: "preindex", metricName: "workers_alive", unitName: "",
            helpText: "Workers connected to the coordinator: idle, busy or draining")
    }
    /// `preindex_workers{state}`.
    private static var workers: MetricNameDescriptor {
        MetricNameDescriptor(
            namespace: "preindex", metricName: "workers", unitName: "",
            helpText: "Workers by state, lost ones included")
    }
    /// `preindex_energy_joules{node,region}`.
    private static var energy: MetricNameDescriptor {
        MetricNameDescriptor(
            namespace: "preindex", metricName: "energy", unitName: "joules",
            helpText: "Energy measured on each node so far, running attempts included")
    }
}

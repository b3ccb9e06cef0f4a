import Cluster
import Testing

struct ServiceBenchmarkTests {
    @Test func theNoopBenchmarkRunsEveryTaskAndReportsOrderedPercentiles() throws {
        let report = try ClusterBenchmark.noop(tasks: 300, workers: 2)
        #expect(report.tasks == 300 && report.workers == 2)
        #expect(report.tasksPerSecond > 0 && report.bareRoundTripsPerSecond > 0)
        #expect(report.dispatchLatencyP50 > .zero && report.dispatchLatencyP50 <= report.dispatchLatencyP99)
        #expect(report.ratio > 0)
    }
}

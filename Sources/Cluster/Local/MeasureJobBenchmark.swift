import Datasets
import Foundation
import Logging
import Networks
import Retraining
import Shifts
import Tensors

/// A real measure job run three ways in one process, to see what the cluster path costs and how it scales: each
/// measure task run directly by ``ShiftedMeasurement``, then the same job through a ``LocalCluster`` with one
/// worker, then with two. Every worker, and the direct run, computes on one thread.
public struct MeasureJobBenchmark: Sendable {
    /// What the three runs took.
    public struct Report: Sendable, Hashable {
        /// Measure tasks in the job (one per shift type).
        public var tasks: Int
        /// Seconds for the tasks' measurements run one after the other, directly (the faster of a run before the
        /// cluster runs and one after).
        public var directSeconds: Double
        /// Seconds from submitting the job to its last result stored, with one worker.
        public var oneWorkerSeconds: Double
        /// The same with two workers.
        public var twoWorkerSeconds: Double

        /// One worker's time over two workers' (the target is at least 1.8).
        public var speedUp: Double { oneWorkerSeconds / twoWorkerSeconds }
        /// What the cluster path adds to the direct run, as a fraction (the target is at most 0.05).
        public var overhead: Double { oneWorkerSeconds / directSeconds - 1 }
    }

    /// The architecture measured (randomly initialised: timing does not depend on the weights).
    public var architecture: Architecture.Name
    /// Samples measured per task.
    public var samples: Int
    /// The shift types, each with three levels: one task per type.
    public var shiftTypes: [String]

    /// A benchmark of `architecture` on `samples` samples under `shiftTypes` (4 by default, an even load for 2 workers).
    public init(
        architecture: Architecture.Name = .resnetMini, samples: Int = 1_000,
        shiftTypes: [String] = ["gaussian", "blur", "contrast", "salt-pepper"]
    ) {
        self.architecture = architecture
        self.samples = samples
        self.shiftTypes = shiftTypes
    }

    /// Runs the three ways and reports their times. Sets ``Compute/threadCount`` to 1 while it runs.
    public func run() throws -> Report {
        let previousThreads = Compute.threadCount
        Compute.threadCount = 1
        defer { Compute.threadCount = previousThreads }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("preindex-bench-job-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }

        let dataset = "builtin:shapes?train=\(samples)&test=100&seed=0"
        let splits = try DatasetSpec(parsing: dataset).load()
        let model = try TrainingRecipe().makeModel(architecture, fittedTo: splits.train)
        let modelPath = directory.appendingPathComponent("model.safetensors").path
        try model.write(toFile: modelPath)
        let levels = [0.05, 0.1, 0.2]
        let job = JobSpec(
            name: "bench-measure", dataset: dataset, models: [ModelSpec(file: modelPath)],
            shifts: shiftTypes.map { ShiftSpec(type: $0, levels: levels) }, measure: MeasureSpec(samples: samples))

        let clock = ContinuousClock()
        let runDirectly = {
            try clock.measure {
                let data = try ShiftedMeasurement.data(
                    spec: dataset, testSplit: false, samples: samples, seed: 0, for: model)
                for type in shiftTypes {
                    let shifts = try levels.map { level throws(ShiftError) in try Shift(parsing: "\(type):\(level)") }
                    _ = try ShiftedMeasurement(model: model, data: data, shifts: shifts).run()
                }
            }.timeInterval
        }
        // The direct run goes first and last, and the faster counts: neither side pays for a cold start.
        let directFirst = try runDirectly()
        let one = try clusterSeconds(job, workers: 1, in: directory.appendingPathComponent("one").path)
        let two = try clusterSeconds(job, workers: 2, in: directory.appendingPathComponent("two").path)
        let directLast = try runDirectly()
        return Report(
            tasks: shiftTypes.count, directSeconds: min(directFirst, directLast), oneWorkerSeconds: one,
            twoWorkerSeconds: two)
    }

    /// Seconds from submitting `job` to a fresh local cluster of `workers` workers until it is done.
    private func clusterSeconds(_ job: JobSpec, workers: Int, in directory: String) throws -> Double {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let logger = Logger(label: "preindex.bench.job") { _ in SwiftLogNoOpLogHandler() }
        let database = try ClusterDatabase(path: directory + "/state.sqlite")
        let cluster = try LocalCluster(
            database: database, regions: Array(repeating: "", count: workers), artifactDirectory: directory + "/artifacts",
            logger: logger)
        defer { cluster.stop() }
        let client = try cluster.client()
        let clock = ContinuousClock()
        let start = clock.now
        let accepted = try client.submit(job: Array(try job.canonicalJSON()))
        let progress = try client.waitUntilFinished(jobID: accepted.jobID, interval: .milliseconds(20))
        guard progress.failed == 0 else {
            throw ClusterClientError("the benchmark job failed \(progress.failed) of \(progress.total) tasks")
        }
        return start.duration(to: clock.now).timeInterval
    }
}

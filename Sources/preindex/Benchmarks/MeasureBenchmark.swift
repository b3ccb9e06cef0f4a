import Datasets
import Foundation
import Measures
import Networks
import Retraining
import Shifts
import Tensors

/// `preindex bench measure`: the measure stage against the Python reference on the same dump,
/// end-to-end measure throughput, and peak memory at two sample counts.
struct MeasureBenchmark {
    var samples = 2_000
    var batch = 128

    /// The measure stage alone, on the dump of an untrained resnet-mini and of a trained one (the
    /// clustering differs: an untrained network's embedding has no class structure).
    func stage() throws -> [BenchmarkResult] {
        try stage(of: try Self.untrained(.resnetMini), named: "untrained resnet-mini")
            + stage(of: try trainedModel(), named: "trained resnet-mini")
    }

    /// This engine recomputing the stage from a dump of `model` vs `Tests/Fixtures/bench_measure.py` on the same dump.
    private func stage(of model: Model, named name: String) throws -> [BenchmarkResult] {
        let directory = NSTemporaryDirectory() + "preindex-bench-dump-\(getpid())"
        defer { try? FileManager.default.removeItem(atPath: directory) }
        _ = try measurement(model, samples: samples).runWithProgress(dumpDirectory: directory)
        // Like the reference script, time the measure stage on activations already in memory.
        let contents = try ActivationDump.Contents(directory: directory)
        // Best of 5 runs of the whole stage, and of each half on its own (so they need not add up
        // to the best whole exactly); taken before and again after the reference script, whose one
        // run lasts seconds, so that a slow spell of a shared machine during our half second
        // cannot decide the figure alone.
        func best() throws -> (whole: Double, perSample: Double, clustering: Double) {
            let whole = try Stopwatch.measure(warmup: 1, runs: 5) { _ = try contents.measure() }.min()!
            let perSample = Stopwatch.measure(warmup: 0, runs: 5) { _ = contents.accumulated() }.min()!
            let clustering = Stopwatch.measure(warmup: 0, runs: 5) {
                _ = EmbeddingClustering.inverseARI(
                    clean: contents.embeddingClean, shifted: contents.embeddingShifted, labels: contents.labels,
                    classes: contents.metadata.classes)
            }.min()!
            return (whole, perSample, clustering)
        }
        var (ours, perSample, clustering) = try best()
        let python = PythonScript.run("Tests/Fixtures/bench_measure.py", [directory])
        if python != nil {
            let again = try best()
            (ours, perSample, clustering) = (min(ours, again.whole), min(perSample, again.perSample), min(clustering, again.clustering))
        }
        var results = [
            BenchmarkResult(name: "measure stage, \(name) dump, \(samples) samples", value: Double(samples) / ours, unit: "samples/s"),
            BenchmarkResult(name: "  of which histograms + distances + ARM", value: perSample, unit: "s"),
            BenchmarkResult(name: "  of which k-means + ARI (3 runs)", value: clustering, unit: "s"),
        ]
        if let python, let histograms = python["histogram_distance_seconds"] as? Double,
            let kMeans = python["kmeans_ari_seconds"] as? Double, let arm = python["arm_seconds"] as? Double
        {
            // Its `seconds` leaves ARM out; ours includes it, so add it back for a like-for-like ratio.
            let reference = histograms + kMeans + arm
            results += [
                BenchmarkResult(name: "measure stage in numpy/scipy/sklearn", value: Double(samples) / reference, unit: "samples/s"),
                BenchmarkResult(name: "measure stage, engine vs reference", value: reference / ours, unit: "×"),
                BenchmarkResult(
                    name: "  histograms + distances + ARM, engine vs reference", value: (histograms + arm) / perSample,
                    unit: "×"),
                BenchmarkResult(name: "  k-means + ARI, engine vs scikit-learn", value: kMeans / clustering, unit: "×"),
            ]
        }
        return results
    }

    /// resnet-mini trained for 3 epochs on the benchmark's images, kept under `~/.cache/preindex`
    /// so that later runs skip the training.
    private func trainedModel() throws -> Model {
        let directory = FileManager.default.homeDirectoryForCurrentUser.path + "/.cache/preindex"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let path = directory + "/bench-measure-resnet-mini-\(samples).safetensors"
        if !FileManager.default.fileExists(atPath: path) {
            try Preindex.Train.parse([
                "--arch", "resnet-mini", "--dataset", "builtin:shapes?train=\(samples)&test=0&seed=0", "--epochs", "3",
                "--out", path, "--quiet",
            ]).run()
        }
        return try Model(contentsOfFile: path)
    }

    /// Samples per second of `measure` end to end (clean + one shifted forward, measures included).
    func throughput(_ name: Architecture.Name, samples: Int) throws -> BenchmarkResult {
        let run = try measurement(try Self.untrained(name), samples: samples)
        let seconds = try Stopwatch.measure(warmup: 0, runs: 1) { _ = try run.runWithProgress() }[0]
        return BenchmarkResult(name: "measure end to end, \(name.rawValue), \(samples) samples", value: Double(samples) / seconds, unit: "samples/s")
    }

    /// A freshly initialised `name` for builtin:shapes' 3×32×32 images and 10 classes (seed 1).
    private static func untrained(_ name: Architecture.Name) throws -> Model {
        try Model(Architecture(name, inputChannels: 3, inputHeight: 32, inputWidth: 32, classes: 10), seed: 1)
    }

    /// A measurement of `model` on builtin:shapes under gaussian:0.1, as `preindex measure` runs it.
    private func measurement(_ model: Model, samples: Int) throws -> ShiftedMeasurement {
        ShiftedMeasurement(
            model: model,
            data: BuiltinShapes(trainCount: samples, testCount: 0, seed: 0).generate().train,
            shifts: [try Shift(parsing: "gaussian:0.1")], batchSize: batch)
    }

    /// Peak resident memory of a `preindex measure` child process at each sample count.
    func memory(sampleCounts: [Int]) throws -> [BenchmarkResult] {
        // What legitimately grows with the samples: the dataset held in memory (3×32×32 floats per
        // image), the clean + shifted embedding rows k-means needs (64×8×8 floats each for resnet-mini)
        // and, where the CPU has the binary16 kernels, k-means' copy of one of them (2 bytes a value).
        let model = NSTemporaryDirectory() + "preindex-bench-model-\(getpid()).safetensors"
        defer { try? FileManager.default.removeItem(atPath: model) }
        try Self.untrained(.resnetMini).write(toFile: model)
        return try sampleCounts.map { count in
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
            process.arguments = [
                "measure", "--model", model, "--dataset", "builtin:shapes?train=\(count)&test=0", "--shift", "gaussian:0.1",
                "--json",
            ]
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            process.waitUntilExit()
            var usage = rusage()
            getrusage(__rusage_who_t(RUSAGE_CHILDREN.rawValue), &usage)
            // ru_maxrss is the largest child so far, in KiB: counts run in increasing order.
            let peak = Double(usage.ru_maxrss) / 1_048_576
            let halfCopy = HalfPrecision.isAccelerated ? count * 64 * 8 * 8 * 2 : 0
            let growing = Double(count * (3 * 32 * 32 + 2 * 64 * 8 * 8) * 4 + halfCopy) / 1_073_741_824
            return [
                BenchmarkResult(name: "measure peak memory, resnet-mini, \(count) samples", value: peak, unit: "GiB"),
                BenchmarkResult(name: "  of which dataset, embeddings, k-means copy", value: growing, unit: "GiB"),
                BenchmarkResult(name: "  the rest (streaming part, runtime, model)", value: peak - growing, unit: "GiB"),
            ]
        }.flatMap { $0 }
    }
}

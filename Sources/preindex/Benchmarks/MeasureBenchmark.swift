import Datasets
import Foundation
import Measures
import Networks
import Shifts
import Tensors

/// `preindex bench measure`: the measure stage against the Python reference on the same dump,
/// end-to-end measure throughput, and peak memory at two sample counts.
struct MeasureBenchmark {
    var samples = 2_000
    var batch = 128

    /// The measure stage alone: this engine recomputing from a dump vs `Tests/Fixtures/bench_measure.py`.
    func stage() throws -> [BenchmarkResult] {
        let directory = NSTemporaryDirectory() + "preindex-bench-dump-\(getpid())"
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let model = try Model(Architecture(.resnetMini, inputChannels: 3, inputHeight: 32, inputWidth: 32, classes: 10), seed: 1)
        let data = BuiltinShapes(trainCount: samples, testCount: 0, seed: 0).generate().train
        let shift = try Shift(parsing: "gaussian:0.1")
        var measurement = try Measurement(model: model, recordsDump: true)
        var first = 0
        for batch in try Batches(data, batchSize: batch) {
            try measurement.add(clean: batch.images, shifted: [shift.apply(to: batch.images, firstSampleIndex: first)], labels: batch.labels)
            first += batch.count
        }
        try measurement.writeDump(to: directory, shift: shift.description, seed: 0)
        let ours = try Stopwatch.measure(warmup: 1, runs: 3) { _ = try ActivationDump.measure(directory: directory) }.min()!
        var results = [
            BenchmarkResult(
                name: "measure stage, resnet-mini dump, \(samples) samples", value: Double(samples) / ours, unit: "samples/s")
        ]
        if let python = PythonScript.run("Tests/Fixtures/bench_measure.py", [directory]),
            let rate = python["samples_per_second"] as? Double
        {
            results.append(BenchmarkResult(name: "measure stage in numpy/scipy/sklearn", value: rate, unit: "samples/s"))
            results.append(BenchmarkResult(name: "measure stage, engine vs reference", value: Double(samples) / ours / rate, unit: "×"))
        }
        return results
    }

    /// Samples per second of `measure` end to end (clean + one shifted forward, measures included).
    func throughput(_ name: Architecture.Name, samples: Int) throws -> BenchmarkResult {
        let model = try Model(Architecture(name, inputChannels: 3, inputHeight: 32, inputWidth: 32, classes: 10), seed: 1)
        let data = BuiltinShapes(trainCount: samples, testCount: 0, seed: 0).generate().train
        let shift = try Shift(parsing: "gaussian:0.1")
        let seconds = try Stopwatch.measure(warmup: 0, runs: 1) {
            var measurement = try Measurement(model: model)
            var first = 0
            for batch in try Batches(data, batchSize: batch) {
                try measurement.add(clean: batch.images, shifted: [shift.apply(to: batch.images, firstSampleIndex: first)], labels: batch.labels)
                first += batch.count
            }
            _ = try measurement.finish(shift: shift.description)
        }[0]
        return BenchmarkResult(name: "measure end to end, \(name.rawValue), \(samples) samples", value: Double(samples) / seconds, unit: "samples/s")
    }

    /// Peak resident memory of a `preindex measure` child process at each sample count.
    func memory(sampleCounts: [Int]) throws -> [BenchmarkResult] {
        let model = NSTemporaryDirectory() + "preindex-bench-model-\(getpid()).safetensors"
        defer { try? FileManager.default.removeItem(atPath: model) }
        try Model(Architecture(.resnetMini, inputChannels: 3, inputHeight: 32, inputWidth: 32, classes: 10), seed: 1)
            .write(toFile: model)
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
            return BenchmarkResult(
                name: "measure peak memory, resnet-mini, \(count) samples", value: Double(usage.ru_maxrss) / 1_048_576,
                unit: "GiB")
        }
    }
}

import ArgumentParser
import Cluster
import Cooperative
import Foundation
import Networks
import Tensors

extension Preindex {
    struct Bench: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Measure the engine's speed, as ratios against references measured in the same run.",
            discussion: """
                gemm: the sgemm peak of this machine (the reference for the others).
                forward: inference images/s and GFLOP/s of resnet-mini and resnet18, as a fraction of the peak,
                  and the same resnet18 forward in numpy (Tests/Fixtures/bench_numpy.py) when python3 has numpy.
                train: training-step images/s and GFLOP/s (3× forward FLOPs), and peak resident memory.
                measure: the measure stage on a dump vs Tests/Fixtures/bench_measure.py (numpy/scipy/sklearn) on the \
                  same dump; end-to-end measure samples/s for resnet-mini and resnet18; peak memory at 10k and 50k samples.
                cluster: no-op tasks through a coordinator (SQLite store) and 2 workers on loopback: tasks/s, dispatch \
                  latency p50/p99, and the same number of bare ZeroMQ ROUTER/DEALER round trips for the ratio; then a \
                  real measure job (resnet-mini, 1,000 samples, 4 shift types × 3 levels) run directly, through the \
                  cluster with 1 worker and with 2 (one thread each): speed-up and overhead of the cluster path.
                calibrate: resnet-mini on builtin:shapes, gaussian and blur at 4 levels each, really retrained: Spearman ρ \
                  of PreIndex against epochs and kWh, and the predictor the calibration chose (several minutes).
                cooperative: a cooperative dynamic-depth package (Leader + 2 Teammates, --arch) on builtin:shapes \
                  against each of its networks trained alone for the same epochs: test accuracy per depth and kWh \
                  per approach (--samples, --epochs; a few minutes at the defaults).
                """
        )

        enum Name: String, ExpressibleByArgument, CaseIterable {
            case gemm, forward, train, measure, calibrate, cluster, cooperative
        }

        @Argument(help: "Which benchmark: \(Name.allCases.map(\.rawValue).joined(separator: ", ")).")
        var name: Name

        @Option(help: "Images per batch.")
        var batch = 64

        @Option(help: "Timed runs per figure (the best is reported; this machine varies by ±5% between runs).")
        var runs = 5

        @Flag(help: "Print the results as JSON.")
        var json = false

        @Option(help: "cooperative: the Teammates' architecture (resnet-mini, resnet18, cnn or vgg-mini).")
        var arch: Architecture.Name = .resnetMini

        @Option(help: "cooperative: training images of builtin:shapes (the test split has half as many).")
        var samples = 2_000

        @Option(help: "cooperative: epochs of the cooperative run and (unless --twin-epochs) of each network trained alone.")
        var epochs = 5

        @Option(
            help: ArgumentHelp(
                "cooperative: epochs of each network trained alone (default: --epochs).",
                discussion: "Compares at a different budget than the same epochs both ways, e.g. a shorter cooperative run against twins trained longer."))
        var twinEpochs: Int?

        @Option(help: "cooperative: sub-networks of each Teammate trained per batch (default: all; resnet18: 3).")
        var subnetworksPerStep: Int?

        @Option(help: "cooperative: how those sub-networks are drawn: uniform or by-skipped-blocks (default: uniform).")
        var subnetworkDraw: SubnetworkDraw?

        @Option(help: "cooperative: SGD learning rate of the cooperative run and of every network alone (default 0.05; resnet18: 0.01).")
        var lr: Float?

        @Option(help: "cooperative: clip each cooperative network's gradient norm to this at every step (default: no clipping).")
        var clipGradNorm: Double?

        @Option(help: "cooperative: the Leader's architecture (default: the Teammates').")
        var leaderArch: Architecture.Name?

        @OptionGroup var energy: EnergyOptionGroup

        @OptionGroup var global: GlobalOptions

        func validate() throws {
            guard batch >= 1 else { throw ValidationError("--batch must be at least 1") }
            guard runs >= 1 else { throw ValidationError("--runs must be at least 1") }
            guard samples >= 2, epochs >= 1 else { throw ValidationError("--samples must be at least 2 and --epochs at least 1") }
            if let twinEpochs, twinEpochs < 1 { throw ValidationError("--twin-epochs must be at least 1, got \(twinEpochs)") }
            if let lr, !(lr.isFinite && lr > 0) { throw ValidationError("--lr must be a positive number, got \(lr)") }
            if let clipGradNorm, !(clipGradNorm.isFinite && clipGradNorm > 0) {
                throw ValidationError("--clip-grad-norm must be a positive number, got \(clipGradNorm)")
            }
        }

        func run() throws {
            let logger = global.makeLogger()
            if name == .cooperative {
                let bench = CooperativeBenchmark(
                    architecture: arch, trainSamples: samples, testSamples: max(samples / 2, 1), epochs: epochs, twinEpochs: twinEpochs,
                    batchSize: batch, subnetworksPerStep: subnetworksPerStep, subnetworkDraw: subnetworkDraw, learningRate: lr, gradientClipNorm: clipGradNorm,
                    leaderArchitecture: leaderArch, meter: try energy.meter())
                let report = try bench.run(logger: logger)
                if json { try JSONOutput.print(report) } else { print("threads: \(Compute.threadCount)\n" + report.text) }
                return
            }
            var results = GemmBenchmark().run()
            let peak = results.last!.value
            let cifar = { (name: Architecture.Name) in
                Architecture(name, inputChannels: 3, inputHeight: 32, inputWidth: 32, classes: 10)
            }
            switch name {
            case .gemm:
                break
            case .forward:
                for arch in [Architecture.Name.resnetMini, .resnet18] {
                    results += try NetworkBenchmark(architecture: cifar(arch), batch: batch, runs: runs).forward(peak: peak)
                }
                if let numpy = NumPyReference.resnet18Forward(batch: batch) {
                    let ours = results.last { $0.unit == "images/s" }!.value
                    results.append(numpy)
                    results.append(
                        BenchmarkResult(name: "resnet18 forward, engine vs numpy", value: ours / numpy.value, unit: "×"))
                }
            case .measure:
                let bench = MeasureBenchmark(batch: 128)
                results += try bench.stage()
                results.append(try bench.throughput(.resnetMini, samples: 2_000))
                results.append(try bench.throughput(.resnet18, samples: 256))
                results += try bench.memory(sampleCounts: [10_000, 50_000])
            case .cooperative:
                break
            case .calibrate:
                results += try CalibrationBenchmark().run()
            case .cluster:
                let report = try ClusterBenchmark.noop(tasks: 5_000, workers: 2)
                let milliseconds = { (d: Duration) in Double(d.components.seconds) * 1e3 + Double(d.components.attoseconds) / 1e15 }
                results += [
                    BenchmarkResult(name: "no-op tasks, coordinator + 2 workers", value: report.tasksPerSecond, unit: "tasks/s"),
                    BenchmarkResult(name: "  dispatch latency p50", value: milliseconds(report.dispatchLatencyP50), unit: "ms"),
                    BenchmarkResult(name: "  dispatch latency p99", value: milliseconds(report.dispatchLatencyP99), unit: "ms"),
                    BenchmarkResult(name: "bare ROUTER/DEALER round trips, 2 peers", value: report.bareRoundTripsPerSecond, unit: "round trips/s"),
                    BenchmarkResult(
                        name: "cluster vs bare ZeroMQ", value: report.tasksPerSecond, unit: "tasks/s",
                        ratio: report.ratio, reference: "bare round trips"),
                ]
                let job = try MeasureJobBenchmark().run()
                results += [
                    BenchmarkResult(name: "measure job (\(job.tasks) tasks), direct, 1 thread", value: job.directSeconds, unit: "s"),
                    BenchmarkResult(name: "  through the cluster, 1 worker", value: job.oneWorkerSeconds, unit: "s"),
                    BenchmarkResult(name: "  through the cluster, 2 workers", value: job.twoWorkerSeconds, unit: "s"),
                    BenchmarkResult(name: "  speed-up, 2 workers vs 1", value: job.speedUp, unit: "×"),
                    BenchmarkResult(name: "  cluster overhead vs direct", value: job.overhead * 100, unit: "%"),
                ]
            case .train:
                for arch in [Architecture.Name.resnetMini, .resnet18] {
                    results += try NetworkBenchmark(architecture: cifar(arch), batch: batch, runs: runs).train(peak: peak)
                }
                if let bytes = peakResidentBytes() {
                    results.append(
                        BenchmarkResult(name: "peak resident memory", value: Double(bytes) / 1_073_741_824, unit: "GiB"))
                }
            }
            if json {
                try JSONOutput.print(results)
            } else {
                print("threads: \(Compute.threadCount)")
                results.forEach { print($0.line) }
            }
        }
    }
}

import ArgumentParser
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
                calibrate: resnet-mini on builtin:shapes, gaussian and blur at 4 levels each, really retrained: Spearman ρ \
                  of PreIndex against epochs and kWh, and the predictor the calibration chose (several minutes).
                """
        )

        enum Name: String, ExpressibleByArgument, CaseIterable {
            case gemm, forward, train, measure, calibrate
        }

        @Argument(help: "Which benchmark: \(Name.allCases.map(\.rawValue).joined(separator: ", ")).")
        var name: Name

        @Option(help: "Images per batch.")
        var batch = 64

        @Option(help: "Timed runs per figure (the best is reported).")
        var runs = 3

        @Flag(help: "Print the results as JSON.")
        var json = false

        @OptionGroup var global: GlobalOptions

        func validate() throws {
            guard batch >= 1 else { throw ValidationError("--batch must be at least 1") }
            guard runs >= 1 else { throw ValidationError("--runs must be at least 1") }
        }

        func run() throws {
            _ = global.makeLogger()
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
            case .calibrate:
                results += try CalibrationBenchmark().run()
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

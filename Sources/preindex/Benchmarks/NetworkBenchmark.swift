import Networks
import Tensors

/// Forward and training throughput of an architecture on random data, as GFLOP/s and images/s.
struct NetworkBenchmark {
    var architecture: Architecture
    var batch = 64
    var runs = 3

    /// Images per second and GFLOP/s of inference forward passes (FLOPs = 2 × multiply-adds).
    func forward(peak: Double) throws -> [BenchmarkResult] {
        var model = try Model(architecture, seed: 1)
        let images = randomImages()
        let seconds = try Stopwatch.measure(runs: runs) { _ = try model.forward(images) }.min()!
        return results("forward", seconds: seconds, flops: 2 * Double(model.multiplyAdds(batch: batch)), peak: peak)
    }

    /// Images per second and GFLOP/s of SGD training steps (FLOPs = 3 × the forward's).
    func train(peak: Double) throws -> [BenchmarkResult] {
        var model = try Model(architecture, seed: 1)
        var optimizer = SGD(learningRate: 0.01, momentum: 0.9, weightDecay: 5e-4)
        let images = randomImages()
        let labels = (0..<batch).map { $0 % architecture.classes }
        let loss = CrossEntropyLoss()
        let seconds = try Stopwatch.measure(runs: runs) {
            let logits = try model.forward(images, context: .training)
            model.backward(loss(logits: logits, labels: labels).gradient)
            model.step(with: &optimizer)
        }.min()!
        return results("train step", seconds: seconds, flops: 6 * Double(model.multiplyAdds(batch: batch)), peak: peak)
    }

    private func results(_ what: String, seconds: Double, flops: Double, peak: Double) -> [BenchmarkResult] {
        let label = "\(architecture.name.rawValue) \(what), batch \(batch)"
        let rate = flops / seconds / 1e9
        return [
            BenchmarkResult(name: label, value: Double(batch) / seconds, unit: "images/s"),
            BenchmarkResult(name: label, value: rate, unit: "GFLOP/s", ratio: rate / peak, reference: "sgemm peak"),
        ]
    }

    private func randomImages() -> Tensor {
        var generator = SeededGenerator(seed: 7)
        let shape = architecture.inputShape(batch: batch)
        return Tensor(shape: shape, scalars: (0..<shape.elementCount).map { _ in generator.nextUnit() })
    }
}

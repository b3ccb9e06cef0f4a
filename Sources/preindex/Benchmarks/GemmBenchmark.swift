import Tensors

/// The machine's sgemm peak: the reference every engine benchmark is a fraction of.
struct GemmBenchmark {
    var size = 2048
    var runs = 5

    /// GFLOP/s of `C = A·B` on `size`² matrices, best of the runs, with OpenBLAS's own threads
    /// and with the engine's row split over single-threaded calls; the larger is the peak.
    func run() -> [BenchmarkResult] {
        let a = Tensor(shape: [size, size], scalars: (0..<size * size).map { Float($0 % 7) * 0.1 })
        let flops = 2 * Double(size) * Double(size) * Double(size)
        let threads = Compute.threadCount
        BLAS.threads = threads
        var c = Tensor(zeros: [size, size])
        let native = Stopwatch.measure(runs: runs) {
            a.withUnsafeBufferPointer { pa in
                c.withUnsafeMutableBufferPointer { pc in
                    BLAS.sgemm(
                        m: size, n: size, k: size, a: pa.baseAddress!, lda: size, b: pa.baseAddress!, ldb: size,
                        c: pc.baseAddress!, ldc: size)
                }
            }
        }.min()!
        BLAS.threads = 1
        let split = Stopwatch.measure(runs: runs) { _ = try! Tensor.matmul(a, a) }.min()!
        let nativeRate = flops / native / 1e9, splitRate = flops / split / 1e9
        return [
            BenchmarkResult(name: "sgemm \(size)³, OpenBLAS \(threads) threads", value: nativeRate, unit: "GFLOP/s"),
            BenchmarkResult(name: "sgemm \(size)³, engine split \(threads) threads", value: splitRate, unit: "GFLOP/s"),
            BenchmarkResult(name: "sgemm peak (\(BLAS.coreName) kernels)", value: max(nativeRate, splitRate), unit: "GFLOP/s"),
        ]
    }

    /// The peak alone, in GFLOP/s.
    func peak() -> Double { run().last!.value }
}

/// Matrix products of rank-2 tensors, split by rows over ``Compute``'s threads.
extension Tensor {
    /// `op(a) · op(b)`, where `op` transposes when asked; `a` and `b` must be rank 2.
    ///
    /// The result is `m × n` with `m` the rows of `op(a)` and `n` the columns of `op(b)`;
    /// rows of the result are computed in parallel blocks by single-threaded `sgemm` calls.
    ///
    /// - Throws: ``TensorError/Code/shapeMismatch`` when the inner dimensions differ.
    public static func matmul(
        _ a: Tensor, _ b: Tensor, transposeA: Bool = false, transposeB: Bool = false
    ) throws(TensorError) -> Tensor {
        guard a.shape.rank == 2, b.shape.rank == 2 else {
            throw TensorError(.invalidShape, "matmul needs rank-2 operands, got \(a.shape) and \(b.shape)")
        }
        let m = transposeA ? a.shape[1] : a.shape[0]
        let inner = transposeA ? a.shape[0] : a.shape[1]
        let innerB = transposeB ? b.shape[1] : b.shape[0]
        let n = transposeB ? b.shape[0] : b.shape[1]
        guard inner == innerB else {
            throw TensorError(
                .shapeMismatch,
                "matmul of \(a.shape)\(transposeA ? "ᵀ" : "") and \(b.shape)\(transposeB ? "ᵀ" : ""): inner sizes \(inner) and \(innerB) differ")
        }
        var result = Tensor(zeros: [m, n])
        // Blocks of rows big enough that a thread's share is worth its start-up.
        let work = m * n * inner
        let blocks = work < 1 << 18 ? 1 : min(m, Compute.threadCount * 2)
        let rowsPerBlock = (m + blocks - 1) / max(1, blocks)
        a.withUnsafeBufferPointer { pa in
            b.withUnsafeBufferPointer { pb in
                result.withUnsafeMutableBufferPointer { pc in
                    let pa = UncheckedSendable(pa.baseAddress!)
                    let pb = UncheckedSendable(pb.baseAddress!)
                    let pc = UncheckedSendable(pc.baseAddress!)
                    Compute.forEach(blocks) { block in
                        let first = block * rowsPerBlock
                        let rows = min(m, first + rowsPerBlock) - first
                        guard rows > 0 else { return }
                        // Row `first` of op(a) starts at a[first, 0], or at column `first` when transposed.
                        let aStart = transposeA ? pa.value + first : pa.value + first * a.shape[1]
                        BLAS.sgemm(
                            transposeA: transposeA ? .transposed : .none,
                            transposeB: transposeB ? .transposed : .none,
                            m: rows, n: n, k: inner,
                            a: aStart, lda: a.shape[1], b: pb.value, ldb: b.shape[1],
                            c: pc.value + first * n, ldc: n)
                    }
                }
            }
        }
        return result
    }
}

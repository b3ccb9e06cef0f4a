// The only file that imports CBLAS. Each function wraps one `cblas_*` call with Swift labels;
// callers inside the package pass raw pointers they obtained from a `Tensor` or a workspace.
// Leading dimensions are checked with `precondition`: a wrong one is our bug, not bad input.

import CBLAS

/// OpenBLAS entry points used by the engine (package-internal).
package enum BLAS {
    /// Whether an operand of ``sgemm(transposeA:transposeB:m:n:k:alpha:a:lda:b:ldb:beta:c:ldc:)`` is transposed.
    package enum Transpose: Sendable {
        case none, transposed
        var cblas: CBLAS_TRANSPOSE { self == .none ? CblasNoTrans : CblasTrans }
    }

    /// `C ← alpha · op(A) · op(B) + beta · C`, row-major, with `op(A)` m×k and `op(B)` k×n.
    ///
    /// The corresponding C function is `cblas_sgemm`.
    @inline(__always)
    package static func sgemm(
        transposeA: Transpose = .none, transposeB: Transpose = .none,
        m: Int, n: Int, k: Int,
        alpha: Float = 1,
        a: UnsafePointer<Float>, lda: Int,
        b: UnsafePointer<Float>, ldb: Int,
        beta: Float = 0,
        c: UnsafeMutablePointer<Float>, ldc: Int
    ) {
        precondition(m >= 0 && n >= 0 && k >= 0, "negative GEMM size \(m)×\(n)×\(k)")
        precondition(lda >= max(1, transposeA == .none ? k : m), "lda \(lda) too small")
        precondition(ldb >= max(1, transposeB == .none ? n : k), "ldb \(ldb) too small")
        precondition(ldc >= max(1, n), "ldc \(ldc) too small")
        guard m > 0, n > 0 else { return }
        cblas_sgemm(
            CblasRowMajor, transposeA.cblas, transposeB.cblas,
            Int32(m), Int32(n), Int32(k), alpha, a, Int32(lda), b, Int32(ldb), beta, c, Int32(ldc))
    }

    /// `Σ x[i]·y[i]` over `count` contiguous floats, with OpenBLAS's kernel for this CPU (wider
    /// vectors than the engine's portable code gets).
    ///
    /// The corresponding C function is `cblas_sdot`.
    @inline(__always)
    package static func sdot(count: Int, _ x: UnsafePointer<Float>, _ y: UnsafePointer<Float>) -> Float {
        precondition(count >= 0 && count <= Int(Int32.max), "dot product of \(count) elements")
        return cblas_sdot(Int32(count), x, 1, y, 1)
    }

    /// `y ← alpha · x + y` over `count` contiguous floats, with OpenBLAS's kernel for this CPU.
    ///
    /// The corresponding C function is `cblas_saxpy`.
    @inline(__always)
    package static func saxpy(count: Int, alpha: Float, _ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>) {
        precondition(count >= 0 && count <= Int(Int32.max), "axpy of \(count) elements")
        cblas_saxpy(Int32(count), alpha, x, 1, y, 1)
    }

    /// The number of threads OpenBLAS uses inside one call.
    ///
    /// The corresponding C functions are `openblas_set_num_threads` and `openblas_get_num_threads`.
    package static var threads: Int {
        get { Int(openblas_get_num_threads()) }
        set { openblas_set_num_threads(Int32(max(1, newValue))) }
    }

    /// The processors OpenBLAS detected. The corresponding C function is `openblas_get_num_procs`.
    package static var processors: Int { Int(openblas_get_num_procs()) }

    /// OpenBLAS's build description (version, kernel). The corresponding C function is `openblas_get_config`.
    package static var configuration: String { String(cString: openblas_get_config()) }

    /// The kernel family OpenBLAS chose for this CPU. The corresponding C function is `openblas_get_corename`.
    package static var coreName: String { String(cString: openblas_get_corename()) }
}

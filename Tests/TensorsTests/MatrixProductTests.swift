import Testing
import Tensors
import TestSupport

private func naiveProduct(_ a: [[Double]], _ b: [[Double]]) -> [Float] {
    a.flatMap { row in (0..<b[0].count).map { j in Float(zip(row, b).reduce(0.0) { $0 + $1.0 * $1.1[j] }) } }
}

private func rows(_ t: Tensor, transposed: Bool) -> [[Double]] {
    let (r, c) = (t.shape[0], t.shape[1])
    return transposed
        ? (0..<c).map { j in (0..<r).map { Double(t.scalars[$0 * c + j]) } }
        : (0..<r).map { i in (0..<c).map { Double(t.scalars[i * c + $0]) } }
}

@Test(arguments: [(false, false), (true, false), (false, true), (true, true)])
func matmulMatchesNaiveProductForEveryTransposition(transposeA: Bool, transposeB: Bool) throws {
    let (m, k, n) = (67, 33, 129)
    let a = randomTensor(transposeA ? [k, m] : [m, k], seed: 1)
    let b = randomTensor(transposeB ? [n, k] : [k, n], seed: 2)
    let product = try Tensor.matmul(a, b, transposeA: transposeA, transposeB: transposeB)
    #expect(product.shape == [m, n])
    #expect(relativeError(product.scalars, naiveProduct(rows(a, transposed: transposeA), rows(b, transposed: transposeB))) < 1e-5)
}

@Test func matmulRejectsMismatchedInnerSizes() throws {
    let error = try #require(throws: TensorError.self) { try Tensor.matmul(Tensor(zeros: [2, 3]), Tensor(zeros: [4, 5])) }
    #expect(error.code == .shapeMismatch)
}

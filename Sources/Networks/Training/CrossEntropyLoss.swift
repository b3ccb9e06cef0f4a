import Foundation
import Tensors

/// Mean cross-entropy of logits against integer labels, with a stable log-softmax.
///
/// ```
/// loss = −(1/N) Σ_n log softmax(z_n)[y_n],   log softmax(z)_k = z_k − max z − log Σ_j exp(z_j − max z)
/// ∂loss/∂z_n = (softmax(z_n) − onehot(y_n)) / N
/// ```
/// Sums are accumulated in `Double`.
public struct CrossEntropyLoss: Sendable {
    public init() {}

    /// The loss, its gradient with respect to `logits` and how many predictions were right.
    ///
    /// - Precondition: `logits` is `[N, K]` and every label is in `0..<K` (datasets check labels on load).
    public func callAsFunction(logits: Tensor, labels: [Int]) -> (loss: Double, gradient: Tensor, correct: Int) {
        let n = logits.shape[0], k = logits.shape[1]
        precondition(labels.count == n, "\(labels.count) labels for \(n) rows")
        var gradient = Tensor(zeros: logits.shape)
        var total = 0.0
        var correct = 0
        logits.withUnsafeBufferPointer { z in
            gradient.withUnsafeMutableBufferPointer { g in
                for row in 0..<n {
                    let label = labels[row]
                    precondition(label >= 0 && label < k, "label \(label) outside 0..<\(k)")
                    let base = row * k
                    var maximum = z[base], argmax = 0
                    for j in 1..<k where z[base + j] > maximum { maximum = z[base + j]; argmax = j }
                    if argmax == label { correct += 1 }
                    var sum = 0.0
                    for j in 0..<k { sum += exp(Double(z[base + j] - maximum)) }
                    let logSum = log(sum)
                    total -= Double(z[base + label] - maximum) - logSum
                    for j in 0..<k {
                        let p = exp(Double(z[base + j] - maximum) - logSum)
                        g[base + j] = Float((p - (j == label ? 1 : 0)) / Double(n))
                    }
                }
            }
        }
        return (total / Double(n), gradient, correct)
    }
}

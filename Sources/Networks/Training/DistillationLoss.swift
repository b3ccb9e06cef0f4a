import Foundation
import Tensors

/// Knowledge-distillation loss: KL divergence from the teacher's to the student's softened
/// distribution, scaled by T² so gradients keep their size across temperatures (Hinton et al.).
///
/// ```
/// p = softmax(teacher / T),  q = softmax(student / T)
/// loss = T² · (1/N) Σ_n Σ_k p_nk (log p_nk − log q_nk)        (PyTorch KLDivLoss, batchmean)
/// ∂loss/∂student_n = T · (q_n − p_n) / N
/// ```
public struct DistillationLoss: Sendable {
    /// The softening temperature T > 0.
    public var temperature: Double

    public init(temperature: Double) {
        precondition(temperature > 0, "temperature must be positive")
        self.temperature = temperature
    }

    /// The loss and its gradient with respect to the student's logits; the teacher gets none.
    public func callAsFunction(student: Tensor, teacher: Tensor) -> (loss: Double, gradient: Tensor) {
        precondition(student.shape == teacher.shape && student.shape.rank == 2)
        let n = student.shape[0], k = student.shape[1]
        let t = temperature
        var gradient = Tensor(zeros: student.shape)
        var total = 0.0
        student.withUnsafeBufferPointer { s in
            teacher.withUnsafeBufferPointer { te in
                gradient.withUnsafeMutableBufferPointer { g in
                    for row in 0..<n {
                        let q = Self.logSoftmax(s, row * k, k, t)
                        let p = Self.logSoftmax(te, row * k, k, t)
                        for j in 0..<k {
                            let pj = exp(p[j])
                            total += pj * (p[j] - q[j])
                            g[row * k + j] = Float(t * (exp(q[j]) - pj) / Double(n))
                        }
                    }
                }
            }
        }
        return (t * t * total / Double(n), gradient)
    }

    private static func logSoftmax(_ z: UnsafeBufferPointer<Float>, _ base: Int, _ k: Int, _ t: Double) -> [Double] {
        let scaled = (0..<k).map { Double(z[base + $0]) / t }
        let maximum = scaled.max()!
        let logSum = log(scaled.reduce(0) { $0 + exp($1 - maximum) }) + maximum
        return scaled.map { $0 - logSum }
    }
}

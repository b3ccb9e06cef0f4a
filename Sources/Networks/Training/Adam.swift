import Foundation
import Tensors

/// Adam, with L2 weight decay added to the gradient (`torch.optim.Adam`) or decoupled from
/// it (`torch.optim.AdamW`).
///
/// ```
/// g ← ∇ (+ weightDecay · θ for Adam);  θ ← θ · (1 − lr · weightDecay) for AdamW
/// m ← β1 m + (1 − β1) g;   v ← β2 v + (1 − β2) g²
/// θ ← θ − lr · (m / (1 − β1ᵗ)) / (√(v / (1 − β2ᵗ)) + ε)
/// ```
public struct Adam: Optimizer {
    public var learningRate: Float
    public var beta1: Float
    public var beta2: Float
    public var epsilon: Float
    public var weightDecay: Float
    /// `true` for AdamW's decoupled weight decay.
    public var decoupledWeightDecay: Bool
    private var moments: [String: (step: Int, m: [Float], v: [Float])] = [:]

    public init(
        learningRate: Float = 1e-3, beta1: Float = 0.9, beta2: Float = 0.999, epsilon: Float = 1e-8,
        weightDecay: Float = 0, decoupledWeightDecay: Bool = false
    ) {
        self.learningRate = learningRate
        self.beta1 = beta1
        self.beta2 = beta2
        self.epsilon = epsilon
        self.weightDecay = weightDecay
        self.decoupledWeightDecay = decoupledWeightDecay
    }

    /// AdamW: Adam with decoupled weight decay (default 0.01, as PyTorch).
    public static func adamW(learningRate: Float = 1e-3, weightDecay: Float = 0.01) -> Adam {
        Adam(learningRate: learningRate, weightDecay: weightDecay, decoupledWeightDecay: true)
    }

    public mutating func update(_ parameter: inout Parameter) {
        let count = parameter.value.count
        var state = moments.removeValue(forKey: parameter.name)
            ?? (0, [Float](repeating: 0, count: count), [Float](repeating: 0, count: count))
        state.step += 1
        let (lr, b1, b2, eps, wd) = (learningRate, beta1, beta2, epsilon, weightDecay)
        let correction1 = 1 - Float(pow(Double(b1), Double(state.step)))
        let correction2 = 1 - Float(pow(Double(b2), Double(state.step)))
        let decoupled = decoupledWeightDecay
        let gradient = parameter.gradient
        parameter.value.withUnsafeMutableBufferPointer { theta in
            gradient.withUnsafeBufferPointer { grad in
                for i in 0..<count {
                    var g = grad[i]
                    if decoupled { theta[i] *= 1 - lr * wd } else { g += wd * theta[i] }
                    state.m[i] = b1 * state.m[i] + (1 - b1) * g
                    state.v[i] = b2 * state.v[i] + (1 - b2) * g * g
                    let mHat = state.m[i] / correction1
                    let vHat = state.v[i] / correction2
                    theta[i] -= lr * mHat / (vHat.squareRoot() + eps)
                }
            }
        }
        moments[parameter.name] = state
    }
}

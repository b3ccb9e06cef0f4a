import Tensors

/// Stochastic gradient descent with momentum and L2 weight decay, as `torch.optim.SGD`.
///
/// ```
/// g ← ∇ + weightDecay · θ
/// v ← momentum · v + g          (v = g on the first step)
/// θ ← θ − lr · (nesterov ? g + momentum · v : v)
/// ```
public struct SGD: Optimizer {
    public var learningRate: Float
    public var momentum: Float
    public var weightDecay: Float
    public var nesterov: Bool
    private var velocity: [String: Tensor] = [:]

    public init(learningRate: Float, momentum: Float = 0, weightDecay: Float = 0, nesterov: Bool = false) {
        self.learningRate = learningRate
        self.momentum = momentum
        self.weightDecay = weightDecay
        self.nesterov = nesterov
    }

    public mutating func update(_ parameter: inout Parameter) {
        let (lr, mu, wd, nesterov) = (learningRate, momentum, weightDecay, nesterov)
        var v = velocity.removeValue(forKey: parameter.name)
        let first = v == nil
        if v == nil, mu != 0 { v = Tensor(zeros: parameter.value.shape) }
        let gradient = parameter.gradient
        parameter.value.withUnsafeMutableBufferPointer { theta in
            gradient.withUnsafeBufferPointer { grad in
                if var buffer = v {
                    buffer.withUnsafeMutableBufferPointer { buf in
                        for i in 0..<theta.count {
                            let g = grad[i] + wd * theta[i]
                            buf[i] = first ? g : mu * buf[i] + g
                            theta[i] -= lr * (nesterov ? g + mu * buf[i] : buf[i])
                        }
                    }
                    v = buffer
                } else {
                    for i in 0..<theta.count { theta[i] -= lr * (grad[i] + wd * theta[i]) }
                }
            }
        }
        if let v { velocity[parameter.name] = v }
    }
}

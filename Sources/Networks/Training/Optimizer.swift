import Tensors

/// Updates trainable parameters from their accumulated gradients.
public protocol Optimizer: Sendable {
    /// The step size the next ``update(_:)`` uses; schedules set it each epoch.
    var learningRate: Float { get set }
    /// Applies one step to `parameter` (trainable only), keeping per-parameter state by name.
    mutating func update(_ parameter: inout Parameter)
}

extension Model {
    /// One optimiser step over every trainable parameter, then zeroes the gradients.
    public mutating func step(with optimizer: inout some Optimizer) {
        visitParameters { parameter in
            guard parameter.isTrainable else { return }
            optimizer.update(&parameter)
            parameter.gradient.setZero()
        }
    }
}

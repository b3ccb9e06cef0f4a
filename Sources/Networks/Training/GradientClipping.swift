import Tensors

extension Model {
    /// Scales every trainable gradient down so that their global norm (``gradientNorm()``) is at
    /// most `maxNorm` (PyTorch's `clip_grad_norm_`: factor `maxNorm / (norm + 1e-6)` when that is
    /// below 1), which keeps one outsized step from throwing training off course. Returns the norm
    /// before clipping.
    @discardableResult
    public mutating func clipGradientNorm(to maxNorm: Double) -> Double {
        precondition(maxNorm > 0, "a gradient norm limit must be positive, got \(maxNorm)")
        let norm = gradientNorm()
        let factor = maxNorm / (norm + 1e-6)
        guard factor < 1 else { return norm }
        visitParameters { parameter in
            if parameter.isTrainable { parameter.gradient.scale(by: Float(factor)) }
        }
        return norm
    }
}

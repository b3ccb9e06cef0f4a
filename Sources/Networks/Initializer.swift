import Tensors

/// Weight initialisations, each drawing from a caller-owned seeded generator.
enum Initializer {
    /// Normal with standard deviation `√(2 / fanIn)` (He et al., for ReLU networks).
    static func kaimingNormal(_ shape: Shape, fanIn: Int, generator: inout SeededGenerator) -> Tensor {
        let std = (2 / Float(fanIn)).squareRoot()
        return Tensor(shape: shape, scalars: (0..<shape.elementCount).map { _ in generator.nextNormal() * std })
    }

    /// Uniform on `[−1/√fanIn, 1/√fanIn]`, PyTorch's default for Linear weights and biases.
    static func uniform(_ shape: Shape, fanIn: Int, generator: inout SeededGenerator) -> Tensor {
        let bound = 1 / Float(fanIn).squareRoot()
        return Tensor(
            shape: shape, scalars: (0..<shape.elementCount).map { _ in (generator.nextUnit() * 2 - 1) * bound })
    }
}

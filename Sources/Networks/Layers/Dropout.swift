import Tensors

/// Zeroes each element with probability `p` in training and scales the rest by `1/(1−p)`
/// (inverted dropout, PyTorch `nn.Dropout`); the identity in inference. Seeded: the masks
/// depend only on the seed and how many batches came before.
public struct Dropout: Layer {
    public let probability: Float
    private var generator: SeededGenerator
    private var mask: [Float] = []

    /// Dropout with drop probability `probability` in `[0, 1)`.
    public init(probability: Float, seed: UInt64) {
        precondition(probability >= 0 && probability < 1, "dropout probability \(probability) outside [0, 1)")
        self.probability = probability
        generator = SeededGenerator(seed: seed)
    }

    public mutating func forward(_ input: Tensor, context: ForwardContext) throws(TensorError) -> Tensor {
        guard context.isTraining, probability > 0 else { return input }
        let keep = 1 - probability
        mask = (0..<input.count).map { _ in generator.nextUnit() < keep ? 1 / keep : 0 }
        var output = input
        output.withUnsafeMutableBufferPointer { y in
            for i in 0..<y.count { y[i] *= mask[i] }
        }
        return output
    }

    public mutating func backward(_ gradOutput: Tensor) -> Tensor {
        guard !mask.isEmpty else { return gradOutput }
        var gradInput = gradOutput
        gradInput.withUnsafeMutableBufferPointer { g in
            for i in 0..<g.count { g[i] *= mask[i] }
        }
        mask = []
        return gradInput
    }

    public func outputShape(for shape: Shape) throws(TensorError) -> Shape { shape }
}

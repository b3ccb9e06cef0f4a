import Networks
import Tensors

/// Watches a forward pass and keeps, per Conv2d/Linear output, what the measures need: the
/// per-sample channel means (`[n, C]`, spatial mean for convolutions) of participating layers,
/// and the flattened output of the embedding layer. Nothing else of the activations is kept.
final class ActivationRecorder {
    let participates: (String, Int) -> Bool
    let embeddingLayer: String
    private(set) var means: [(name: String, values: Tensor)] = []
    private(set) var embedding: Tensor?

    init(embeddingLayer: String, participates: @escaping (String, Int) -> Bool) {
        self.embeddingLayer = embeddingLayer
        self.participates = participates
    }

    var context: ForwardContext {
        ForwardContext(mode: .inference) { [self] name, output in record(name, output) }
    }

    func reset() {
        means = []
        embedding = nil
    }

    private func record(_ name: String, _ output: Tensor) {
        if name == embeddingLayer { embedding = output.flattenedItems }
        guard participates(name, output.shape[1]) else { return }
        means.append((name, Self.channelMeans(output)))
    }

    /// `[n, C, H, W]` → `[n, C]` spatial means (accumulated in Double); `[n, F]` unchanged.
    static func channelMeans(_ output: Tensor) -> Tensor {
        guard output.shape.rank == 4 else { return output }
        let (n, c) = (output.shape[0], output.shape[1])
        let plane = output.shape[2] * output.shape[3]
        return Tensor(shape: [n, c], unsafeUninitialized: { means in
            output.withUnsafeBufferPointer { x in
                for row in 0..<(n * c) {
                    var sum = 0.0
                    for i in 0..<plane { sum += Double(x[row * plane + i]) }
                    means[row] = Float(sum / Double(plane))
                }
            }
        })
    }
}

/// A Conv2d or Linear layer as a forward pass reports it.
public struct ObservedLayer: Hashable, Sendable {
    public var name: String
    /// Output channels (convolution) or features (linear).
    public var width: Int
}

extension Model {
    /// The Conv2d and Linear layers in forward order, found by one inference pass on a blank image.
    public func observedLayers() -> [ObservedLayer] {
        var copy = self
        var layers: [ObservedLayer] = []
        _ = try? copy.network.forward(
            Tensor(zeros: architecture.inputShape(batch: 1)),
            context: ForwardContext(mode: .inference) { layers.append(ObservedLayer(name: $0, width: $1.shape[1])) })
        return layers
    }
}

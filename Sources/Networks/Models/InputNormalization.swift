import Tensors

/// The per-channel standardisation a model applies to its input, stored with the model so that
/// every command feeds it data the way it was trained: `(x − mean[c]) / std[c]`.
public struct InputNormalization: Codable, Hashable, Sendable {
    public var mean: [Float]
    public var std: [Float]

    public init(mean: [Float], std: [Float]) {
        self.mean = mean
        self.std = std
    }

    /// `images` `[N, C, H, W]` standardised channel by channel.
    func apply(to images: Tensor) -> Tensor {
        var output = images
        let channels = images.shape[1]
        let plane = images.shape.elementsPerItem / channels
        let scale = std.map { 1 / $0 }
        output.withUnsafeMutableBufferPointer { x in
            for start in stride(from: 0, to: x.count, by: plane) {
                let channel = (start / plane) % channels
                let (m, s) = (mean[channel], scale[channel])
                for i in start..<start + plane { x[i] = (x[i] - m) * s }
            }
        }
        return output
    }
}

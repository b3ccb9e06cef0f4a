/// How a rank-4 image array orders its axes.
public enum ImageLayout: String, Hashable, Sendable, CaseIterable, CustomStringConvertible {
    /// `[count, channels, height, width]`, as PyTorch and this engine use.
    case nchw
    /// `[count, height, width, channels]`, as NumPy image code and TensorFlow use.
    case nhwc

    /// The layout a shape implies: NHWC when only the last axis is 1 or 3 (grey or RGB), NCHW when
    /// only axis 1 is, `nil` when both or neither are (then the caller must say).
    public static func detect(_ shape: [Int]) -> ImageLayout? {
        guard shape.count == 4 else { return nil }
        let channelLike: Set = [1, 3]
        switch (channelLike.contains(shape[1]), channelLike.contains(shape[3])) {
        case (true, false): return .nchw
        case (false, true): return .nhwc
        default: return nil
        }
    }

    public var description: String { rawValue.uppercased() }
}

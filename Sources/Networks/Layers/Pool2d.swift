import Tensors

/// Max or average pooling over square windows of an NCHW batch (PyTorch `nn.MaxPool2d` /
/// `nn.AvgPool2d`, no padding, floor mode). A window of the whole input is global average pooling.
public struct Pool2d: Layer {
    /// How a window is reduced.
    public enum Kind: Sendable, Hashable {
        /// The largest element; on ties the first in row-major order, as PyTorch.
        case max
        /// The mean of the window.
        case average
    }

    public let kind: Kind
    /// The window side; `nil` means the whole input plane (global pooling).
    public let kernel: Int?
    public let stride: Int?
    private var inputShape: Shape?
    private var argmax: [Int32] = []

    /// Pooling with `kernel × kernel` windows moved by `stride` (default: `kernel`).
    public init(_ kind: Kind, kernel: Int, stride: Int? = nil) {
        self.kind = kind
        self.kernel = kernel
        self.stride = stride ?? kernel
    }

    /// Global average pooling: one value per channel.
    public static var globalAverage: Pool2d { Pool2d(kind: .average) }

    private init(kind: Kind) {
        self.kind = kind
        kernel = nil
        stride = nil
    }

    private struct Geometry {
        var kernelHeight, kernelWidth, stride, height, width, outHeight, outWidth: Int
    }

    private func geometry(for shape: Shape) throws(TensorError) -> Geometry {
        guard shape.rank == 4 else {
            throw TensorError(.shapeMismatch, "pooling expects [batch, channels, height, width], got \(shape)")
        }
        let (h, w) = (shape[2], shape[3])
        let (kh, kw, s) = kernel.map { ($0, $0, stride!) } ?? (h, w, 1)
        guard h >= kh, w >= kw else {
            throw TensorError(.invalidShape, "a \(kh)×\(kw) pooling window does not fit a \(h)×\(w) input")
        }
        return Geometry(
            kernelHeight: kh, kernelWidth: kw, stride: s, height: h, width: w,
            outHeight: (h - kh) / s + 1, outWidth: (w - kw) / s + 1)
    }

    public func outputShape(for shape: Shape) throws(TensorError) -> Shape {
        let g = try geometry(for: shape)
        return [shape[0], shape[1], g.outHeight, g.outWidth]
    }

    public mutating func forward(_ input: Tensor, context: ForwardContext) throws(TensorError) -> Tensor {
        let g = try geometry(for: input.shape)
        let planes = input.shape[0] * input.shape[1]
        let outPlane = g.outHeight * g.outWidth
        var output = Tensor(zeros: [input.shape[0], input.shape[1], g.outHeight, g.outWidth])
        var argmax = [Int32](repeating: 0, count: kind == .max && context.isTraining ? output.count : 0)
        let kind = self.kind
        input.withUnsafeBufferPointer { x in
            output.withUnsafeMutableBufferPointer { y in
                argmax.withUnsafeMutableBufferPointer { arg in
                    let x = UncheckedSendable(x.baseAddress!), y = UncheckedSendable(y.baseAddress!)
                    // An empty array may still have a base address: only record when it is sized.
                    let arg = UncheckedSendable(arg.isEmpty ? nil : arg.baseAddress)
                    let area = Float(g.kernelHeight * g.kernelWidth)
                    Compute.forEach(planes) { p in
                        let source = x.value + p * g.height * g.width
                        for oy in 0..<g.outHeight {
                            for ox in 0..<g.outWidth {
                                let origin = oy * g.stride * g.width + ox * g.stride
                                var best = -Float.infinity, bestIndex = origin, total: Float = 0
                                for ky in 0..<g.kernelHeight {
                                    for kx in 0..<g.kernelWidth {
                                        let index = origin + ky * g.width + kx
                                        let v = source[index]
                                        total += v
                                        // `!(v <= best)` also takes NaN, so NaN propagates like PyTorch.
                                        if !(v <= best) { best = v; bestIndex = index }
                                    }
                                }
                                let o = p * outPlane + oy * g.outWidth + ox
                                y.value[o] = kind == .max ? best : total / area
                                arg.value?[o] = Int32(bestIndex)
                            }
                        }
                    }
                }
            }
        }
        inputShape = context.isTraining ? input.shape : nil
        self.argmax = argmax
        return output
    }

    public mutating func backward(_ gradOutput: Tensor) -> Tensor {
        guard let inputShape else { preconditionFailure("pooling: backward without a training forward") }
        let g: Geometry
        do { g = try geometry(for: inputShape) } catch { preconditionFailure("\(error)") }
        let planes = inputShape[0] * inputShape[1]
        let outPlane = g.outHeight * g.outWidth
        var gradInput = Tensor(zeros: inputShape)
        let kind = self.kind
        gradOutput.withUnsafeBufferPointer { dy in
            gradInput.withUnsafeMutableBufferPointer { dx in
                argmax.withUnsafeBufferPointer { arg in
                    let dy = UncheckedSendable(dy.baseAddress!), dx = UncheckedSendable(dx.baseAddress!)
                    let arg = UncheckedSendable(arg.baseAddress)
                    let area = Float(g.kernelHeight * g.kernelWidth)
                    Compute.forEach(planes) { p in
                        let target = dx.value + p * g.height * g.width
                        for o in 0..<outPlane {
                            let gradient = dy.value[p * outPlane + o]
                            if kind == .max {
                                target[Int(arg.value![p * outPlane + o])] += gradient
                            } else {
                                let origin = (o / g.outWidth) * g.stride * g.width + (o % g.outWidth) * g.stride
                                for ky in 0..<g.kernelHeight {
                                    for kx in 0..<g.kernelWidth { target[origin + ky * g.width + kx] += gradient / area }
                                }
                            }
                        }
                    }
                }
            }
        }
        self.inputShape = nil
        argmax = []
        return gradInput
    }
}

import Tensors

/// Batch normalisation over the channels of an NCHW batch (PyTorch `nn.BatchNorm2d`).
///
/// Training mode normalises with the batch mean and biased variance over (N, H, W) and updates
/// the running statistics with momentum 0.1, using the unbiased variance, as PyTorch does (or, with
/// ``ForwardContext/RunningStatistics/cumulative(batch:)``, to the average over a run of batches).
/// Inference uses the running statistics. Sums are accumulated in `Double` per channel.
public struct BatchNorm2d: Layer {
    public let name: String
    public let epsilon: Float = 1e-5
    public let momentum: Float = 0.1
    public var weight: Parameter
    public var bias: Parameter
    public var runningMean: Parameter
    public var runningVariance: Parameter
    private var normalized: Tensor?
    private var inverseStd: [Float] = []

    /// A layer for `channels` channels with weight 1, bias 0 and unit running variance.
    public init(_ name: String, _ channels: Int) {
        self.name = name
        weight = Parameter(name: name + ".weight", value: Tensor(zeros: [channels], value: 1))
        bias = Parameter(name: name + ".bias", value: Tensor(zeros: [channels]))
        runningMean = Parameter(buffer: name + ".running_mean", value: Tensor(zeros: [channels]))
        runningVariance = Parameter(buffer: name + ".running_var", value: Tensor(zeros: [channels], value: 1))
    }

    public var channels: Int { weight.value.count }

    public mutating func forward(_ input: Tensor, context: ForwardContext) throws(TensorError) -> Tensor {
        _ = try outputShape(for: input.shape)
        let n = input.shape[0]
        let c = channels
        let plane = input.shape.elementsPerItem / c
        var output = Tensor(zeros: input.shape)
        if !context.isTraining {
            let (scale, shift) = inferenceAffine()
            input.withUnsafeBufferPointer { x in
                output.withUnsafeMutableBufferPointer { y in
                    let x = UncheckedSendable(x.baseAddress!), y = UncheckedSendable(y.baseAddress!)
                    Compute.forEach(n) { sample in
                        for channel in 0..<c {
                            let offset = (sample * c + channel) * plane
                            let a = scale[channel], b = shift[channel]
                            for i in 0..<plane { y.value[offset + i] = x.value[offset + i] * a + b }
                        }
                    }
                }
            }
            return output
        }
        var normalized = Tensor(zeros: input.shape)
        var means = [Float](repeating: 0, count: c)
        var variances = [Float](repeating: 0, count: c)
        var inverseStd = [Float](repeating: 0, count: c)
        let count = Double(n * plane)
        let gamma = weight.value.scalars, beta = bias.value.scalars
        input.withUnsafeBufferPointer { x in
            output.withUnsafeMutableBufferPointer { y in
                normalized.withUnsafeMutableBufferPointer { xhat in
                    means.withUnsafeMutableBufferPointer { means in
                        variances.withUnsafeMutableBufferPointer { variances in
                            inverseStd.withUnsafeMutableBufferPointer { inverseStd in
                                let x = UncheckedSendable(x.baseAddress!), y = UncheckedSendable(y.baseAddress!)
                                let xhat = UncheckedSendable(xhat.baseAddress!)
                                let stats = UncheckedSendable((means.baseAddress!, variances.baseAddress!, inverseStd.baseAddress!))
                                Compute.forEach(c) { channel in
                                    var sum = 0.0
                                    for sample in 0..<n {
                                        let row = x.value + (sample * c + channel) * plane
                                        var partial: Float = 0
                                        for i in 0..<plane { partial += row[i] }
                                        sum += Double(partial)
                                    }
                                    let mean = sum / count
                                    var squares = 0.0
                                    for sample in 0..<n {
                                        let row = x.value + (sample * c + channel) * plane
                                        let m = Float(mean)
                                        var partial: Float = 0
                                        for i in 0..<plane { partial += (row[i] - m) * (row[i] - m) }
                                        squares += Double(partial)
                                    }
                                    let variance = squares / count
                                    let invStd = Float(1 / (variance + Double(epsilon)).squareRoot())
                                    stats.value.0[channel] = Float(mean)
                                    stats.value.1[channel] = Float(variance)
                                    stats.value.2[channel] = invStd
                                    let m = Float(mean), g = gamma[channel], b = beta[channel]
                                    for sample in 0..<n {
                                        let offset = (sample * c + channel) * plane
                                        for i in 0..<plane {
                                            let normalizedValue = (x.value[offset + i] - m) * invStd
                                            xhat.value[offset + i] = normalizedValue
                                            y.value[offset + i] = normalizedValue * g + b
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        let correction = count > 1 ? Float(count / (count - 1)) : 1
        let factor: Float =
            switch context.runningStatistics {
            case .momentum: momentum
            case .cumulative(let batch): 1 / Float(max(batch, 1))
            }
        runningMean.value.withUnsafeMutableBufferPointer { rm in
            runningVariance.value.withUnsafeMutableBufferPointer { rv in
                for channel in 0..<c {
                    rm[channel] = (1 - factor) * rm[channel] + factor * means[channel]
                    rv[channel] = (1 - factor) * rv[channel] + factor * variances[channel] * correction
                }
            }
        }
        self.normalized = normalized
        self.inverseStd = inverseStd
        return output
    }

    /// The per-channel `scale` and `shift` of inference mode: `y = x · scale + shift`.
    public func inferenceAffine() -> (scale: [Float], shift: [Float]) {
        let gamma = weight.value.scalars, beta = bias.value.scalars
        let mean = runningMean.value.scalars, variance = runningVariance.value.scalars
        var scale = [Float](repeating: 0, count: channels), shift = scale
        for channel in 0..<channels {
            scale[channel] = gamma[channel] / (variance[channel] + epsilon).squareRoot()
            shift[channel] = beta[channel] - mean[channel] * scale[channel]
        }
        return (scale, shift)
    }

    public mutating func backward(_ gradOutput: Tensor) -> Tensor {
        guard let normalized else { preconditionFailure("\(name): backward without a training forward") }
        let n = gradOutput.shape[0]
        let c = channels
        let plane = gradOutput.shape.elementsPerItem / c
        let count = Float(n * plane)
        var gradInput = Tensor(zeros: gradOutput.shape)
        var gradGamma = [Float](repeating: 0, count: c)
        var gradBeta = [Float](repeating: 0, count: c)
        let gamma = weight.value.scalars
        let inverseStd = self.inverseStd
        gradOutput.withUnsafeBufferPointer { g in
            normalized.withUnsafeBufferPointer { xhat in
                gradInput.withUnsafeMutableBufferPointer { dx in
                    gradGamma.withUnsafeMutableBufferPointer { dGamma in
                        gradBeta.withUnsafeMutableBufferPointer { dBeta in
                            let g = UncheckedSendable(g.baseAddress!), xhat = UncheckedSendable(xhat.baseAddress!)
                            let dx = UncheckedSendable(dx.baseAddress!)
                            let sums = UncheckedSendable((dGamma.baseAddress!, dBeta.baseAddress!))
                            Compute.forEach(c) { channel in
                                var sumG = 0.0, sumGX = 0.0
                                for sample in 0..<n {
                                    let offset = (sample * c + channel) * plane
                                    var pg: Float = 0, pgx: Float = 0
                                    for i in 0..<plane {
                                        pg += g.value[offset + i]
                                        pgx += g.value[offset + i] * xhat.value[offset + i]
                                    }
                                    sumG += Double(pg)
                                    sumGX += Double(pgx)
                                }
                                sums.value.0[channel] = Float(sumGX)
                                sums.value.1[channel] = Float(sumG)
                                let k = gamma[channel] * inverseStd[channel] / count
                                let meanG = Float(sumG), meanGX = Float(sumGX)
                                for sample in 0..<n {
                                    let offset = (sample * c + channel) * plane
                                    for i in 0..<plane {
                                        dx.value[offset + i] =
                                            k * (count * g.value[offset + i] - meanG - xhat.value[offset + i] * meanGX)
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        weight.accumulateGradient(Tensor(shape: [c], scalars: gradGamma))
        bias.accumulateGradient(Tensor(shape: [c], scalars: gradBeta))
        self.normalized = nil
        return gradInput
    }

    public mutating func visitParameters(_ body: (inout Parameter) -> Void) {
        body(&weight)
        body(&bias)
        body(&runningMean)
        body(&runningVariance)
    }

    public func outputShape(for shape: Shape) throws(TensorError) -> Shape {
        guard shape.rank == 4, shape[1] == channels else {
            throw TensorError(.shapeMismatch, "\(name) expects [batch, \(channels), height, width], got \(shape)")
        }
        return shape
    }
}

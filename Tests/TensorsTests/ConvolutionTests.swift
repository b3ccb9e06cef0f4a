import Testing
import Tensors
import TestSupport

/// A direct, float64, seven-loop convolution: the independent reference.
private func naiveConvolution(_ x: Tensor, _ w: Tensor, bias: Tensor?, stride: Int, padding: Int) -> Tensor {
    let (n, c, h, wd) = (x.shape[0], x.shape[1], x.shape[2], x.shape[3])
    let (k, kh, kw) = (w.shape[0], w.shape[2], w.shape[3])
    let oh = (h + 2 * padding - kh) / stride + 1, ow = (wd + 2 * padding - kw) / stride + 1
    var out = [Float](repeating: 0, count: n * k * oh * ow)
    let xs = x.scalars, ws = w.scalars
    for s in 0..<n {
        for o in 0..<k {
            for oy in 0..<oh {
                for ox in 0..<ow {
                    var sum = Double(bias?.scalars[o] ?? 0)
                    for ch in 0..<c {
                        for ky in 0..<kh {
                            for kx in 0..<kw {
                                let iy = oy * stride - padding + ky, ix = ox * stride - padding + kx
                                guard iy >= 0, iy < h, ix >= 0, ix < wd else { continue }
                                sum += Double(xs[((s * c + ch) * h + iy) * wd + ix]) * Double(ws[((o * c + ch) * kh + ky) * kw + kx])
                            }
                        }
                    }
                    out[((s * k + o) * oh + oy) * ow + ox] = Float(sum)
                }
            }
        }
    }
    return Tensor(shape: [n, k, oh, ow], scalars: out)
}

private struct Case: CustomTestStringConvertible, Sendable {
    var batch, channels, size, filters, kernel, stride, padding: Int
    var testDescription: String { "\(batch)×\(channels)×\(size)² → \(filters), k\(kernel) s\(stride) p\(padding)" }
}

private let cases = [
    Case(batch: 3, channels: 2, size: 7, filters: 4, kernel: 3, stride: 1, padding: 1),
    Case(batch: 2, channels: 3, size: 8, filters: 5, kernel: 3, stride: 2, padding: 1),
    Case(batch: 5, channels: 4, size: 6, filters: 3, kernel: 1, stride: 2, padding: 0),
    Case(batch: 1, channels: 1, size: 5, filters: 2, kernel: 5, stride: 1, padding: 2),
    Case(batch: 70, channels: 3, size: 4, filters: 8, kernel: 3, stride: 1, padding: 0),
]

@Test(arguments: cases)
private func convolutionForwardMatchesDirectComputation(_ c: Case) throws {
    let conv = Convolution(inChannels: c.channels, outChannels: c.filters, kernel: c.kernel, stride: c.stride, padding: c.padding)
    let x = randomTensor([c.batch, c.channels, c.size, c.size], seed: 1)
    let w = randomTensor(conv.weightShape, seed: 2)
    let b = randomTensor([c.filters], seed: 3)
    let ours = try conv.forward(x, weight: w, bias: b)
    let reference = naiveConvolution(x, w, bias: b, stride: c.stride, padding: c.padding)
    #expect(relativeError(ours, reference) < 1e-5)
}

@Test(arguments: cases)
private func convolutionBackwardIsTheAdjointOfForward(_ c: Case) throws {
    // ⟨g, conv(x)⟩ is linear in x and in w: its gradients are exactly what backward returns.
    let conv = Convolution(inChannels: c.channels, outChannels: c.filters, kernel: c.kernel, stride: c.stride, padding: c.padding)
    let x = randomTensor([c.batch, c.channels, c.size, c.size], seed: 4)
    let w = randomTensor(conv.weightShape, seed: 5)
    let out = try conv.forward(x, weight: w, bias: nil)
    let g = randomTensor(out.shape, seed: 6)
    let grads = conv.backward(input: x, weight: w, gradOutput: g)
    // d⟨g, conv(x)⟩/dx[i] = ⟨g, conv(e_i)⟩: compare on a few basis vectors of x and w.
    for index in stride(from: 0, to: x.count, by: max(1, x.count / 7)) {
        var basis = Tensor(zeros: x.shape)
        basis[flat: index] = 1
        let expected = zip(try conv.forward(basis, weight: w, bias: nil).scalars, g.scalars).reduce(0.0) { $0 + Double($1.0 * $1.1) }
        #expect(abs(Double(grads.input![flat: index]) - expected) < 1e-4 * max(1, abs(expected)))
    }
    for index in stride(from: 0, to: w.count, by: max(1, w.count / 7)) {
        var basis = Tensor(zeros: w.shape)
        basis[flat: index] = 1
        let expected = zip(try conv.forward(x, weight: basis, bias: nil).scalars, g.scalars).reduce(0.0) { $0 + Double($1.0 * $1.1) }
        #expect(abs(Double(grads.weight[flat: index]) - expected) < 1e-4 * max(1, abs(expected)))
    }
    let biasExpected = (0..<c.filters).map { k in
        (0..<c.batch).reduce(0.0) { sum, n in
            let p = out.shape[2] * out.shape[3]
            return sum + g.scalars[(n * c.filters + k) * p..<(n * c.filters + k + 1) * p].reduce(0.0) { $0 + Double($1) }
        }
    }
    #expect(relativeError(grads.bias.scalars, biasExpected.map(Float.init)) < 1e-5)
}

@Test func convolutionRejectsInputWithWrongChannelCount() {
    let conv = Convolution(inChannels: 3, outChannels: 4, kernel: 3)
    #expect(throws: TensorError.self) {
        try conv.forward(Tensor(zeros: [1, 2, 8, 8]), weight: Tensor(zeros: conv.weightShape), bias: nil)
    }
}

@Test func convolutionRejectsInputSmallerThanKernel() throws {
    let conv = Convolution(inChannels: 1, outChannels: 1, kernel: 5)
    let error = try #require(throws: TensorError.self) {
        try conv.forward(Tensor(zeros: [1, 1, 3, 3]), weight: Tensor(zeros: conv.weightShape), bias: nil)
    }
    #expect(error.code == .invalidShape)
}

@Test func convolutionGivesTheSameResultOnAnyThreadCount() throws {
    let conv = Convolution(inChannels: 3, outChannels: 8, kernel: 3, stride: 1, padding: 1)
    let x = randomTensor([9, 3, 12, 12], seed: 8), w = randomTensor(conv.weightShape, seed: 9)
    let saved = Compute.threadCount
    defer { Compute.threadCount = saved }
    Compute.threadCount = 1
    let single = try conv.forward(x, weight: w, bias: nil)
    Compute.threadCount = 2
    let double = try conv.forward(x, weight: w, bias: nil)
    #expect(relativeError(single, double) < 1e-6)
}

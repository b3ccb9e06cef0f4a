/// A 2-D convolution's geometry, and its forward and backward passes lowered to GEMM.
///
/// The batch is cut into chunks of whole samples. For each chunk the input patches are laid out
/// as a `(C·KH·KW) × (samples·OH·OW)` matrix (im2col) in a reused scratch buffer, one
/// single-threaded `sgemm` multiplies the `K × (C·KH·KW)` weights by it, and the result is
/// scattered into NCHW order with the bias added. Chunks run in parallel on ``Compute``'s threads,
/// so im2col and the scatter — memory-bound — are parallel too, and the scratch stays in cache.
///
/// Accumulation is in `Float` inside OpenBLAS's kernels; results match a float64 reference to
/// about 1e-6 relative for the sizes used here.
public struct Convolution: Hashable, Sendable {
    public var inChannels: Int
    public var outChannels: Int
    public var kernelHeight: Int
    public var kernelWidth: Int
    public var stride: Int
    public var padding: Int

    /// A convolution of `kernel × kernel` filters (square) with equal stride and padding on both axes.
    public init(inChannels: Int, outChannels: Int, kernel: Int, stride: Int = 1, padding: Int = 0) {
        precondition(inChannels > 0 && outChannels > 0 && kernel > 0 && stride > 0 && padding >= 0)
        self.inChannels = inChannels
        self.outChannels = outChannels
        self.kernelHeight = kernel
        self.kernelWidth = kernel
        self.stride = stride
        self.padding = padding
    }

    /// The weight shape, `[K, C, KH, KW]` (PyTorch's OIHW).
    public var weightShape: Shape { [outChannels, inChannels, kernelHeight, kernelWidth] }

    /// Rows of the im2col matrix: `C · KH · KW`.
    var patchSize: Int { inChannels * kernelHeight * kernelWidth }

    /// Output height and width for an input of `height × width`.
    ///
    /// - Throws: ``TensorError/Code/invalidShape`` when the padded input is smaller than the kernel.
    public func outputSize(height: Int, width: Int) throws(TensorError) -> (height: Int, width: Int) {
        let h = (height + 2 * padding - kernelHeight) / stride + 1
        let w = (width + 2 * padding - kernelWidth) / stride + 1
        guard height + 2 * padding >= kernelHeight, width + 2 * padding >= kernelWidth, h > 0, w > 0 else {
            throw TensorError(
                .invalidShape,
                "a \(kernelHeight)×\(kernelWidth) kernel does not fit a \(height)×\(width) input with padding \(padding)")
        }
        return (h, w)
    }

    /// Multiply-adds of one forward pass over `batch` samples with output `outHeight × outWidth`.
    public func multiplyAdds(outHeight: Int, outWidth: Int) -> Int {
        outChannels * patchSize * outHeight * outWidth
    }

    /// The geometry of one call: input and output sizes and the chunking.
    struct Layout {
        var batch, height, width, outHeight, outWidth: Int
        var samplesPerChunk: Int
        var pixels: Int { outHeight * outWidth }
        var chunkCount: Int { (batch + samplesPerChunk - 1) / samplesPerChunk }
        func samples(inChunk chunk: Int) -> Range<Int> {
            let start = chunk * samplesPerChunk
            return start..<min(batch, start + samplesPerChunk)
        }
    }

    /// Columns of the im2col matrix a chunk aims for: wide enough for GEMM efficiency, small
    /// enough that the scratch matrix stays in cache for the rows OpenBLAS packs.
    static let targetColumns = 1024

    func layout(for input: Shape) throws(TensorError) -> Layout {
        guard input.rank == 4, input[1] == inChannels else {
            throw TensorError(
                .shapeMismatch,
                "convolution input has shape \(input), expected [batch, \(inChannels), height, width]")
        }
        let (oh, ow) = try outputSize(height: input[2], width: input[3])
        let batch = input[0]
        let perThread = (batch + Compute.threadCount - 1) / max(1, Compute.threadCount)
        let wanted = max(1, Self.targetColumns / (oh * ow))
        return Layout(
            batch: batch, height: input[2], width: input[3], outHeight: oh, outWidth: ow,
            samplesPerChunk: max(1, min(wanted, perThread)))
    }

    /// A per-output-channel `y = max?(0, x · scale + shift)` applied while the GEMM result is
    /// scattered into NCHW order: a bias, or an inference-mode BatchNorm and ReLU folded in.
    public struct Epilogue: Sendable {
        public var scale: [Float]?
        public var shift: [Float]?
        public var clampsAtZero: Bool

        public init(scale: [Float]? = nil, shift: [Float]? = nil, clampsAtZero: Bool = false) {
            self.scale = scale
            self.shift = shift
            self.clampsAtZero = clampsAtZero
        }
    }

    /// `output[n, k] = bias[k] + Σ_c weight[k, c] ⋆ input[n, c]`.
    ///
    /// - Parameters:
    ///   - input: `[N, C, H, W]`.
    ///   - weight: `[K, C, KH, KW]`.
    ///   - bias: `[K]`, or `nil` for none.
    /// - Returns: `[N, K, OH, OW]`.
    /// - Throws: ``TensorError`` when the input does not fit this convolution.
    public func forward(_ input: Tensor, weight: Tensor, bias: Tensor?) throws(TensorError) -> Tensor {
        try forward(input, weight: weight, epilogue: Epilogue(shift: bias?.scalars))
    }

    /// The convolution followed by `epilogue`, in one pass over the output.
    public func forward(_ input: Tensor, weight: Tensor, epilogue: Epilogue) throws(TensorError) -> Tensor {
        let layout = try layout(for: input.shape)
        precondition(weight.shape == weightShape, "weight \(weight.shape) for \(weightShape)")
        precondition(epilogue.scale.map { $0.count == outChannels } ?? true)
        precondition(epilogue.shift.map { $0.count == outChannels } ?? true)
        let rows = patchSize
        let k = outChannels
        guard layout.batch > 0 else { return Tensor(zeros: [0, k, layout.outHeight, layout.outWidth]) }
        // Every element is written by exactly one chunk's scatter, so the output starts uninitialised.
        let columns = layout.samplesPerChunk * layout.pixels
        return Tensor(shape: [layout.batch, k, layout.outHeight, layout.outWidth]) { y in
            input.withUnsafeBufferPointer { x in
                weight.withUnsafeBufferPointer { w in
                    let x = UncheckedSendable(x.baseAddress!)
                    let w = UncheckedSendable(w.baseAddress!)
                    let y = UncheckedSendable(y.baseAddress!)
                    Compute.forEach(layout.chunkCount) { chunk in
                        let samples = layout.samples(inChunk: chunk)
                        let width = samples.count * layout.pixels
                        Workspace.withScratch(rows * columns + k * columns) { scratch in
                            let col = scratch
                            let product = scratch + rows * columns
                            im2col(x.value, samples: samples, layout: layout, into: col)
                            BLAS.sgemm(
                                m: k, n: width, k: rows, a: w.value, lda: rows, b: col, ldb: width,
                                c: product, ldc: width)
                            scatter(product, samples: samples, layout: layout, epilogue: epilogue, into: y.value)
                        }
                    }
                }
            }
        }
    }

    /// Gradients of ``forward(_:weight:bias:)`` given the gradient of its output.
    ///
    /// The im2col matrix is recomputed chunk by chunk rather than kept from the forward pass,
    /// which keeps training memory at the size of the activations.
    ///
    /// - Parameters:
    ///   - input: the forward input `[N, C, H, W]`.
    ///   - weight: `[K, C, KH, KW]`.
    ///   - gradOutput: `[N, K, OH, OW]`.
    ///   - needsInputGradient: `false` skips `∂L/∂input` (for a network's first layer).
    /// - Returns: `∂L/∂input` (or `nil`), `∂L/∂weight` and `∂L/∂bias`.
    public func backward(
        input: Tensor, weight: Tensor, gradOutput: Tensor, needsInputGradient: Bool = true
    ) -> (input: Tensor?, weight: Tensor, bias: Tensor) {
        let layout: Layout
        do { layout = try self.layout(for: input.shape) } catch { preconditionFailure("\(error)") }
        precondition(
            gradOutput.shape == [layout.batch, outChannels, layout.outHeight, layout.outWidth],
            "gradient \(gradOutput.shape) does not match the forward output")
        let rows = patchSize
        let k = outChannels
        let columns = layout.samplesPerChunk * layout.pixels
        let chunks = layout.chunkCount
        // Per-chunk weight and bias gradients, summed in chunk order at the end, so the result does
        // not depend on which thread happened to take which chunk.
        var weightPartials = [Float](repeating: 0, count: chunks * k * rows)
        var biasPartials = [Float](repeating: 0, count: chunks * k)
        var gradInputStorage = [Float](repeating: 0, count: needsInputGradient ? input.count : 0)
        input.withUnsafeBufferPointer { x in
            weight.withUnsafeBufferPointer { w in
                gradOutput.withUnsafeBufferPointer { g in
                    weightPartials.withUnsafeMutableBufferPointer { wp in
                        biasPartials.withUnsafeMutableBufferPointer { bp in
                            gradInputStorage.withUnsafeMutableBufferPointer { gx in
                                let x = UncheckedSendable(x.baseAddress!)
                                let w = UncheckedSendable(w.baseAddress!)
                                let g = UncheckedSendable(g.baseAddress!)
                                let wp = UncheckedSendable(wp.baseAddress!)
                                let bp = UncheckedSendable(bp.baseAddress!)
                                let gx = UncheckedSendable(needsInputGradient ? gx.baseAddress : nil)
                                Compute.forEach(chunks) { chunk in
                                    let samples = layout.samples(inChunk: chunk)
                                    let width = samples.count * layout.pixels
                                    Workspace.withScratch(2 * rows * columns + k * columns) { scratch in
                                        let col = scratch
                                        let gathered = scratch + rows * columns
                                        let gradCol = gathered + k * columns
                                        im2col(x.value, samples: samples, layout: layout, into: col)
                                        gather(g.value, samples: samples, layout: layout, into: gathered)
                                        BLAS.sgemm(
                                            transposeB: .transposed, m: k, n: rows, k: width,
                                            a: gathered, lda: width, b: col, ldb: width,
                                            c: wp.value + chunk * k * rows, ldc: rows)
                                        let biasSlot = bp.value + chunk * k
                                        for channel in 0..<k {
                                            let row = gathered + channel * width
                                            var sum: Float = 0
                                            for i in 0..<width { sum += row[i] }
                                            biasSlot[channel] = sum
                                        }
                                        if let gx = gx.value {
                                            BLAS.sgemm(
                                                transposeA: .transposed, m: rows, n: width, k: k,
                                                a: w.value, lda: rows, b: gathered, ldb: width,
                                                c: gradCol, ldc: width)
                                            col2im(gradCol, samples: samples, layout: layout, into: gx)
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        var gradWeight = Tensor(zeros: weightShape)
        var gradBias = Tensor(zeros: [k])
        gradWeight.withUnsafeMutableBufferPointer { total in
            for chunk in 0..<chunks {
                for i in 0..<(k * rows) { total[i] += weightPartials[chunk * k * rows + i] }
            }
        }
        gradBias.withUnsafeMutableBufferPointer { total in
            for chunk in 0..<chunks {
                for i in 0..<k { total[i] += biasPartials[chunk * k + i] }
            }
        }
        let inputGradient = needsInputGradient ? Tensor(shape: input.shape, scalars: gradInputStorage) : nil
        return (inputGradient, gradWeight, gradBias)
    }

    // MARK: - Lowering

    /// Visits each im2col row `(c, ky, kx)` and sample, with the row's destination offset,
    /// calling `body(inputPlane, rowStart, ky, kx)`; shared by im2col and col2im.
    @inline(__always)
    private func forEachPatchRow(
        samples: Range<Int>, layout: Layout,
        _ body: (_ plane: Int, _ destination: Int, _ ky: Int, _ kx: Int) -> Void
    ) {
        let width = samples.count * layout.pixels
        let planeSize = layout.height * layout.width
        for c in 0..<inChannels {
            for ky in 0..<kernelHeight {
                for kx in 0..<kernelWidth {
                    let row = (c * kernelHeight + ky) * kernelWidth + kx
                    for (index, n) in samples.enumerated() {
                        body((n * inChannels + c) * planeSize, row * width + index * layout.pixels, ky, kx)
                    }
                }
            }
        }
    }

    /// The valid output columns `ox` for kernel column `kx`: those reading inside the input.
    @inline(__always)
    private func validColumns(kx: Int, layout: Layout) -> Range<Int> {
        // ix = ox·stride − padding + kx must satisfy 0 ≤ ix < width.
        let low = max(0, (padding - kx + stride - 1) / stride)
        let high = min(layout.outWidth, (layout.width - 1 + padding - kx) / stride + 1)
        return low..<max(low, high)
    }

    private func im2col(
        _ input: UnsafePointer<Float>, samples: Range<Int>, layout: Layout, into col: UnsafeMutablePointer<Float>
    ) {
        let ow = layout.outWidth
        forEachPatchRow(samples: samples, layout: layout) { plane, destination, ky, kx in
            let valid = validColumns(kx: kx, layout: layout)
            for oy in 0..<layout.outHeight {
                let out = col + destination + oy * ow
                let iy = oy * stride - padding + ky
                guard iy >= 0, iy < layout.height, !valid.isEmpty else {
                    out.update(repeating: 0, count: ow)
                    continue
                }
                let source = input + plane + iy * layout.width - padding + kx
                out.update(repeating: 0, count: valid.lowerBound)
                if stride == 1 {
                    (out + valid.lowerBound).update(from: source + valid.lowerBound, count: valid.count)
                } else {
                    for ox in valid { out[ox] = source[ox * stride] }
                }
                (out + valid.upperBound).update(repeating: 0, count: ow - valid.upperBound)
            }
        }
    }

    private func col2im(
        _ col: UnsafePointer<Float>, samples: Range<Int>, layout: Layout, into input: UnsafeMutablePointer<Float>
    ) {
        let ow = layout.outWidth
        forEachPatchRow(samples: samples, layout: layout) { plane, destination, ky, kx in
            let valid = validColumns(kx: kx, layout: layout)
            guard !valid.isEmpty else { return }
            for oy in 0..<layout.outHeight {
                let iy = oy * stride - padding + ky
                guard iy >= 0, iy < layout.height else { continue }
                let from = col + destination + oy * ow
                let target = input + plane + iy * layout.width - padding + kx
                for ox in valid { target[ox * stride] += from[ox] }
            }
        }
    }

    /// Copies the `K × (samples·P)` GEMM result into NCHW output, applying the epilogue.
    private func scatter(
        _ product: UnsafePointer<Float>, samples: Range<Int>, layout: Layout, epilogue: Epilogue,
        into output: UnsafeMutablePointer<Float>
    ) {
        let p = layout.pixels
        let width = samples.count * p
        let floor: Float = epilogue.clampsAtZero ? 0 : -.infinity
        for channel in 0..<outChannels {
            let a = epilogue.scale?[channel] ?? 1, b = epilogue.shift?[channel] ?? 0
            for (index, n) in samples.enumerated() {
                let from = product + channel * width + index * p
                let to = output + (n * outChannels + channel) * p
                for i in 0..<p { to[i] = max(from[i] * a + b, floor) }
            }
        }
    }

    /// Copies NCHW gradients of the chunk's samples into a `K × (samples·P)` matrix.
    private func gather(
        _ gradient: UnsafePointer<Float>, samples: Range<Int>, layout: Layout, into matrix: UnsafeMutablePointer<Float>
    ) {
        let p = layout.pixels
        let width = samples.count * p
        for channel in 0..<outChannels {
            for (index, n) in samples.enumerated() {
                (matrix + channel * width + index * p).update(from: gradient + (n * outChannels + channel) * p, count: p)
            }
        }
    }
}

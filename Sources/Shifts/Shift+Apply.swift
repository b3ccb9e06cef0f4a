import Tensors

extension Shift {
    /// The shifted copy of a batch of `[N, C, H, W]` images with values in [0, 1].
    ///
    /// Each image is shifted as ``ShiftKind`` describes, then clipped to [0, 1] and rounded to the
    /// 8-bit grid `k / 255` (half to even), as a camera pipeline would store it. A shift with
    /// ``isIdentity`` returns `images` itself, bit for bit and without quantisation.
    ///
    /// Image `i` of the batch draws all its random numbers from
    /// `SeededGenerator(seed: seed, stream: UInt64(firstSampleIndex + i))`, so a sample gets the same
    /// bytes whichever batch it is in and whatever `Compute.threadCount` is. Images are shifted in
    /// parallel with `Compute`.
    ///
    /// - Parameters:
    ///   - images: the clean batch.
    ///   - firstSampleIndex: the dataset index of the batch's first image.
    /// - Precondition: `images` has rank 4 and `firstSampleIndex >= 0` (both are set by the program,
    ///   not by data).
    public func apply(to images: Tensor, firstSampleIndex: Int) -> Tensor {
        shifted(images, firstSampleIndex: firstSampleIndex, quantise: true)
    }

    /// ``apply(to:firstSampleIndex:)`` without the final clip and quantisation: the raw shift, for
    /// checking the kernels against reference implementations.
    package func applyWithoutQuantising(to images: Tensor, firstSampleIndex: Int) -> Tensor {
        shifted(images, firstSampleIndex: firstSampleIndex, quantise: false)
    }

    private func shifted(_ images: Tensor, firstSampleIndex: Int, quantise: Bool) -> Tensor {
        if isIdentity { return images }
        let shape = images.shape
        precondition(shape.rank == 4, "images of shape \(shape) must be [N, C, H, W]")
        precondition(firstSampleIndex >= 0, "first sample index \(firstSampleIndex) must not be negative")
        let geometry = ImageGeometry(channels: shape[1], height: shape[2], width: shape[3])
        let count = geometry.count
        return images.withUnsafeBufferPointer { source in
            Tensor(shape: shape) { destination in
                guard count > 0 else { return }
                let input = UncheckedSendable(source.baseAddress!)
                let output = UncheckedSendable(destination.baseAddress!)
                Compute.forEach(shape[0]) { item in
                    var generator = SeededGenerator(seed: seed, stream: UInt64(firstSampleIndex + item))
                    let image = output.value + item * count
                    shiftImage(input.value + item * count, into: image, geometry: geometry, generator: &generator)
                    if quantise { Quantisation.clipAndQuantise(image, count: count) }
                }
            }
        }
    }

    /// Writes the shifted, not yet quantised, image at `source` into `destination`.
    private func shiftImage(
        _ source: UnsafePointer<Float>, into destination: UnsafeMutablePointer<Float>, geometry: ImageGeometry,
        generator: inout SeededGenerator
    ) {
        switch kind {
        case .identity:
            destination.update(from: source, count: geometry.count)
        case .gaussian:
            PixelNoise.gaussian(source, into: destination, geometry: geometry, level: level, generator: &generator)
        case .saltPepper:
            PixelNoise.saltPepper(source, into: destination, geometry: geometry, level: level, generator: &generator)
        case .shot:
            PixelNoise.shot(source, into: destination, geometry: geometry, level: level, generator: &generator)
        case .impulse:
            PixelNoise.impulse(source, into: destination, geometry: geometry, level: level, generator: &generator)
        case .blur:
            let blur = GaussianBlur(sigma: level)
            var scratch = [Float](
                repeating: 0, count: blur.scratchCount(height: geometry.height, width: geometry.width))
            scratch.withUnsafeMutableBufferPointer { scratch in
                for channel in 0..<geometry.channels {
                    let offset = channel * geometry.plane
                    blur.filter(
                        source + offset, into: destination + offset, height: geometry.height, width: geometry.width,
                        scratch: scratch.baseAddress!)
                }
            }
        case .frost:
            FrostTexture.frost(
                source, into: destination, geometry: geometry, severity: Int(level), generator: &generator)
        case .brightness:
            Photometric.brightness(source, into: destination, geometry: geometry, level: level)
        case .contrast:
            Photometric.contrast(source, into: destination, geometry: geometry, level: level)
        }
    }
}

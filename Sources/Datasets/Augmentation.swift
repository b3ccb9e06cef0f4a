import Tensors

/// Seeded training-time augmentation: random horizontal flip and random crop with zero padding.
///
/// The crop is the CIFAR recipe: pad each side by ``cropPadding`` pixels of zeros, then cut a
/// window of the original size at a random offset — equivalently, shift the image by
/// `dx, dy ∈ -cropPadding...cropPadding` and fill the uncovered border with 0. The flip mirrors
/// columns with probability ½ (after the crop, as torchvision's `RandomCrop` then
/// `RandomHorizontalFlip`).
///
/// Each sample draws from its own generator, chosen by ``seed``, the epoch and the sample's index
/// in the dataset, so a sample is augmented the same way whatever the batch size, order or
/// thread count, and differently in each epoch.
public struct Augmentation: Hashable, Sendable {
    /// Whether to mirror each image left–right with probability ½.
    public var horizontalFlip: Bool
    /// Pixels of zero padding for the random crop; 0 disables the crop.
    public var cropPadding: Int
    /// Selects the random choices.
    public var seed: UInt64

    /// An augmentation; `cropPadding` must be non-negative.
    public init(horizontalFlip: Bool = true, cropPadding: Int = 4, seed: UInt64 = 0) {
        precondition(cropPadding >= 0, "crop padding \(cropPadding) must be non-negative")
        self.horizontalFlip = horizontalFlip
        self.cropPadding = cropPadding
        self.seed = seed
    }

    /// The CIFAR recipe: flip, and crop with 4 pixels of padding.
    public static func cifar(seed: UInt64) -> Augmentation {
        Augmentation(horizontalFlip: true, cropPadding: 4, seed: seed)
    }

    /// Augments each image of a `[N, C, H, W]` batch in place.
    ///
    /// - Parameters:
    ///   - images: the batch.
    ///   - sampleIndices: each image's index in its dataset (selects its random choices).
    ///   - epoch: the training epoch (selects its random choices).
    /// - Precondition: `images` has rank 4 and one index per image.
    public func apply(to images: inout Tensor, sampleIndices: [Int], epoch: Int) {
        let shape = images.shape
        precondition(
            shape.rank == 4 && shape[0] == sampleIndices.count, "images \(shape) for \(sampleIndices.count) indices")
        let itemSize = shape.elementsPerItem
        var original = [Float](repeating: 0, count: itemSize)
        images.withUnsafeMutableBufferPointer { buffer in
            for (slot, index) in sampleIndices.enumerated() {
                let image = buffer.baseAddress! + slot * itemSize
                original.withUnsafeMutableBufferPointer { copy in
                    copy.baseAddress!.update(from: image, count: itemSize)
                    transform(
                        copy.baseAddress!, into: image, channels: shape[1], height: shape[2], width: shape[3],
                        sampleIndex: index, epoch: epoch)
                }
            }
        }
    }

    /// The random choices for one sample: horizontal shift, vertical shift, mirror.
    func choices(sampleIndex: Int, epoch: Int) -> (dx: Int, dy: Int, flip: Bool) {
        var generator = SeededGenerator(
            seed: seed, stream: UInt64(truncatingIfNeeded: epoch) << 32 ^ UInt64(truncatingIfNeeded: sampleIndex))
        let span = 2 * cropPadding + 1
        let dx = cropPadding > 0 ? generator.next(below: span) - cropPadding : 0
        let dy = cropPadding > 0 ? generator.next(below: span) - cropPadding : 0
        let flip = horizontalFlip && generator.next() >> 63 == 1
        return (dx, dy, flip)
    }

    /// Writes the augmented version of one `C × H × W` image from `source` into `destination`
    /// (which must not overlap it): `out[c, y, x] = in[c, y + dy, x' + dx]`, with
    /// `x' = W − 1 − x` when mirrored, and 0 where that falls outside the image.
    func transform(
        _ source: UnsafePointer<Float>, into destination: UnsafeMutablePointer<Float>,
        channels: Int, height: Int, width: Int, sampleIndex: Int, epoch: Int
    ) {
        let (dx, dy, flip) = choices(sampleIndex: sampleIndex, epoch: epoch)
        let plane = height * width
        // Output columns whose source column x + dx (before mirroring) lies inside the image.
        let validStart = max(0, -dx)
        let validEnd = min(width, width - dx)
        for channel in 0..<channels {
            for y in 0..<height {
                let row = destination + channel * plane + y * width
                let sourceY = y + dy
                guard sourceY >= 0, sourceY < height, validStart < validEnd else {
                    row.update(repeating: 0, count: width)
                    continue
                }
                let sourceRow = source + channel * plane + sourceY * width
                if flip {
                    // out[x] = cropped[W − 1 − x] = in[W − 1 − x + dx]
                    for x in 0..<width {
                        let column = width - 1 - x + dx
                        row[x] = column >= 0 && column < width ? sourceRow[column] : 0
                    }
                } else {
                    row.update(repeating: 0, count: validStart)
                    (row + validStart).update(from: sourceRow + validStart + dx, count: validEnd - validStart)
                    (row + validEnd).update(repeating: 0, count: width - validEnd)
                }
            }
        }
    }
}

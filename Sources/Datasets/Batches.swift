import Tensors

/// One epoch of a dataset cut into mini-batches, in order or shuffled by seed.
///
/// Iterating yields ``Batch`` values of ``batchSize`` samples; the last one holds the rest
/// unless ``dropsLastPartial`` is set. Every sample appears exactly once per epoch. The shuffled
/// order depends only on the seed and ``epoch``, so training is reproducible; make one
/// `Batches` per epoch with the epoch number. When given, ``augmentation`` is applied to each
/// sample and then ``normalization`` to the batch.
///
/// The iterator refills one image buffer: when the previous batch has been released by the time
/// the next is asked for (as in a `for` loop), no memory is allocated per batch.
public struct Batches: Sequence, Sendable {
    /// How samples are ordered within an epoch.
    public enum Order: Hashable, Sendable {
        /// Dataset order.
        case sequential
        /// A permutation chosen by `seed` and the epoch.
        case shuffled(seed: UInt64)
    }

    /// The samples.
    public let dataset: Dataset
    /// Samples per batch.
    public let batchSize: Int
    /// Sequential or shuffled.
    public let order: Order
    /// The epoch number; selects the shuffled order and the augmentation's choices.
    public let epoch: Int
    /// Whether a final batch smaller than ``batchSize`` is left out.
    public let dropsLastPartial: Bool
    /// Applied to each sample, when given.
    public let augmentation: Augmentation?
    /// Applied to each batch after augmentation, when given.
    public let normalization: ChannelNormalization?
    /// The dataset indices in the order this epoch visits them.
    public let sampleOrder: [Int]

    /// The batches of one epoch of `dataset`.
    ///
    /// - Throws: ``DatasetError/Code/invalidParameter`` when `batchSize` is not positive or
    ///   `normalization` has another channel count than the images.
    public init(
        _ dataset: Dataset, batchSize: Int, order: Order = .sequential, epoch: Int = 0,
        dropsLastPartial: Bool = false, augmentation: Augmentation? = nil, normalization: ChannelNormalization? = nil
    ) throws(DatasetError) {
        guard batchSize > 0 else {
            throw DatasetError(.invalidParameter, "the batch size must be positive, got \(batchSize)")
        }
        try normalization?.check(channels: dataset.channels, of: dataset.name)
        self.dataset = dataset
        self.batchSize = batchSize
        self.order = order
        self.epoch = epoch
        self.dropsLastPartial = dropsLastPartial
        self.augmentation = augmentation
        self.normalization = normalization
        switch order {
        case .sequential:
            sampleOrder = Array(0..<dataset.count)
        case .shuffled(let seed):
            var generator = SeededGenerator(seed: seed, stream: UInt64(truncatingIfNeeded: epoch))
            sampleOrder = generator.permutation(of: dataset.count)
        }
    }

    /// The number of batches this epoch yields.
    public var count: Int {
        dropsLastPartial ? dataset.count / batchSize : (dataset.count + batchSize - 1) / batchSize
    }

    public var underestimatedCount: Int { count }

    public func makeIterator() -> Iterator {
        Iterator(batches: self)
    }

    /// Produces the batches of a ``Batches`` one at a time.
    public struct Iterator: IteratorProtocol {
        private let batches: Batches
        private var position = 0
        private var buffer: Tensor?

        init(batches: Batches) {
            self.batches = batches
        }

        public mutating func next() -> Batch? {
            let dataset = batches.dataset
            let size = Swift.min(batches.batchSize, dataset.count - position)
            guard size > 0, size == batches.batchSize || !batches.dropsLastPartial else { return nil }
            let indices = Array(batches.sampleOrder[position..<(position + size)])
            position += size

            let shape: Shape = [size, dataset.channels, dataset.height, dataset.width]
            var images = buffer.flatMap { $0.shape == shape ? $0 : nil } ?? Tensor(zeros: shape)
            buffer = nil  // so that `images` is the storage's only owner while it is filled
            fill(&images, with: indices)
            buffer = images
            return Batch(images: images, labels: indices.map { dataset.labels[$0] }, indices: indices)
        }

        private func fill(_ images: inout Tensor, with indices: [Int]) {
            let dataset = batches.dataset
            let itemSize = dataset.images.shape.elementsPerItem
            dataset.images.withUnsafeBufferPointer { source in
                images.withUnsafeMutableBufferPointer { destination in
                    for (slot, index) in indices.enumerated() {
                        let from = source.baseAddress! + index * itemSize
                        let to = destination.baseAddress! + slot * itemSize
                        if let augmentation = batches.augmentation {
                            augmentation.transform(
                                from, into: to, channels: dataset.channels, height: dataset.height,
                                width: dataset.width, sampleIndex: index, epoch: batches.epoch)
                        } else {
                            to.update(from: from, count: itemSize)
                        }
                    }
                    batches.normalization?.apply(
                        to: destination.baseAddress!, samples: indices.count, plane: dataset.height * dataset.width)
                }
            }
        }
    }
}

import Tensors

/// Labelled images: what a classifier trains and is measured on.
///
/// Images are one ``Tensor`` of shape `[N, C, H, W]` (NCHW, `Float`), with pixel values in
/// `[0, 1]` as every loader produces them; normalisation happens later, per batch
/// (``ChannelNormalization``). Labels are class indices in `0..<classCount`. The initializer
/// checks all of this, so a `Dataset` value is always consistent.
public struct Dataset: Equatable, Sendable {
    /// What the data is, for messages and reports: a file path, a directory and split, or a spec.
    public var name: String
    /// The images, `[N, C, H, W]`.
    public private(set) var images: Tensor
    /// The class of each image, in `0..<classCount`.
    public private(set) var labels: [Int]
    /// The number of classes the labels range over.
    public private(set) var classCount: Int

    /// A dataset of `images` and their `labels`.
    ///
    /// - Throws: ``DatasetError`` naming `name` when `images` is not rank 4
    ///   (``DatasetError/Code/invalidFormat``), counts differ (``DatasetError/Code/countMismatch``),
    ///   a label is outside `0..<classCount` (``DatasetError/Code/labelOutOfRange``) or an image
    ///   value is NaN or infinite (``DatasetError/Code/nonFinite``).
    public init(name: String, images: Tensor, labels: [Int], classCount: Int) throws(DatasetError) {
        guard images.shape.rank == 4, images.shape.elementsPerItem > 0 else {
            throw DatasetError(
                .invalidFormat,
                "\(name): images have shape \(images.shape), expected [count, channels, height, width] with no empty dimension"
            )
        }
        guard images.shape[0] == labels.count else {
            throw DatasetError(
                .countMismatch,
                "\(name) has \(images.shape[0]) images but \(labels.count) labels; the counts must match")
        }
        guard classCount > 0 else {
            throw DatasetError(
                .invalidParameter, "\(name) needs at least one class, got a class count of \(classCount)")
        }
        try Self.checkLabels(labels, classCount: classCount, source: name)
        if let index = images.firstNonFiniteIndex {
            throw DatasetError(
                .nonFinite,
                "\(name) holds \(images[flat: index]) in image \(index / images.shape.elementsPerItem); pixel values must be finite"
            )
        }
        self.init(unchecked: name, images: images, labels: labels, classCount: classCount)
    }

    /// A dataset the caller has already checked (loaders that checked labels per file).
    init(unchecked name: String, images: Tensor, labels: [Int], classCount: Int) {
        self.name = name
        self.images = images
        self.labels = labels
        self.classCount = classCount
    }

    /// Throws ``DatasetError/Code/labelOutOfRange`` naming `source` and the first bad sample.
    static func checkLabels(_ labels: [Int], classCount: Int, source: String) throws(DatasetError) {
        if let index = labels.firstIndex(where: { $0 < 0 || $0 >= classCount }) {
            throw DatasetError(
                .labelOutOfRange,
                "\(source) gives sample \(index) the label \(labels[index]), outside the \(classCount) classes 0..<\(classCount)"
            )
        }
    }

    /// The number of samples.
    public var count: Int { labels.count }

    /// Channels per image (`C`).
    public var channels: Int { images.shape[1] }
    /// Rows per image (`H`).
    public var height: Int { images.shape[2] }
    /// Columns per image (`W`).
    public var width: Int { images.shape[3] }
    /// The shape of one image, `[C, H, W]`.
    public var imageShape: Shape { [channels, height, width] }

    /// How many samples each class has, indexed by class.
    public var classCounts: [Int] {
        var counts = [Int](repeating: 0, count: classCount)
        for label in labels { counts[label] += 1 }
        return counts
    }

    /// The samples at `indices`, in that order (repeats allowed).
    ///
    /// - Precondition: every index is in `0..<count`.
    public func subset(_ indices: [Int], name: String? = nil) -> Dataset {
        let itemSize = images.shape.elementsPerItem
        var shape = images.shape
        shape[0] = indices.count
        let picked = images.withUnsafeBufferPointer { source in
            Tensor(
                shape: shape,
                unsafeUninitialized: { destination in
                    for (slot, index) in indices.enumerated() {
                        precondition(index >= 0 && index < count, "sample \(index) outside 0..<\(count)")
                        let from = UnsafeBufferPointer(rebasing: source[(index * itemSize)..<((index + 1) * itemSize)])
                        _ = UnsafeMutableBufferPointer(
                            rebasing: destination[(slot * itemSize)..<((slot + 1) * itemSize)]
                        )
                        .initialize(fromContentsOf: from)
                    }
                })
        }
        return Dataset(
            unchecked: name ?? self.name, images: picked, labels: indices.map { labels[$0] }, classCount: classCount)
    }

    /// The dataset cut in two at random: a test part of `round(testFraction · count)` samples
    /// and the rest for training, both in their original relative order.
    ///
    /// - Parameters:
    ///   - testFraction: the share held out, in `0...1`.
    ///   - seed: selects which samples are held out.
    public func split(testFraction: Double, seed: UInt64) -> DatasetSplits {
        precondition((0...1).contains(testFraction), "test fraction \(testFraction) outside 0...1")
        var generator = SeededGenerator(seed: seed)
        let order = generator.permutation(of: count)
        let testCount = Int((testFraction * Double(count)).rounded())
        let test = order.prefix(testCount).sorted()
        let train = order.dropFirst(testCount).sorted()
        return DatasetSplits(
            train: subset(train, name: "\(name) (train part)"), test: subset(test, name: "\(name) (held-out part)"))
    }
}

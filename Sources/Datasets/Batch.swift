import Tensors

/// One mini-batch: images, their labels, and which samples of the dataset they are.
public struct Batch: Equatable, Sendable {
    /// The images, `[B, C, H, W]`, augmented and normalised as the ``Batches`` asked.
    public var images: Tensor
    /// The class of each image.
    public var labels: [Int]
    /// Each image's index in the dataset.
    public var indices: [Int]

    /// A batch of `images` with their `labels` and dataset `indices`.
    public init(images: Tensor, labels: [Int], indices: [Int]) {
        self.images = images
        self.labels = labels
        self.indices = indices
    }

    /// The number of samples.
    public var count: Int { labels.count }
}

import Tensors

/// The built-in synthetic dataset `builtin:shapes`: 32 × 32 RGB images of ten shape and texture
/// classes (``ShapeClass``), generated from a seed.
///
/// Each image draws its class's form at a random position, scale and rotation, in a random
/// colour on a random background with a gentle gradient, and adds pixel noise of random
/// strength; values are then quantised to 8 bits like a real image file. Colours do not depend
/// on the class. The task is easy enough for a small ResNet to learn well in minutes and hard
/// enough that small scales, low contrast and noise keep a small CNN from perfection at once.
///
/// Generation is deterministic: image `i` of a split draws from its own ``SeededGenerator``
/// stream of ``seed``, so the same seed gives the same bytes whatever the thread count, and the
/// train and test splits never share an image. Classes cycle `0, 1, …, 9, 0, …`, so every class
/// has `count / 10` images (±1). Images are rendered in parallel over ``Compute``'s threads.
public struct BuiltinShapes: Hashable, Sendable {
    /// Images in the training split.
    public var trainCount: Int
    /// Images in the test split.
    public var testCount: Int
    /// Selects every random choice.
    public var seed: UInt64

    /// The number of classes, 10.
    public static let classCount = ShapeClass.allCases.count
    /// Pixels per side, 32.
    public static let size = 32

    /// The built-in set with `trainCount` training and `testCount` test images from `seed`.
    public init(trainCount: Int = 10_000, testCount: Int = 2_000, seed: UInt64 = 0) {
        precondition(trainCount >= 0 && testCount >= 0, "negative image count")
        self.trainCount = trainCount
        self.testCount = testCount
        self.seed = seed
    }

    /// Both splits.
    public func generate() -> DatasetSplits {
        DatasetSplits(train: generate(split: .train), test: generate(split: .test))
    }

    /// The two splits, which draw from different streams.
    public enum Split: UInt64, Hashable, Sendable {
        case train = 0
        case test = 1
    }

    /// One split: `[count, 3, 32, 32]` images in `[0, 1]` and their labels.
    public func generate(split: Split) -> Dataset {
        let count = split == .train ? trainCount : testCount
        let side = Self.size
        let itemSize = 3 * side * side
        let seed = self.seed
        let images = Tensor(
            shape: [count, 3, side, side],
            unsafeUninitialized: { buffer in
                guard let base = buffer.baseAddress else { return }
                let output = UncheckedSendable(base)
                Compute.forEach(count) { index in
                    var generator = SeededGenerator(seed: seed, stream: split.rawValue << 40 | UInt64(index))
                    let shapeClass = ShapeClass(rawValue: index % Self.classCount)!
                    ShapeRenderer(shapeClass, generator: &generator).render(
                        into: output.value + index * itemSize, generator: &generator)
                }
            })
        let labels = (0..<count).map { $0 % Self.classCount }
        return Dataset(
            unchecked: "\(DatasetSpec.shapes(self)) (\(split))", images: images, labels: labels,
            classCount: Self.classCount)
    }
}

/// Where a dataset comes from, as written on the command line and in job files.
///
/// | spec | meaning |
/// |---|---|
/// | `builtin:shapes` | ``BuiltinShapes`` with defaults; options `train`, `test`, `seed` (`builtin:shapes?train=5000&test=1000&seed=7`) |
/// | `cifar10:PATH`, `cifar100:PATH`, `cifar:PATH` | ``CIFAR`` batches (a file or directory); `cifar` detects the variant; `cifar100` takes `labels=fine|coarse` |
/// | `mnist:DIR`, `fashion-mnist:DIR` | ``IDX`` files in a directory; option `classes` (default 10) |
/// | `npy:IMAGES,LABELS[,TEST_IMAGES,TEST_LABELS]` | ``NumPyImages``; options `layout=nchw|nhwc`, `classes` |
///
/// Options follow the last `?` as `key=value` pairs joined by `&`. ``description`` writes the
/// spec back in this form, with every option spelled out.
public enum DatasetSpec: Hashable, Sendable, CustomStringConvertible {
    /// The built-in synthetic set.
    case shapes(BuiltinShapes)
    /// CIFAR binary batches at `path`; `nil` variant detects it from the file sizes.
    case cifar(path: String, variant: CIFARVariant?)
    /// MNIST-style IDX files in `directory`; `name` is the scheme that named it.
    case idx(directory: String, name: String, classCount: Int)
    /// `.npy` image and label files.
    case numPy(NumPySource)

    /// The `.npy` files of a ``DatasetSpec/numPy(_:)`` spec and how to read them.
    public struct NumPySource: Hashable, Sendable {
        /// An images file and its labels file.
        public struct Files: Hashable, Sendable {
            /// Path of the images `.npy`.
            public var images: String
            /// Path of the labels `.npy`.
            public var labels: String

            /// The pair `images`, `labels`.
            public init(images: String, labels: String) {
                self.images = images
                self.labels = labels
            }
        }

        /// The training split's files.
        public var train: Files
        /// The test split's files, when given.
        public var test: Files?
        /// The rank-4 layout; `nil` detects it.
        public var layout: ImageLayout?
        /// The class count; `nil` uses the largest training label + 1.
        public var classCount: Int?

        /// Files of a `.npy` dataset and how to read them.
        public init(train: Files, test: Files? = nil, layout: ImageLayout? = nil, classCount: Int? = nil) {
            self.train = train
            self.test = test
            self.layout = layout
            self.classCount = classCount
        }
    }

    /// Loads the data the spec names.
    ///
    /// - Throws: ``DatasetError`` from the loader, naming the file at fault.
    public func load() throws(DatasetError) -> DatasetSplits {
        switch self {
        case .shapes(let shapes):
            return shapes.generate()
        case .cifar(let path, let variant):
            return try CIFAR.load(path, variant: variant)
        case .idx(let directory, _, let classCount):
            return try IDX.load(directory: directory, classCount: classCount)
        case .numPy(let source):
            let train = try NumPyImages.load(
                images: source.train.images, labels: source.train.labels, layout: source.layout,
                classCount: source.classCount)
            let test = try source.test.map { (files) throws(DatasetError) in
                try NumPyImages.load(
                    images: files.images, labels: files.labels, layout: source.layout, classCount: train.classCount)
            }
            return DatasetSplits(train: train, test: test)
        }
    }

    /// The spec in its canonical text form, which ``init(parsing:)`` reads back.
    public var description: String {
        switch self {
        case .shapes(let shapes):
            return "builtin:shapes?train=\(shapes.trainCount)&test=\(shapes.testCount)&seed=\(shapes.seed)"
        case .cifar(let path, let variant):
            switch variant {
            case nil: return "cifar:\(path)"
            case .cifar10: return "cifar10:\(path)"
            case .cifar100Fine: return "cifar100:\(path)?labels=fine"
            case .cifar100Coarse: return "cifar100:\(path)?labels=coarse"
            }
        case .idx(let directory, let name, let classCount):
            return "\(name):\(directory)?classes=\(classCount)"
        case .numPy(let source):
            var files = [source.train.images, source.train.labels]
            if let test = source.test { files += [test.images, test.labels] }
            var options: [String] = []
            if let layout = source.layout { options.append("layout=\(layout.rawValue)") }
            if let classCount = source.classCount { options.append("classes=\(classCount)") }
            return "npy:" + files.joined(separator: ",") + (options.isEmpty ? "" : "?" + options.joined(separator: "&"))
        }
    }
}

import Tensors

/// Loads MNIST-family IDX files (MNIST, Fashion-MNIST, KMNIST): unsigned-byte images and labels.
///
/// An IDX file starts with a big-endian magic number — two zero bytes, a type byte (`0x08` for
/// unsigned bytes) and the number of dimensions — followed by one big-endian `UInt32` per
/// dimension and the data in C order. Images are `idx3-ubyte` (`[N, H, W]`, loaded as
/// `[N, 1, H, W]` with values `byte / 255`), labels `idx1-ubyte` (`[N]`). Files may be gzipped.
public enum IDX {
    /// The magic number of an unsigned-byte image file (3 dimensions).
    public static let imageMagic: UInt32 = 0x0000_0803
    /// The magic number of an unsigned-byte label file (1 dimension).
    public static let labelMagic: UInt32 = 0x0000_0801

    /// The train and test splits of an MNIST-style directory.
    ///
    /// Looks for `train-images-idx3-ubyte`, `train-labels-idx1-ubyte`, `t10k-images-idx3-ubyte`
    /// and `t10k-labels-idx1-ubyte` (also spelled with `.idx3-ubyte`, each optionally `.gz`).
    /// The test split is left out when its files are absent.
    ///
    /// - Parameters:
    ///   - directory: the folder holding the files.
    ///   - classCount: the classes the labels range over (10 for MNIST and Fashion-MNIST).
    /// - Throws: ``DatasetError`` naming the file at fault.
    public static func load(directory: String, classCount: Int = 10) throws(DatasetError) -> DatasetSplits {
        let files = try files(in: directory)
        let test = try files.test.map { (pair) throws(DatasetError) in
            try load(images: pair.images, labels: pair.labels, classCount: classCount, name: "\(directory) (test)")
        }
        return DatasetSplits(
            train: try load(
                images: files.train.images, labels: files.train.labels, classCount: classCount,
                name: "\(directory) (train)"),
            test: test)
    }

    /// The image and label files of an MNIST-style directory's train split and, when present, its test split.
    ///
    /// - Throws: ``DatasetError/Code/unreadable`` when `directory` is not a directory or lacks the training files.
    static func files(in directory: String) throws(DatasetError) -> (
        train: (images: String, labels: String), test: (images: String, labels: String)?
    ) {
        try DataFile.requireDirectory(directory, holding: "train-images-idx3-ubyte and train-labels-idx1-ubyte")
        func pair(_ prefix: String) -> (images: String, labels: String)? {
            guard
                let images = DataFile.find(
                    ["\(prefix)-images-idx3-ubyte", "\(prefix)-images.idx3-ubyte"], in: directory),
                let labels = DataFile.find(
                    ["\(prefix)-labels-idx1-ubyte", "\(prefix)-labels.idx1-ubyte"], in: directory)
            else { return nil }
            return (images, labels)
        }
        guard let train = pair("train") else {
            throw DatasetError(
                .unreadable,
                "'\(directory)' lacks train-images-idx3-ubyte or train-labels-idx1-ubyte (optionally .gz); expected an MNIST-style directory"
            )
        }
        return (train, pair("t10k"))
    }

    /// One split from an image file and a label file.
    ///
    /// - Throws: ``DatasetError`` naming the file: wrong magic number, a size that does not match
    ///   the header, different image and label counts, a label outside `0..<classCount`.
    public static func load(images: String, labels: String, classCount: Int = 10, name: String? = nil)
        throws(DatasetError) -> Dataset
    {
        let imageFile = try read(images, magic: imageMagic, kind: "image")
        let labelFile = try read(labels, magic: labelMagic, kind: "label")
        let count = imageFile.dimensions[0]
        guard labelFile.dimensions[0] == count else {
            throw DatasetError(
                .countMismatch,
                "'\(labels)' holds \(labelFile.dimensions[0]) labels but '\(images)' holds \(count) images; the counts must match"
            )
        }
        let labelValues = labelFile.bytes[labelFile.dataOffset...].map { Int($0) }
        try Dataset.checkLabels(labelValues, classCount: classCount, source: "'\(labels)'")
        let height = imageFile.dimensions[1]
        let width = imageFile.dimensions[2]
        guard height > 0, width > 0 else {
            throw DatasetError(.invalidFormat, "'\(images)' has empty \(height) × \(width) images")
        }
        let tensor = Tensor(
            shape: [count, 1, height, width],
            unsafeUninitialized: { pixels in
                guard count > 0 else { return }
                DataFile.decodeUnitPixels(
                    imageFile.bytes, records: count, recordSize: height * width, firstOffset: imageFile.dataOffset,
                    pixelsPerRecord: height * width, into: pixels.baseAddress!)
            })
        return Dataset(unchecked: name ?? images, images: tensor, labels: labelValues, classCount: classCount)
    }

    /// An IDX file's bytes, dimensions and data offset, with its magic and size checked.
    private static func read(
        _ path: String, magic: UInt32, kind: String
    ) throws(DatasetError) -> (bytes: [UInt8], dimensions: [Int], dataOffset: Int) {
        let bytes = try DataFile.read(path)
        let rank = Int(magic & 0xFF)
        let headerSize = 4 + 4 * rank
        let expected = "0x" + hex(magic)
        guard bytes.count >= 4 else {
            throw DatasetError(
                .invalidFormat,
                "'\(path)' holds only \(bytes.count) bytes; expected an IDX \(kind) file starting with the magic number \(expected)"
            )
        }
        let found = bigEndian(bytes, at: 0)
        guard found == magic else {
            throw DatasetError(
                .invalidFormat,
                "'\(path)' has the magic number 0x\(hex(found)), expected \(expected) for an IDX \(kind) file of unsigned bytes with \(rank) dimension\(rank == 1 ? "" : "s")"
            )
        }
        guard bytes.count >= headerSize else {
            throw DatasetError(.invalidFormat, "'\(path)' ends inside its \(headerSize)-byte IDX header")
        }
        let dimensions = (0..<rank).map { Int(bigEndian(bytes, at: 4 + 4 * $0)) }
        let (elements, overflow) = dimensions.reduce((1, false)) { partial, dimension in
            let (product, overflow) = partial.0.multipliedReportingOverflow(by: dimension)
            return (product, partial.1 || overflow)
        }
        guard !overflow, bytes.count - headerSize == elements else {
            throw DatasetError(
                .invalidFormat,
                "'\(path)' holds \(bytes.count - headerSize) bytes of data, its header promises \(overflow ? "more than can exist" : String(elements)) (dimensions \(dimensions))"
            )
        }
        return (bytes, dimensions, headerSize)
    }

    private static func bigEndian(_ bytes: [UInt8], at offset: Int) -> UInt32 {
        (0..<4).reduce(0) { $0 << 8 | UInt32(bytes[offset + $1]) }
    }

    private static func hex(_ value: UInt32) -> String {
        let digits = String(value, radix: 16, uppercase: true)
        return String(repeating: "0", count: max(0, 8 - digits.count)) + digits
    }
}

import Tensors

/// Loads a dataset from an images `.npy` file and a labels `.npy` file.
///
/// Images may be `uint8` (values 0–255, divided by 255) or `float32`/`float64` (used as they
/// are, expected in `[0, 1]`), shaped `[N, H, W]` (one channel), `[N, C, H, W]` or
/// `[N, H, W, C]`. The rank-4 layout is detected from which axis is 1 or 3, unless given.
/// Labels are an integer array of shape `[N]` or `[N, 1]`. Files may be gzipped.
public enum NumPyImages {
    /// The dataset in `images` and `labels`.
    ///
    /// - Parameters:
    ///   - images: path of the images `.npy`.
    ///   - labels: path of the labels `.npy`.
    ///   - layout: NCHW or NHWC for rank-4 images; `nil` detects it.
    ///   - classCount: the classes the labels range over; `nil` uses the largest label + 1.
    ///   - name: the dataset's name; `nil` uses the images path.
    /// - Throws: ``DatasetError`` naming the file: unreadable or malformed `.npy`, an unsupported
    ///   dtype or shape, an undecidable layout, NaN in float images, a count mismatch, a label
    ///   out of range.
    public static func load(
        images: String, labels: String, layout: ImageLayout? = nil, classCount: Int? = nil, name: String? = nil
    ) throws(DatasetError) -> Dataset {
        let tensor = try loadImages(images, layout: layout)
        let labelValues = try loadLabels(labels)
        guard labelValues.count == tensor.shape[0] else {
            throw DatasetError(
                .countMismatch,
                "'\(labels)' holds \(labelValues.count) labels but '\(images)' holds \(tensor.shape[0]) images; the counts must match"
            )
        }
        let classes = classCount ?? max(1, (labelValues.max() ?? 0) + 1)
        try Dataset.checkLabels(labelValues, classCount: classes, source: "'\(labels)'")
        return Dataset(unchecked: name ?? images, images: tensor, labels: labelValues, classCount: classes)
    }

    /// The images of `path` as `[N, C, H, W]` in `[0, 1]`.
    static func loadImages(_ path: String, layout: ImageLayout?) throws(DatasetError) -> Tensor {
        let array = try read(path)
        let shape = array.shape
        let scalars: [Float]
        switch array.elementType {
        case .uint8:
            scalars = array.bytes.map { Float($0) / 255 }
        case .float32, .float64:
            scalars = array.floats()
            if let index = scalars.firstIndex(where: { !$0.isFinite }) {
                throw DatasetError(
                    .nonFinite,
                    "'\(path)' holds \(scalars[index]) in image \(index / max(1, shape.dropFirst().reduce(1, *))); pixel values must be finite"
                )
            }
        default:
            throw DatasetError(
                .invalidFormat,
                "'\(path)' holds \(array.elementType) images; expected uint8 (0–255) or float32/float64 (0–1)")
        }
        switch shape.count {
        case 3:
            try requireNonEmpty(shape, path)
            return Tensor(shape: [shape[0], 1, shape[1], shape[2]], scalars: scalars)
        case 4:
            try requireNonEmpty(shape, path)
            guard let resolved = layout ?? ImageLayout.detect(shape) else {
                throw DatasetError(
                    .invalidFormat,
                    "'\(path)' has shape \(shape), whose channel axis cannot be told (neither or both of axes 1 and 3 are 1 or 3); give the layout (nchw or nhwc)"
                )
            }
            return resolved == .nchw
                ? Tensor(shape: Shape(shape), scalars: scalars) : nchw(fromNHWC: scalars, shape: shape)
        default:
            throw DatasetError(
                .invalidFormat,
                "'\(path)' has shape \(shape); expected images [count, height, width], [count, channels, height, width] or [count, height, width, channels]"
            )
        }
    }

    /// The labels of `path`.
    static func loadLabels(_ path: String) throws(DatasetError) -> [Int] {
        let array = try read(path)
        guard array.elementType.isInteger else {
            throw DatasetError(.invalidFormat, "'\(path)' holds \(array.elementType) labels; expected an integer array")
        }
        guard array.shape.count == 1 || (array.shape.count == 2 && array.shape[1] == 1) else {
            throw DatasetError(
                .invalidFormat, "'\(path)' has shape \(array.shape); expected labels of shape [count] or [count, 1]")
        }
        do {
            return try array.integers()
        } catch {
            throw DatasetError(.labelOutOfRange, "'\(path)': \(error.message)")
        }
    }

    private static func read(_ path: String) throws(DatasetError) -> NumPyArray {
        let bytes = try DataFile.read(path)
        do {
            return try NumPyArray(parsing: bytes, source: "'\(path)'")
        } catch {
            throw DatasetError(.invalidFormat, error.message)
        }
    }

    private static func requireNonEmpty(_ shape: [Int], _ path: String) throws(DatasetError) {
        guard shape.dropFirst().allSatisfy({ $0 > 0 }) else {
            throw DatasetError(.invalidFormat, "'\(path)' has shape \(shape), whose images are empty")
        }
    }

    /// `[N, H, W, C]` scalars reordered to a `[N, C, H, W]` tensor.
    private static func nchw(fromNHWC scalars: [Float], shape: [Int]) -> Tensor {
        let (count, height, width, channels) = (shape[0], shape[1], shape[2], shape[3])
        let plane = height * width
        return Tensor(
            shape: [count, channels, height, width],
            unsafeUninitialized: { output in
                scalars.withUnsafeBufferPointer { input in
                    for sample in 0..<count {
                        let from = input.baseAddress! + sample * plane * channels
                        let to = output.baseAddress! + sample * plane * channels
                        for pixel in 0..<plane {
                            for channel in 0..<channels {
                                to[channel * plane + pixel] = from[pixel * channels + channel]
                            }
                        }
                    }
                }
            })
    }
}

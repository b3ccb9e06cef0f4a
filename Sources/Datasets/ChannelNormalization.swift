import Tensors

/// Per-channel standardisation of images: `(x − mean[c]) / std[c]`.
///
/// Fit it on the training split (``init(fitting:)``) and apply the same values to every split,
/// or give published values. ``Batches`` applies it to each batch after augmentation, so that
/// the zero padding of a random crop is black, as in the usual CIFAR recipe.
public struct ChannelNormalization: Hashable, Sendable {
    /// The mean subtracted from each channel.
    public private(set) var mean: [Float]
    /// The standard deviation each channel is divided by; always positive.
    public private(set) var std: [Float]

    /// Standardisation with given per-channel `mean` and `std`.
    ///
    /// - Throws: ``DatasetError/Code/invalidParameter`` when the counts differ or are zero, or a
    ///   value is not finite, or a standard deviation is not positive.
    public init(mean: [Float], std: [Float]) throws(DatasetError) {
        guard !mean.isEmpty, mean.count == std.count else {
            throw DatasetError(
                .invalidParameter,
                "normalisation needs one mean and one std per channel, got \(mean.count) means and \(std.count) stds")
        }
        guard mean.allSatisfy(\.isFinite), std.allSatisfy({ $0.isFinite && $0 > 0 }) else {
            throw DatasetError(
                .invalidParameter,
                "normalisation means must be finite and stds finite and positive, got mean \(mean) and std \(std)")
        }
        self.mean = mean
        self.std = std
    }

    /// The mean and population standard deviation of each channel over every pixel of `dataset`.
    ///
    /// Sums are accumulated in `Double`. A channel whose values are all equal (std 0) gets std 1,
    /// so it is centred but not scaled.
    public init(fitting dataset: Dataset) {
        let channels = dataset.channels
        let plane = dataset.height * dataset.width
        var sums = [Double](repeating: 0, count: channels)
        var squares = [Double](repeating: 0, count: channels)
        dataset.images.withUnsafeBufferPointer { pixels in
            for sample in 0..<dataset.count {
                for channel in 0..<channels {
                    let start = (sample * channels + channel) * plane
                    var sum = 0.0
                    var square = 0.0
                    for value in pixels[start..<(start + plane)] {
                        let v = Double(value)
                        sum += v
                        square += v * v
                    }
                    sums[channel] += sum
                    squares[channel] += square
                }
            }
        }
        let n = Double(max(1, dataset.count * plane))
        mean = sums.map { Float($0 / n) }
        std = zip(sums, squares).map { sum, square in
            let variance = max(0, square / n - (sum / n) * (sum / n))
            let deviation = Float(variance.squareRoot())
            return deviation > 0 ? deviation : 1
        }
    }

    /// The number of channels this normalisation is for.
    public var channels: Int { mean.count }

    /// `dataset` with every image standardised.
    ///
    /// - Throws: ``DatasetError/Code/invalidParameter`` when the channel counts differ.
    public func normalized(_ dataset: Dataset) throws(DatasetError) -> Dataset {
        try check(channels: dataset.channels, of: dataset.name)
        var images = dataset.images
        images.withUnsafeMutableBufferPointer { buffer in
            apply(to: buffer.baseAddress!, samples: dataset.count, plane: dataset.height * dataset.width)
        }
        return Dataset(unchecked: dataset.name, images: images, labels: dataset.labels, classCount: dataset.classCount)
    }

    /// Throws unless this normalisation has `channels` channels.
    func check(channels: Int, of name: String) throws(DatasetError) {
        guard channels == self.channels else {
            throw DatasetError(
                .invalidParameter,
                "\(name) has \(channels) channels but the normalisation has \(self.channels) (mean \(mean))")
        }
    }

    /// Standardises `samples` NCHW images in place; `plane` is `H · W`.
    func apply(to pixels: UnsafeMutablePointer<Float>, samples: Int, plane: Int) {
        let scales = std.map { 1 / $0 }
        for sample in 0..<samples {
            for channel in 0..<channels {
                let start = pixels + (sample * channels + channel) * plane
                let shift = mean[channel]
                let scale = scales[channel]
                for index in 0..<plane { start[index] = (start[index] - shift) * scale }
            }
        }
    }
}

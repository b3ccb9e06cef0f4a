import Tensors

/// Loads CIFAR-10 and CIFAR-100 binary batches into ``Dataset`` values of `[N, 3, 32, 32]`.
///
/// A path is either one batch file, or a directory holding the extracted archive — CIFAR-10's
/// `data_batch_1.bin` … `data_batch_5.bin` and `test_batch.bin`, CIFAR-100's `train.bin` and
/// `test.bin` — directly or in its `cifar-10-batches-bin` / `cifar-100-binary` folder. Files may
/// be gzip-compressed. Without an explicit ``CIFARVariant`` the format is chosen by which record
/// size (3,073 or 3,074 bytes) divides the file size.
public enum CIFAR {
    /// Pixel bytes per image: 3 × 32 × 32.
    public static let pixelsPerImage = 3 * 32 * 32
    /// The shape of one image, `[3, 32, 32]`.
    public static let imageShape: Shape = [3, 32, 32]

    /// The data at `path`: a directory gives a train and a test split, a file a train split only.
    ///
    /// - Parameters:
    ///   - path: a batch file or a directory of batches.
    ///   - variant: the format; `nil` detects it from the file sizes (CIFAR-100 then uses fine labels).
    /// - Throws: ``DatasetError`` naming the file: missing files, a size that is not a whole number
    ///   of records, a label outside the variant's classes.
    public static func load(_ path: String, variant: CIFARVariant? = nil) throws(DatasetError) -> DatasetSplits {
        guard BinaryFile.isDirectory(path) else {
            return DatasetSplits(train: try load(files: [path], variant: variant, name: path))
        }
        let layout = try findBatches(in: path, variant: variant)
        let train = try load(files: layout.train, variant: variant, name: "\(path) (train)")
        let test = try layout.test.map { (file) throws(DatasetError) in
            try load(files: [file], variant: variant ?? CIFARVariant(train.classCount), name: "\(path) (test)")
        }
        return DatasetSplits(train: train, test: test)
    }

    /// The records of `files`, concatenated in order, as one dataset called `name`.
    ///
    /// - Throws: ``DatasetError`` naming the offending file.
    public static func load(files: [String], variant: CIFARVariant?, name: String) throws(DatasetError) -> Dataset {
        var contents: [(path: String, bytes: [UInt8])] = []
        var chosen = variant
        for file in files {
            let bytes = try DataFile.read(file)
            let fileVariant = try checkSize(of: bytes, path: file, variant: chosen)
            chosen = chosen ?? fileVariant
            contents.append((file, bytes))
        }
        guard let chosen, !contents.isEmpty else {
            throw DatasetError(.unreadable, "no CIFAR batch files were given for \(name)")
        }
        var labels: [Int] = []
        for (path, bytes) in contents {
            let fileLabels = stride(from: chosen.labelOffset, to: bytes.count, by: chosen.recordSize).map {
                Int(bytes[$0])
            }
            try Dataset.checkLabels(
                fileLabels, classCount: chosen.classCount, source: "'\(path)' (\(chosen.formatName))")
            labels += fileLabels
        }
        let images = Tensor(
            shape: [labels.count, 3, 32, 32],
            unsafeUninitialized: { pixels in
                var first = 0
                for (_, bytes) in contents {
                    let records = bytes.count / chosen.recordSize
                    DataFile.decodeUnitPixels(
                        bytes, records: records, recordSize: chosen.recordSize, firstOffset: chosen.labelBytes,
                        pixelsPerRecord: pixelsPerImage, into: pixels.baseAddress! + first * pixelsPerImage)
                    first += records
                }
            })
        return Dataset(unchecked: name, images: images, labels: labels, classCount: chosen.classCount)
    }

    /// The variant whose records tile `bytes` (the given one, checked, or the detected one).
    private static func checkSize(
        of bytes: [UInt8], path: String, variant: CIFARVariant?
    ) throws(DatasetError) -> CIFARVariant {
        guard !bytes.isEmpty else {
            throw DatasetError(.invalidFormat, "'\(path)' is empty; expected CIFAR records of 3073 or 3074 bytes")
        }
        if let variant {
            guard bytes.count % variant.recordSize == 0 else {
                throw DatasetError(
                    .invalidFormat,
                    "'\(path)' holds \(bytes.count) bytes, which is not a whole number of \(variant.recordSize)-byte \(variant.formatName) records (\(bytes.count / variant.recordSize) records and \(bytes.count % variant.recordSize) bytes over)"
                )
            }
            return variant
        }
        let fitsTen = bytes.count % CIFARVariant.cifar10.recordSize == 0
        let fitsHundred = bytes.count % CIFARVariant.cifar100Fine.recordSize == 0
        switch (fitsTen, fitsHundred) {
        case (true, false): return .cifar10
        case (false, true): return .cifar100Fine
        case (true, true):
            throw DatasetError(
                .invalidFormat,
                "'\(path)' holds \(bytes.count) bytes, a whole number of both CIFAR-10 and CIFAR-100 records; name the format with cifar10: or cifar100:"
            )
        case (false, false):
            throw DatasetError(
                .invalidFormat,
                "'\(path)' holds \(bytes.count) bytes, which is not a whole number of 3073-byte CIFAR-10 or 3074-byte CIFAR-100 records"
            )
        }
    }

    /// The training files and the test file of a CIFAR directory, as ``DatasetSpec/localFiles(relativeTo:)`` lists them.
    static func findBatches(
        in directory: String, variant: CIFARVariant?
    ) throws(DatasetError) -> (train: [String], test: String?) {
        let folders = [
            directory, DataFile.join(directory, "cifar-10-batches-bin"), DataFile.join(directory, "cifar-100-binary"),
        ]
        .filter(BinaryFile.isDirectory)
        let wantsTen = variant.map { $0 == .cifar10 }
        for folder in folders {
            let names: [String]
            do { names = try BinaryFile.contents(ofDirectory: folder) } catch {
                throw DatasetError(.unreadable, error.message)
            }
            if wantsTen != false {
                let batches = names.compactMap { name -> (Int, String)? in
                    let stem = name.hasSuffix(".gz") ? String(name.dropLast(3)) : name
                    guard stem.hasPrefix("data_batch_"), stem.hasSuffix(".bin"),
                        let number = Int(stem.dropFirst("data_batch_".count).dropLast(".bin".count))
                    else { return nil }
                    return (number, DataFile.join(folder, name))
                }
                if !batches.isEmpty {
                    return (batches.sorted { $0.0 < $1.0 }.map(\.1), DataFile.find(["test_batch.bin"], in: folder))
                }
            }
            if wantsTen != true, let train = DataFile.find(["train.bin"], in: folder) {
                return ([train], DataFile.find(["test.bin"], in: folder))
            }
        }
        let expected =
            switch wantsTen {
            case true?: "data_batch_*.bin and test_batch.bin (CIFAR-10)"
            case false?: "train.bin and test.bin (CIFAR-100)"
            case nil: "data_batch_*.bin and test_batch.bin (CIFAR-10) or train.bin and test.bin (CIFAR-100)"
            }
        if folders.isEmpty {
            try DataFile.requireDirectory(directory, holding: expected)
        }
        throw DatasetError(.unreadable, "'\(directory)' holds no CIFAR batches; expected \(expected)")
    }
}

extension CIFARVariant {
    /// The variant with `classCount` classes (for the test split of a detected format).
    fileprivate init(_ classCount: Int) {
        self = CIFARVariant.allCases.first { $0.classCount == classCount } ?? .cifar10
    }
}

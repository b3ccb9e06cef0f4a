import Datasets
import Tensors
import Testing
import TestSupport

struct IDXTests {
    private func expectFixturePixels(_ dataset: Dataset, seed: Int) {
        #expect(dataset.images.shape == [dataset.count, 1, 5, 6])
        var mismatches = 0
        for image in 0..<dataset.count {
            for y in 0..<5 {
                for x in 0..<6
                where dataset.images[flat: (image * 5 + y) * 6 + x]
                    != Fixtures.idxPixel(image: image, y: y, x: x, seed: seed)
                {
                    mismatches += 1
                }
            }
        }
        #expect(mismatches == 0)
    }

    @Test func loadsDirectoryWithPlainTrainAndGzippedTestFiles() throws {
        let splits = try IDX.load(directory: Fixtures.path("mnist"))
        #expect(splits.train.labels == [7, 0, 9, 3])
        #expect(splits.train.classCount == 10)
        expectFixturePixels(splits.train, seed: 0)
        let test = try #require(splits.test)
        #expect(test.labels == [1, 1, 8])
        expectFixturePixels(test, seed: 100)
    }

    @Test func gzippedFilesMatchPlainFiles() throws {
        let plain = try IDX.load(directory: Fixtures.path("mnist")).train
        let compressed = try IDX.load(directory: Fixtures.path("mnist-gz"))
        #expect(compressed.train.images == plain.images)
        #expect(compressed.train.labels == plain.labels)
        #expect(compressed.test == nil)
    }

    @Test func rejectsWrongMagicNumber() throws {
        let error = try #require(throws: DatasetError.self) {
            try IDX.load(
                images: Fixtures.path("mnist/train-labels-idx1-ubyte"),
                labels: Fixtures.path("mnist/train-labels-idx1-ubyte"))
        }
        #expect(error.code == .invalidFormat)
        #expect(error.message.contains("train-labels-idx1-ubyte' has the magic number 0x00000801, expected 0x00000803"))

        let int32 = try #require(throws: DatasetError.self) {
            try IDX.load(
                images: Fixtures.path("bad/idx_int32-images-idx3-ubyte"),
                labels: Fixtures.path("mnist/train-labels-idx1-ubyte"))
        }
        #expect(int32.message.contains("0x00000C03"))
    }

    @Test func rejectsImageAndLabelCountMismatch() throws {
        let error = try #require(throws: DatasetError.self) {
            try IDX.load(
                images: Fixtures.path("mnist/train-images-idx3-ubyte"),
                labels: Fixtures.path("bad/idx_three_labels-idx1-ubyte"))
        }
        #expect(error.code == .countMismatch)
        #expect(error.message.contains("holds 3 labels but"))
        #expect(error.message.contains("holds 4 images"))
    }

    @Test func rejectsTruncatedFileAndTruncatedGzip() throws {
        let short = try #require(throws: DatasetError.self) {
            try IDX.load(
                images: Fixtures.path("bad/idx_truncated-images-idx3-ubyte"),
                labels: Fixtures.path("mnist/train-labels-idx1-ubyte"))
        }
        #expect(short.code == .invalidFormat)
        #expect(short.message.contains("holds 113 bytes of data, its header promises 120"))

        let gzip = try #require(throws: DatasetError.self) {
            try IDX.load(
                images: Fixtures.path("bad/idx_truncated-images-idx3-ubyte.gz"),
                labels: Fixtures.path("mnist/train-labels-idx1-ubyte"))
        }
        #expect(gzip.code == .invalidFormat)
        #expect(gzip.message.contains("idx_truncated-images-idx3-ubyte.gz' cannot be decompressed"))
    }

    @Test func rejectsLabelOutOfRange() throws {
        let error = try #require(throws: DatasetError.self) {
            try IDX.load(
                images: Fixtures.path("mnist/train-images-idx3-ubyte"),
                labels: Fixtures.path("bad/idx_label_out_of_range-idx1-ubyte"))
        }
        #expect(error.code == .labelOutOfRange)
        #expect(error.message.contains("sample 2 the label 10"))
    }

    @Test func reportsDirectoryWithoutIDXFiles() throws {
        let error = try #require(throws: DatasetError.self) { try IDX.load(directory: Fixtures.path("cifar10")) }
        #expect(error.code == .unreadable)
        #expect(error.message.contains("lacks train-images-idx3-ubyte"))
    }
}

struct IDXEdgeCaseTests {
    @Test func emptyFilesGiveAnEmptyDataset() throws {
        let images = temporaryPath("empty-images-idx3-ubyte")
        let labels = temporaryPath("empty-labels-idx1-ubyte")
        defer {
            removeFile(images)
            removeFile(labels)
        }
        try BinaryFile.write([0, 0, 8, 3, 0, 0, 0, 0, 0, 0, 0, 5, 0, 0, 0, 6], to: images)
        try BinaryFile.write([0, 0, 8, 1, 0, 0, 0, 0], to: labels)
        let dataset = try IDX.load(images: images, labels: labels)
        #expect(dataset.count == 0)
        #expect(dataset.images.shape == [0, 1, 5, 6])
    }
}

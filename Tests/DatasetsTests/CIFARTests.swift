import Datasets
import Testing

struct CIFARTests {
    /// Every pixel of `dataset` equals the fixture formula, records numbered from 0.
    private func expectFixturePixels(_ dataset: Dataset, seed: Int) {
        #expect(dataset.images.shape == [dataset.count, 3, 32, 32])
        var mismatches = 0
        for record in 0..<dataset.count {
            for channel in 0..<3 {
                for y in 0..<32 {
                    for x in 0..<32 {
                        let value = dataset.images[flat: ((record * 3 + channel) * 32 + y) * 32 + x]
                        if value != Fixtures.cifarPixel(record: record, channel: channel, y: y, x: x, seed: seed) {
                            mismatches += 1
                        }
                    }
                }
            }
        }
        #expect(mismatches == 0)
    }

    @Test func loadsCIFAR10DirectoryWithBothSplits() throws {
        let splits = try CIFAR.load(Fixtures.path("cifar10"))
        #expect(splits.train.labels == [3, 0, 9, 1, 7])
        #expect(splits.train.classCount == 10)
        expectFixturePixels(splits.train, seed: 0)
        let test = try #require(splits.test)
        #expect(test.labels == [5, 2])
        expectFixturePixels(test, seed: 100)
    }

    @Test func loadsCIFAR100FineOrCoarseLabels() throws {
        let fine = try CIFAR.load(Fixtures.path("cifar100"), variant: .cifar100Fine)
        #expect(fine.train.labels == [99, 0, 42])
        #expect(fine.train.classCount == 100)
        #expect(fine.test?.labels == [63, 5])
        expectFixturePixels(fine.train, seed: 0)

        let coarse = try CIFAR.load(Fixtures.path("cifar100"), variant: .cifar100Coarse)
        #expect(coarse.train.labels == [4, 19, 0])
        #expect(coarse.train.classCount == 20)
        #expect(coarse.test?.labels == [7, 11])
        expectFixturePixels(try #require(coarse.test), seed: 100)
    }

    @Test func detectsVariantFromFileSize() throws {
        let ten = try CIFAR.load(Fixtures.path("cifar10/data_batch_2.bin"))
        #expect(ten.train.classCount == 10)
        #expect(ten.train.labels == [1, 7])
        #expect(ten.test == nil)
        let hundred = try CIFAR.load(Fixtures.path("cifar100/test.bin"))
        #expect(hundred.train.classCount == 100)
        #expect(hundred.train.labels == [63, 5])
    }

    @Test func rejectsFileThatIsNotWholeRecords() throws {
        let error = try #require(throws: DatasetError.self) {
            try CIFAR.load(Fixtures.path("bad/cifar_partial_record.bin"), variant: .cifar10)
        }
        #expect(error.code == .invalidFormat)
        #expect(error.message.contains("cifar_partial_record.bin"))
        #expect(error.message.contains("holds 7146 bytes"))
        #expect(error.message.contains("3073-byte CIFAR-10 records"))

        let detected = try #require(throws: DatasetError.self) {
            try CIFAR.load(Fixtures.path("bad/cifar_partial_record.bin"))
        }
        #expect(detected.code == .invalidFormat)
        #expect(detected.message.contains("3073-byte CIFAR-10 or 3074-byte CIFAR-100"))
    }

    @Test func rejectsLabelOutOfRange() throws {
        let error = try #require(throws: DatasetError.self) {
            try CIFAR.load(Fixtures.path("bad/cifar10_label_out_of_range.bin"))
        }
        #expect(error.code == .labelOutOfRange)
        #expect(error.message.contains("cifar10_label_out_of_range.bin"))
        #expect(error.message.contains("sample 1 the label 12"))
    }

    @Test func reportsDirectoryWithoutBatches() throws {
        let error = try #require(throws: DatasetError.self) { try CIFAR.load(Fixtures.path("mnist")) }
        #expect(error.code == .unreadable)
        #expect(error.message.contains("holds no CIFAR batches"))
        let missing = try #require(throws: DatasetError.self) { try CIFAR.load(Fixtures.path("no-such-dir/x.bin")) }
        #expect(missing.code == .unreadable)
        #expect(missing.message.contains("No such file"))
    }
}

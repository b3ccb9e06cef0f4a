import Datasets
import Tensors
import Testing

struct DatasetTests {
    @Test func rejectsNaNCountMismatchAndLabelOutOfRange() throws {
        var scalars = [Float](repeating: 0.5, count: 2 * 3 * 2 * 2)
        scalars[17] = .nan
        let nan = try #require(throws: DatasetError.self) {
            try Dataset(
                name: "x", images: Tensor(shape: [2, 3, 2, 2], scalars: scalars), labels: [0, 1], classCount: 2)
        }
        #expect(nan.code == .nonFinite)
        #expect(nan.message.contains("in image 1"))

        let images = Tensor(zeros: [2, 3, 2, 2])
        let count = try #require(throws: DatasetError.self) {
            try Dataset(name: "x", images: images, labels: [0], classCount: 2)
        }
        #expect(count.code == .countMismatch)
        let range = try #require(throws: DatasetError.self) {
            try Dataset(name: "x", images: images, labels: [0, 2], classCount: 2)
        }
        #expect(range.code == .labelOutOfRange)
        let rank = try #require(throws: DatasetError.self) {
            try Dataset(name: "x", images: Tensor(zeros: [2, 12]), labels: [0, 1], classCount: 2)
        }
        #expect(rank.code == .invalidFormat)
    }

    @Test func subsetAndSplitKeepImagesWithTheirLabels() throws {
        let dataset = try Dataset(
            name: "n", images: Tensor(shape: [10, 1, 1, 1], scalars: (0..<10).map(Float.init)),
            labels: (0..<10).map { $0 % 5 },
            classCount: 5)
        let subset = dataset.subset([7, 2, 7])
        #expect(subset.images.scalars == [7, 2, 7])
        #expect(subset.labels == [2, 2, 2])

        let splits = dataset.split(testFraction: 0.3, seed: 4)
        let test = try #require(splits.test)
        #expect(test.count == 3)
        #expect(splits.train.count == 7)
        #expect((splits.train.images.scalars + test.images.scalars).sorted() == (0..<10).map(Float.init))
        #expect(zip(test.images.scalars, test.labels).allSatisfy { Int($0) % 5 == $1 })
        #expect(DatasetSplits(train: dataset).withTestSplit(heldOutFraction: 0.3, seed: 4) == splits)
    }
}

struct ChannelNormalizationTests {
    @Test func fittedNormalisationGivesZeroMeanUnitVariancePerChannel() throws {
        let dataset = BuiltinShapes(trainCount: 100, testCount: 0, seed: 5).generate(split: .train)
        let normalization = ChannelNormalization(fitting: dataset)
        let normalized = try normalization.normalized(dataset)
        for channel in 0..<3 {
            var values: [Double] = []
            for image in 0..<100 {
                let start = (image * 3 + channel) * 1024
                values += normalized.images.scalars[start..<(start + 1024)].map(Double.init)
            }
            let mean = values.reduce(0, +) / Double(values.count)
            let variance = values.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(values.count)
            #expect(abs(mean) < 1e-4)
            #expect(abs(variance - 1) < 1e-3)
        }
    }

    @Test func constantChannelIsCentredNotScaled() throws {
        let dataset = try Dataset(
            name: "flat", images: Tensor(zeros: [4, 1, 2, 2], value: 0.25), labels: [0, 0, 0, 0], classCount: 1)
        let normalization = ChannelNormalization(fitting: dataset)
        #expect(normalization.mean == [0.25])
        #expect(normalization.std == [1])
    }

    @Test func rejectsInvalidGivenValues() throws {
        #expect(throws: DatasetError.self) { try ChannelNormalization(mean: [0.5], std: [0]) }
        #expect(throws: DatasetError.self) { try ChannelNormalization(mean: [0.5, 0.5], std: [1]) }
        #expect(throws: DatasetError.self) { try ChannelNormalization(mean: [.nan], std: [1]) }
    }
}

struct SeededGeneratorTests {
    @Test func sameSeedAndStreamRepeatAndOthersDiffer() {
        var a = SeededGenerator(seed: 42)
        var b = SeededGenerator(seed: 42)
        var c = SeededGenerator(seed: 42, stream: 1)
        var d = SeededGenerator(seed: 43)
        let first = (0..<8).map { _ in a.next() }
        #expect(first == (0..<8).map { _ in b.next() })
        #expect(first != (0..<8).map { _ in c.next() })
        #expect(first != (0..<8).map { _ in d.next() })
    }

    @Test func firstOutputsArePinned() {
        // Pinned so that a change to the generator, which would change every dataset, is noticed.
        // The values come from an independent Python transcription of SplitMix64 seeding and
        // xoshiro256** (whose own test vector, state 1, 2, 3, 4 → 11520, 0, 1509978240, was checked there).
        var generator = SeededGenerator(seed: 0)
        let values = (0..<3).map { _ in generator.next() }
        #expect(values == [18_110_106_563_157_542_208, 8_650_457_082_529_208_451, 3_032_169_436_225_125_478])
    }

    @Test func boundedValuesAreUniformAndInRange() {
        var generator = SeededGenerator(seed: 9)
        var counts = [Int](repeating: 0, count: 7)
        for _ in 0..<70_000 { counts[generator.next(below: 7)] += 1 }
        #expect(counts.allSatisfy { abs($0 - 10_000) < 500 })
        for _ in 0..<1000 {
            let unit = generator.nextUnit()
            #expect(unit >= 0 && unit < 1)
        }
    }

    @Test func permutationHoldsEveryIndexOnce() {
        var generator = SeededGenerator(seed: 1)
        let permutation = generator.permutation(of: 1000)
        #expect(permutation.sorted() == Array(0..<1000))
        #expect(permutation != Array(0..<1000))
    }
}

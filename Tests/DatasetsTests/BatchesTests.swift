import Datasets
import Tensors
import Testing

struct BatchesTests {
    /// 10 one-channel 2 × 2 images whose pixels all equal their index; labels index % 3.
    private func makeDataset(count: Int = 10) throws -> Dataset {
        let scalars = (0..<count).flatMap { Array(repeating: Float($0), count: 4) }
        return try Dataset(
            name: "counting", images: Tensor(shape: [count, 1, 2, 2], scalars: scalars),
            labels: (0..<count).map { $0 % 3 }, classCount: 3)
    }

    @Test func sequentialBatchesKeepOrderAndEndWithPartialBatch() throws {
        let batches = try Batches(try makeDataset(), batchSize: 4)
        let all = Array(batches)
        #expect(batches.count == 3)
        #expect(all.map(\.count) == [4, 4, 2])
        #expect(all.flatMap(\.indices) == Array(0..<10))
        #expect(all[2].images.shape == [2, 1, 2, 2])
        #expect(all[1].images.scalars == [4, 4, 4, 4, 5, 5, 5, 5, 6, 6, 6, 6, 7, 7, 7, 7])
        #expect(all[1].labels == [1, 2, 0, 1])
    }

    @Test func dropsPartialBatchWhenAsked() throws {
        let batches = try Batches(try makeDataset(), batchSize: 4, dropsLastPartial: true)
        #expect(batches.count == 2)
        #expect(Array(batches).map(\.count) == [4, 4])
    }

    @Test func shuffledEpochVisitsEverySampleOnceWithMatchingLabelsAndImages() throws {
        let dataset = try makeDataset(count: 103)
        for epoch in 0..<3 {
            let batches = try Batches(dataset, batchSize: 16, order: .shuffled(seed: 9), epoch: epoch)
            var seen: [Int] = []
            for batch in batches {
                seen += batch.indices
                #expect(batch.labels == batch.indices.map { $0 % 3 })
                let expected: [Float] = batch.indices.flatMap { index -> [Float] in
                    Array(repeating: Float(index), count: 4)
                }
                #expect(batch.images.scalars == expected)
            }
            #expect(seen.sorted() == Array(0..<103))
            #expect(seen != Array(0..<103))
        }
    }

    @Test func shuffleDependsOnlyOnSeedAndEpoch() throws {
        let dataset = try makeDataset(count: 50)
        let a = try Batches(dataset, batchSize: 8, order: .shuffled(seed: 4), epoch: 2).sampleOrder
        let b = try Batches(dataset, batchSize: 5, order: .shuffled(seed: 4), epoch: 2).sampleOrder
        let nextEpoch = try Batches(dataset, batchSize: 8, order: .shuffled(seed: 4), epoch: 3).sampleOrder
        let otherSeed = try Batches(dataset, batchSize: 8, order: .shuffled(seed: 5), epoch: 2).sampleOrder
        #expect(a == b)
        #expect(a != nextEpoch)
        #expect(a != otherSeed)
    }

    @Test func keptBatchesAreNotOverwrittenByLaterOnes() throws {
        let kept = Array(try Batches(try makeDataset(count: 12), batchSize: 4))
        #expect(kept[0].images.scalars == [0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3])
        #expect(kept[2].images.scalars.first == 8)
    }

    @Test func normalisesEachBatchAfterAugmentation() throws {
        let dataset = try makeDataset()
        let normalization = try ChannelNormalization(mean: [2], std: [4])
        let batch = try #require(Array(try Batches(dataset, batchSize: 10, normalization: normalization)).first)
        let expected: [Float] = (0..<10).flatMap { index -> [Float] in
            Array(repeating: (Float(index) - 2) / 4, count: 4)
        }
        #expect(batch.images.scalars == expected)
    }

    @Test func rejectsBadBatchSizeAndChannelMismatch() throws {
        let dataset = try makeDataset()
        let size = try #require(throws: DatasetError.self) { try Batches(dataset, batchSize: 0) }
        #expect(size.code == .invalidParameter)
        let rgb = try ChannelNormalization(mean: [0.5, 0.5, 0.5], std: [0.2, 0.2, 0.2])
        let channels = try #require(throws: DatasetError.self) {
            try Batches(dataset, batchSize: 2, normalization: rgb)
        }
        #expect(channels.message.contains("counting has 1 channels but the normalisation has 3"))
    }
}

import Datasets
import Tensors
import Testing

struct AugmentationTests {
    /// Two 2-channel 4 × 5 images with distinct, positive pixel values.
    private func makeDataset() throws -> Dataset {
        try Dataset(
            name: "ramp", images: Tensor(shape: [2, 2, 4, 5], scalars: (1...80).map(Float.init)), labels: [0, 1],
            classCount: 2)
    }

    @Test func flipOnlyMirrorsEachRowOrLeavesTheImage() throws {
        let dataset = try makeDataset()
        let original = dataset.images.scalars
        var flippedSeen = false
        for epoch in 0..<16 {
            var images = dataset.images
            Augmentation(horizontalFlip: true, cropPadding: 0, seed: 1).apply(
                to: &images, sampleIndices: [0, 1], epoch: epoch)
            for image in 0..<2 {
                let slice = Array(images.scalars[(image * 40)..<((image + 1) * 40)])
                let source = Array(original[(image * 40)..<((image + 1) * 40)])
                let mirrored = stride(from: 0, to: 40, by: 5).flatMap { source[$0..<($0 + 5)].reversed() }
                #expect(slice == source || slice == mirrored)
                flippedSeen = flippedSeen || slice == mirrored
            }
        }
        #expect(flippedSeen)
    }

    @Test func cropShiftsTheImageAndFillsTheBorderWithZeros() throws {
        let dataset = try makeDataset()
        for epoch in 0..<20 {
            var images = dataset.images
            Augmentation(horizontalFlip: false, cropPadding: 2, seed: 3).apply(
                to: &images, sampleIndices: [0, 1], epoch: epoch)
            let scalars = images.scalars
            for image in 0..<2 {
                // Find the shift: some (dx, dy) in -2...2 must explain every output pixel.
                let explained = (-2...2).contains { dy in
                    (-2...2).contains { dx in
                        (0..<2).allSatisfy { channel in
                            (0..<4).allSatisfy { y in
                                (0..<5).allSatisfy { x in
                                    let out = scalars[((image * 2 + channel) * 4 + y) * 5 + x]
                                    let sy = y + dy
                                    let sx = x + dx
                                    let expected: Float =
                                        (0..<4).contains(sy) && (0..<5).contains(sx)
                                        ? dataset.images[flat: ((image * 2 + channel) * 4 + sy) * 5 + sx] : 0
                                    return out == expected
                                }
                            }
                        }
                    }
                }
                #expect(explained, "epoch \(epoch) image \(image)")
            }
        }
    }

    @Test func sameSeedEpochAndSampleGiveTheSameAugmentation() throws {
        let dataset = BuiltinShapes(trainCount: 40, testCount: 0, seed: 2).generate(split: .train)
        let augmentation = Augmentation.cifar(seed: 17)
        func epoch(_ number: Int, batchSize: Int) throws -> [Int: [Float]] {
            var images: [Int: [Float]] = [:]
            let batches = try Batches(
                dataset, batchSize: batchSize, order: .shuffled(seed: 1), epoch: number, augmentation: augmentation)
            for batch in batches {
                for (slot, index) in batch.indices.enumerated() {
                    images[index] = Array(batch.images.scalars[(slot * 3072)..<((slot + 1) * 3072)])
                }
            }
            return images
        }
        let first = try epoch(0, batchSize: 8)
        #expect(try epoch(0, batchSize: 8) == first)
        #expect(try epoch(0, batchSize: 13) == first)  // per sample, not per batch
        #expect(try epoch(1, batchSize: 8) != first)
        let unaugmented = (0..<40).map { Array(dataset.images.scalars[($0 * 3072)..<(($0 + 1) * 3072)]) }
        #expect((0..<40).contains { first[$0] != unaugmented[$0] })
    }
}

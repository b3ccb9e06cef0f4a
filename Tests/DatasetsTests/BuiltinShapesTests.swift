import Datasets
import Tensors
import Testing

struct BuiltinShapesTests {
    @Test func sameSeedGivesIdenticalImagesAndDifferentSeedDifferentOnes() {
        let first = BuiltinShapes(trainCount: 200, testCount: 50, seed: 7).generate()
        let again = BuiltinShapes(trainCount: 200, testCount: 50, seed: 7).generate()
        let other = BuiltinShapes(trainCount: 200, testCount: 50, seed: 8).generate()
        #expect(first == again)
        #expect(first.train.images != other.train.images)
        #expect(first.train.labels == other.train.labels)
    }

    @Test func imagesDoNotDependOnThreadCount() {
        let saved = Compute.threadCount
        defer { Compute.threadCount = saved }
        Compute.threadCount = 1
        let serial = BuiltinShapes(trainCount: 64, testCount: 0, seed: 3).generate(split: .train)
        Compute.threadCount = 4
        let parallel = BuiltinShapes(trainCount: 64, testCount: 0, seed: 3).generate(split: .train)
        #expect(serial == parallel)
    }

    @Test func prefixOfALargerSetIsTheSmallerSet() {
        let small = BuiltinShapes(trainCount: 30, testCount: 0, seed: 5).generate(split: .train)
        let large = BuiltinShapes(trainCount: 90, testCount: 0, seed: 5).generate(split: .train)
        #expect(large.subset(Array(0..<30)).images == small.images)
    }

    @Test func trainAndTestSplitsShareNoImage() {
        let splits = BuiltinShapes(trainCount: 100, testCount: 100, seed: 1).generate()
        #expect(splits.train.images != splits.test?.images)
    }

    @Test func classesAreBalancedAndValuesAreBytesInUnitRange() throws {
        let dataset = BuiltinShapes(trainCount: 1005, testCount: 0, seed: 11).generate(split: .train)
        #expect(dataset.images.shape == [1005, 3, 32, 32])
        #expect(dataset.classCount == 10)
        #expect(dataset.classCounts == [101, 101, 101, 101, 101, 100, 100, 100, 100, 100])
        let scalars = dataset.images.scalars
        #expect(scalars.allSatisfy { $0 >= 0 && $0 <= 1 })
        #expect(scalars.allSatisfy { ($0 * 255).rounded() / 255 == $0 })
        // Not degenerate: the images use most of the range.
        #expect(try #require(scalars.min()) < 0.05)
        #expect(try #require(scalars.max()) > 0.95)
    }

    @Test func meanColourAloneDoesNotRevealTheClass() {
        // A nearest-centroid classifier on each image's mean RGB colour should be near chance (10%).
        let splits = BuiltinShapes(trainCount: 2000, testCount: 1000, seed: 21).generate()
        func meanColours(_ dataset: Dataset) -> [SIMD3<Float>] {
            (0..<dataset.count).map { index in
                var sum = SIMD3<Float>(repeating: 0)
                for channel in 0..<3 {
                    let start = (index * 3 + channel) * 1024
                    sum[channel] = dataset.images.scalars[start..<(start + 1024)].reduce(0, +) / 1024
                }
                return sum
            }
        }
        let train = meanColours(splits.train)
        var centroids = [SIMD3<Float>](repeating: .zero, count: 10)
        for (colour, label) in zip(train, splits.train.labels) { centroids[label] += colour / 200 }
        let test = splits.test!
        let correct = zip(meanColours(test), test.labels).filter { colour, label in
            let distances = centroids.map { (($0 - colour) * ($0 - colour)).sum() }
            return distances.firstIndex(of: distances.min()!) == label
        }.count
        #expect(Double(correct) / Double(test.count) < 0.2)
    }

    @Test func generatedBytesArePinned() {
        // The renderer uses only exactly rounded arithmetic, so these sums hold on every platform;
        // a change here changes every experiment that uses builtin:shapes.
        let dataset = BuiltinShapes(trainCount: 50, testCount: 0, seed: 0).generate(split: .train)
        let bytes = dataset.images.scalars.map { Int(($0 * 255).rounded()) }
        #expect(bytes[0..<3072].reduce(0, +) == 294_420)
        #expect(bytes.reduce(0, +) == 19_101_703)
    }

    @Test func classNamesAreStable() {
        #expect(
            ShapeClass.allCases.map(\.description) == [
                "circle", "square", "triangle", "cross", "ring", "stripes-h", "stripes-v", "checker", "diamond", "dots",
            ])
    }
}

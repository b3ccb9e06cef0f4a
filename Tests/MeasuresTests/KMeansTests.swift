import Measures
import Tensors
import Testing

/// Overlapping blobs in many dimensions, where Lloyd takes many iterations and rows change
/// clusters late: the case in which skipped comparisons could go wrong.
private func overlappingBlobs(rows: Int, features: Int, clusters: Int, seed: UInt64) -> (data: Tensor, labels: [Int]) {
    var generator = SeededGenerator(seed: seed)
    let centres = (0..<(clusters * features)).map { _ in generator.nextNormal() * 0.08 + 2 }
    var scalars: [Float] = [], labels: [Int] = []
    for row in 0..<rows {
        let cluster = row % clusters
        labels.append(cluster)
        for f in 0..<features { scalars.append(centres[cluster * features + f] + generator.nextNormal()) }
    }
    return (Tensor(shape: [rows, features], scalars: scalars), labels)
}

private func squared(_ value: Double) -> Double { value * value }

/// Plain Lloyd with scikit-learn's stopping rules, every distance computed in `Double`.
private func fullLloydPasses(_ data: Tensor, from initial: Tensor, tolerance relative: Double = 1e-4)
    -> (labels: [Int], iterations: Int)
{
    let n = data.shape[0], features = data.shape[1], k = initial.shape[0]
    let x = data.scalars.map(Double.init)
    var centres = initial.scalars.map(Double.init)
    var means = [Double](repeating: 0, count: features)
    for row in 0..<n { for f in 0..<features { means[f] += x[row * features + f] / Double(n) } }
    var variance = 0.0
    for row in 0..<n { for f in 0..<features { variance += squared(x[row * features + f] - means[f]) } }
    let tolerance = relative * variance / Double(n) / Double(features)
    var labels = [Int](repeating: -1, count: n)
    func distance(_ row: Int, _ j: Int) -> Double {
        var sum = 0.0
        for f in 0..<features { sum += squared(x[row * features + f] - centres[j * features + f]) }
        return sum
    }
    func assign() {
        for row in 0..<n { labels[row] = (0..<k).min { distance(row, $0) < distance(row, $1) }! }
    }
    for iteration in 1...300 {
        let previous = labels
        assign()
        var sums = [Double](repeating: 0, count: k * features), counts = [Double](repeating: 0, count: k)
        for row in 0..<n {
            counts[labels[row]] += 1
            for f in 0..<features { sums[labels[row] * features + f] += x[row * features + f] }
        }
        var shift = 0.0
        for j in 0..<k where counts[j] > 0 {
            for f in 0..<features {
                let mean = Double(Float(sums[j * features + f] / counts[j]))
                shift += squared(mean - centres[j * features + f])
                centres[j * features + f] = mean
            }
        }
        if labels == previous { return (labels, iteration) }
        if shift <= tolerance {
            assign()
            return (labels, iteration)
        }
    }
    assign()
    return (labels, 300)
}

@Test func skippingComparisonsByBoundsGivesTheLabelsOfFullLloydPasses() {
    let (data, classes) = overlappingBlobs(rows: 600, features: 256, clusters: 8, seed: 7)
    let fromClassCentroids = KMeans.classCentroids(data, labels: classes, classes: 8)
    let fromFirstRows = Tensor(shape: [8, 256], scalars: Array(data.scalars.prefix(8 * 256)))
    for initial in [fromClassCentroids, fromFirstRows] {
        let fitted = KMeans().fit(data, initialCentres: initial)
        let expected = fullLloydPasses(data, from: initial)
        #expect(fitted.iterations == expected.iterations)
        #expect(fitted.iterations > 3, "the case should take several iterations")
        #expect(fitted.labels == expected.labels)
    }
}

@Test func clusteringDoesNotDependOnTheThreadCount() {
    let (data, classes) = overlappingBlobs(rows: 500, features: 96, clusters: 5, seed: 11)
    let initial = KMeans.classCentroids(data, labels: classes, classes: 5)
    let saved = Compute.threadCount
    defer { Compute.threadCount = saved }
    Compute.threadCount = 1
    let one = KMeans().fit(data, initialCentres: initial)
    Compute.threadCount = 2
    let two = KMeans().fit(data, initialCentres: initial)
    #expect(one.labels == two.labels)
    #expect(one.iterations == two.iterations)
    #expect(one.centres.scalars == two.centres.scalars)
    #expect(one.iterations > 3)
}

@Test func runsInLockstepGiveWhatSeparateRunsGive() {
    let (data, classes) = overlappingBlobs(rows: 400, features: 64, clusters: 6, seed: 5)
    let starts = [
        KMeans.classCentroids(data, labels: classes, classes: 6),
        Tensor(shape: [6, 64], scalars: Array(data.scalars.prefix(6 * 64))),
        Tensor(shape: [6, 64], scalars: Array(data.scalars.suffix(6 * 64))),
    ]
    let points = KMeans.Points(data)
    let kMeans = KMeans(maxIterations: 12)
    let together = kMeans.fit(points, from: starts)
    #expect(Set(together.map(\.iterations)).count > 1, "the runs should stop at different iterations")
    for (start, run) in zip(starts, together) {
        let alone = kMeans.fit(points, initialCentres: start)
        #expect(run.labels == alone.labels)
        #expect(run.iterations == alone.iterations)
        #expect(run.centres.scalars == alone.centres.scalars)
    }
}

@Test func kMeansPlusPlusPicksDistinctRowsReproduciblyAndFindsSeparatedBlobs() {
    // Eight blobs far apart: greedy k-means++ should start one centre in each.
    var generator = SeededGenerator(seed: 21)
    let offsets = (0..<(8 * 16)).map { _ in generator.nextNormal() * 40 }
    var scalars: [Float] = [], truth: [Int] = []
    for row in 0..<400 {
        truth.append(row % 8)
        for f in 0..<16 { scalars.append(offsets[(row % 8) * 16 + f] + generator.nextNormal()) }
    }
    let points = KMeans.Points(Tensor(shape: [400, 16], scalars: scalars))
    let centres = KMeans.plusPlusCentres(points, count: 8, seed: 4)
    #expect(centres == KMeans.plusPlusCentres(points, count: 8, seed: 4), "the same seed gives the same centres")
    #expect(centres != KMeans.plusPlusCentres(points, count: 8, seed: 5))
    let rows = (0..<8).map { j in (0..<400).first { row in (0..<16).allSatisfy { scalars[row * 16 + $0] == centres[flat: j * 16 + $0] } } }
    #expect(rows.allSatisfy { $0 != nil }, "every centre is a row of the data")
    #expect(Set(rows.compactMap { $0.map { truth[$0] } }).count == 8, "one centre per blob")
    let clustering = KMeans().fit(points, initialCentres: centres)
    #expect(adjustedRandIndex(truth, clustering.labels) == 1)
}

@Test func inverseARIFromKMeansPlusPlusIsReportedWithItsSeed() throws {
    let (data, classes) = overlappingBlobs(rows: 300, features: 32, clusters: 4, seed: 23)
    let fromCentroids = EmbeddingClustering.inverseARI(clean: data, shifted: data, labels: classes, classes: 4)
    let fromPlusPlus = EmbeddingClustering.inverseARI(
        clean: data, shifted: data, labels: classes, classes: 4, start: .plusPlus(seed: 1))
    #expect(fromPlusPlus == EmbeddingClustering.inverseARI(
        clean: data, shifted: data, labels: classes, classes: 4, start: .plusPlus(seed: 1)))
    // Same rows on both sides: own and clean starts coincide, for either rule.
    #expect(fromPlusPlus.shiftedOwn == fromPlusPlus.clean && fromPlusPlus.shiftedClean == fromPlusPlus.clean)
    #expect(fromCentroids.clean != fromPlusPlus.clean, "a different start finds a different clustering here")
}

@Test(arguments: [(scale: Float(1), outliers: 12), (scale: Float(1e-6), outliers: 0)])
func rowsOutsideTheRangeOfTheirBinary16CopyStillGetTheLabelsOfFullLloydPasses(scale: Float, outliers: Int) {
    // Outliers ×4e4 hold values beyond binary16's range (no bounds from the copy); at 1e-6 every
    // value is a binary16 subnormal, whose copy is coarse. Both must fall back on Float32 distances.
    let (blobs, classes) = overlappingBlobs(rows: 400, features: 64, clusters: 4, seed: 11)
    let data = Tensor(
        shape: blobs.shape,
        scalars: blobs.scalars.enumerated().map { index, value in value * scale * (index / 64 < outliers ? 4e4 : 1) })
    let initial = KMeans.classCentroids(data, labels: classes, classes: 4)
    let fitted = KMeans().fit(data, initialCentres: initial)
    let expected = fullLloydPasses(data, from: initial)
    #expect(fitted.iterations == expected.iterations)
    #expect(fitted.labels == expected.labels)
}

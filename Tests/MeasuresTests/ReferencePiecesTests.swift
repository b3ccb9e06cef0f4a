import Foundation
import Measures
import Tensors
import Testing
import TestSupport

// Golden values from Tests/Fixtures/measures/make_fixtures.py (numpy, scipy, scikit-learn).

private struct Pieces: Decodable {
    struct HistogramCase: Decodable {
        struct Side: Decodable { var counts: [Int]; var edges: [Float] }
        struct Bins: Decodable { var clean: Side; var shifted: Side; var distances: [String: Double] }
        var description: String
        var clean: [Float]
        var shifted: [Float]
        var bins: [String: Bins]
    }
    struct DistanceCase: Decodable {
        var description: String
        var p: [Double], q: [Double]
        var centres_p: [Double]?, centres_q: [Double]?
        var w1: Double, w1_principled: Double?, js: Double, bhattacharyya: Double, kl: Double
    }
    struct KMeansCase: Decodable {
        var description: String
        var data: [[Float]], initial: [[Float]]
        var max_iter: Int, tol: Double
        var labels: [Int], centres: [[Float]], n_iter: Int
        enum CodingKeys: String, CodingKey { case description, data, initial = "init", max_iter, tol, labels, centres, n_iter }
    }
    struct ARICase: Decodable { var description: String; var labels_true: [Int]; var labels_pred: [Int]; var ari: Double }
    var histograms: [HistogramCase]
    var distances: [DistanceCase]
    var kmeans: [KMeansCase]
    var ari: [ARICase]
}

private let pieces: Pieces = {
    let data = try! Data(contentsOf: URL(fileURLWithPath: fixturePath("measures/pieces.json")))
    return try! JSONDecoder().decode(Pieces.self, from: data)
}()

/// `|got − want| ≤ 1e-6 |want| + 1e-12`: relative 1e-6, with room for golden values that are rounding noise.
private func close(_ got: Double, _ want: Double) -> Bool {
    abs(got - want) <= 1e-6 * abs(want) + 1e-12
}

@Test func histogramsMatchNumPyCountsAndFloat32Edges() {
    for test in pieces.histograms {
        for (binsText, expected) in test.bins {
            let bins = Int(binsText)!
            for (values, side) in [(test.clean, expected.clean), (test.shifted, expected.shifted)] {
                let (start, stop) = values.withUnsafeBufferPointer { Histogram.range(of: $0) }
                #expect(Histogram.edges(start: start, stop: stop, bins: bins) == side.edges, "\(test.description), \(bins) bins")
                let p = Histogram.probabilities(of: values, bins: bins).probabilities
                #expect(p.map { Int(($0 * Double(values.count)).rounded()) } == side.counts, "\(test.description), \(bins) bins")
            }
        }
    }
}

@Test func distancesBetweenHistogramsMatchSciPy() {
    for test in pieces.histograms {
        for (binsText, expected) in test.bins {
            let bins = Int(binsText)!
            let (p, cp) = Histogram.probabilities(of: test.clean, bins: bins)
            let (q, cq) = Histogram.probabilities(of: test.shifted, bins: bins)
            for d in Distance.allCases {
                #expect(close(d(p, q), expected.distances[d.rawValue]!), "\(test.description) \(bins) \(d)")
            }
            #expect(close(Distance.w1(p, q, mode: .principled, centresP: cp, centresQ: cq), expected.distances["w1_principled"]!))
        }
    }
}

@Test func distancesMatchSciPyOnProbabilityVectors() {
    for test in pieces.distances {
        #expect(close(Distance.w1(test.p, test.q), test.w1), "\(test.description) w1")
        #expect(close(Distance.js(test.p, test.q), test.js), "\(test.description) js")
        #expect(close(Distance.bhattacharyya(test.p, test.q), test.bhattacharyya), "\(test.description) bhattacharyya")
        #expect(close(Distance.kl(test.p, test.q), test.kl), "\(test.description) kl")
        if let expected = test.w1_principled, let cp = test.centres_p, let cq = test.centres_q {
            #expect(close(Distance.w1(test.p, test.q, mode: .principled, centresP: cp, centresQ: cq), expected), "\(test.description) principled")
        }
    }
}

@Test func kMeansMatchesScikitLearnWithExplicitInit() {
    for test in pieces.kmeans {
        let features = test.data[0].count
        let data = Tensor(shape: [test.data.count, features], scalars: test.data.flatMap { $0 })
        let initial = Tensor(shape: [test.initial.count, features], scalars: test.initial.flatMap { $0 })
        let result = KMeans(maxIterations: test.max_iter, relativeTolerance: test.tol).fit(data, initialCentres: initial)
        #expect(result.labels == test.labels, "\(test.description)")
        #expect(result.iterations == test.n_iter, "\(test.description)")
        #expect(relativeError(result.centres.scalars, test.centres.flatMap { $0 }) < 1e-5, "\(test.description)")
    }
}

@Test func adjustedRandIndexMatchesScikitLearn() {
    for test in pieces.ari {
        #expect(close(adjustedRandIndex(test.labels_true, test.labels_pred), test.ari), "\(test.description)")
    }
}

@Test func wholePipelineOnADumpMatchesTheReferenceScript() throws {
    struct Expected: Decodable {
        var p: [String: [String: Double]]
        var inv_ari: [String: Double]
        var arm: Double
        var arm_per_layer: [String: Double]
        var preindex: Double
    }
    let expected = try JSONDecoder().decode(
        Expected.self, from: Data(contentsOf: URL(fileURLWithPath: fixturePath("measures/dump_expected.json"))))
    let result = try ActivationDump.measure(directory: fixturePath("measures/dump"))
    let relative = { (got: Double, want: Double) in abs(got - want) <= 1e-4 * abs(want) + 1e-12 }
    for (bins, row) in expected.p {
        for distance in Distance.allCases {
            #expect(relative(result.p.value(distance, bins: Int(bins)!), row[distance.rawValue]!), "p.\(distance).\(bins)")
        }
        #expect(relative(result.p.principledW1[Int(bins)!]!, row["w1_principled"]!), "p.w1_principled.\(bins)")
    }
    #expect(relative(result.invARI.clean, expected.inv_ari["clean"]!))
    #expect(relative(result.invARI.shiftedOwn, expected.inv_ari["shifted_own"]!))
    #expect(relative(result.invARI.shiftedClean, expected.inv_ari["shifted_clean"]!))
    #expect(relative(result.arm, expected.arm))
    for (layer, value) in expected.arm_per_layer { #expect(relative(result.armPerLayer[layer]!, value), "ARM \(layer)") }
    #expect(relative(result.preindex, expected.preindex))
}

@Test func dumpWithoutShiftGivesZeroComponents() throws {
    let result = try ActivationDump.measure(directory: fixturePath("measures/dump_noshift"))
    for component in result.p.all { #expect(abs(component.value) < 1e-12, "p.\(component.distance).\(component.bins)") }
    #expect(result.arm == 0 && result.preindex == 0)
    #expect(result.invARI.clean == result.invARI.shiftedOwn && result.invARI.clean == result.invARI.shiftedClean)
}

@Test func missingDumpIsAClearError() throws {
    let error = try #require(throws: MeasureError.self) { try ActivationDump.measure(directory: "/nonexistent/dump") }
    #expect(error.code == .invalidDump)
    #expect(error.message.contains("/nonexistent/dump"))
}

@Test func dumpHoldingNaNIsAClearErrorNamingTheFile() throws {
    let directory = temporaryPath("nan-dump")
    defer { try? FileManager.default.removeItem(atPath: directory) }
    try FileManager.default.copyItem(atPath: fixturePath("measures/dump"), toPath: directory)
    var embedding = try NumPyArray(contentsOfFile: directory + "/embedding_shifted.npy").tensor()
    embedding[flat: 7] = .nan
    try NumPyArray(embedding).write(toFile: directory + "/embedding_shifted.npy")
    let error = try #require(throws: MeasureError.self) { try ActivationDump.measure(directory: directory) }
    #expect(error.code == .invalidDump)
    #expect(error.message.contains("embedding_shifted.npy holds nan at element 7"))
}

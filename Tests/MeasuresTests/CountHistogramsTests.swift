import Foundation
import Measures
import Tensors
import Testing
import TestSupport

/// `|got − want| ≤ 1e-12 |want| + 1e-15`: the count form and the probability form differ by rounding only.
private func same(_ got: Double, _ want: Double) -> Bool {
    abs(got - want) <= 1e-12 * abs(want) + 1e-15
}

/// ``Distance`` on the probability vectors of two rows.
private func expected(
    _ distance: Distance, _ clean: [Float], _ shifted: [Float], bins: Int, mode: Distance.WassersteinMode
) -> Double {
    let (p, cp) = Histogram.probabilities(of: clean, bins: bins), (q, cq) = Histogram.probabilities(of: shifted, bins: bins)
    return distance(p, q, mode: mode, centresP: cp, centresQ: cq)
}

private func fill(_ histograms: inout CountHistograms, _ clean: [Float], _ shifted: [Float]) {
    clean.withUnsafeBufferPointer { c in
        shifted.withUnsafeBufferPointer { s in histograms.fill(clean: c, shifted: s) }
    }
}

/// Seeded (clean, shifted) row pairs of `length` values: plain, negative, with ties, constant, and
/// a shifted row that is the clean one with a few values moved.
private func rowPairs(length: Int, seed: UInt64) -> [(description: String, clean: [Float], shifted: [Float])] {
    let row = { (range: ClosedRange<Float>, seed: UInt64) in randomTensor([length], in: range, seed: seed).scalars }
    let clean = row(0...1, seed), noise = row(-0.1...0.1, seed + 1)
    let ties = { (values: [Float]) in values.map { ($0 * 3).rounded() / 3 } }
    return [
        ("uniform", clean, row(0...1, seed + 2)),
        ("noisy copy", clean, zip(clean, noise).map { $0 + $1 }),
        ("negative", row(-5 ... -1, seed + 3), row(-7 ... -2, seed + 4)),
        ("ties", ties(clean), ties(zip(clean, noise).map { $0 + $1 })),
        ("constant clean", [Float](repeating: 0.25, count: length), clean),
        ("both constant", [Float](repeating: -2, count: length), [Float](repeating: 3, count: length)),
        ("identical", clean, clean),
        ("one value moved", clean, clean.enumerated().map { $0.offset == 0 ? $0.element + 0.5 : $0.element }),
    ]
}

@Test(arguments: [1, 3, 16, 64, 200])
func countsAreHistogramProbabilitiesTimesTheRowLength(length: Int) {
    var histograms = CountHistograms()
    for (description, clean, shifted) in rowPairs(length: length, seed: UInt64(length)) {
        fill(&histograms, clean, shifted)
        for bins in PreIndexComponents.binCounts {
            let counts = histograms.counts(bins: bins)
            let asCounts = { (row: [Float]) in
                Histogram.probabilities(of: row, bins: bins).probabilities.map { Int(($0 * Double(length)).rounded()) }
            }
            #expect(counts.clean == asCounts(clean), "\(description), \(length) values, \(bins) bins")
            #expect(counts.shifted == asCounts(shifted), "\(description), \(length) values, \(bins) bins")
        }
    }
}

@Test(arguments: [1, 3, 16, 64, 200])
func distancesFromCountsEqualDistanceOnProbabilities(length: Int) {
    var histograms = CountHistograms()
    for (description, clean, shifted) in rowPairs(length: length, seed: 100 + UInt64(length)) {
        fill(&histograms, clean, shifted)
        for bins in PreIndexComponents.binCounts {
            for mode in Distance.WassersteinMode.allCases {
                for distance in Distance.allCases where mode == .reference || distance == .w1 {
                    let got = histograms.distance(distance, bins: bins, mode: mode)
                    let want = expected(distance, clean, shifted, bins: bins, mode: mode)
                    #expect(same(got, want), "\(description), \(length) values, \(bins) bins, \(distance) \(mode)")
                }
            }
        }
    }
}

@Test func refillingWithAnotherRowLengthGivesTheSameAsAFreshValue() {
    var reused = CountHistograms()
    for length in [3, 64, 5, 200, 1] {
        let (_, clean, shifted) = rowPairs(length: length, seed: 7)[1]
        fill(&reused, clean, shifted)
        var fresh = CountHistograms()
        fill(&fresh, clean, shifted)
        #expect(reused.rowLength == length)
        for bins in PreIndexComponents.binCounts {
            #expect(reused.counts(bins: bins) == fresh.counts(bins: bins), "\(length) values, \(bins) bins")
            for distance in Distance.allCases {
                let (a, b) = (reused.distance(distance, bins: bins), fresh.distance(distance, bins: bins))
                #expect(a == b, "\(length) values, \(bins) bins, \(distance)")
            }
            let principled = { (h: CountHistograms) in h.distance(.w1, bins: bins, mode: .principled) }
            #expect(principled(reused) == principled(fresh), "\(length) values, \(bins) bins, principled W1")
        }
    }
}

/// Rows whose 4-bin histograms on [0, 4] are n = [3, 0, 0, 1] and m = [1, 1, 1, 1], worked by hand:
/// ```
/// w1 reference   sort n = [0, 0, 1, 3], sort m = [1, 1, 1, 1]: (1 + 1 + 0 + 2) / (4 bins · 4 values) = 1/4
/// w1 principled  cumulative counts 3 3 3 4 vs 1 2 3 4 at centres ½ 1½ 2½ 3½: (2 · 1 + 1 · 1) / 4 = 3/4
/// js             [3 ln(6/4) + ln(2/4) + ln 2 + ln 2 + 0] / 8 = (3 ln 1.5 + ln 2) / 8
/// bhattacharyya  1 − (√3 + 0 + 0 + 1) / 4
/// kl (n ‖ m)     [3 ln 3 + 0 + 0 + 0] / 4;   kl (m ‖ n): [ln(1/3) + ∞ + ∞ + 0] / 4 → −ln 3 / 4 with ∞ dropped
/// ```
@Test func handWorkedCountsGiveTheirDistances() throws {
    var histograms = CountHistograms(binCounts: [4])
    let n: [Float] = [0, 0, 0, 4], m: [Float] = [0, 1, 2, 4]
    fill(&histograms, n, m)
    #expect(histograms.counts(bins: 4).clean == [3, 0, 0, 1])
    #expect(histograms.counts(bins: 4).shifted == [1, 1, 1, 1])
    #expect(same(histograms.distance(.w1, bins: 4), 0.25))
    #expect(same(histograms.distance(.w1, bins: 4, mode: .principled), 0.75))
    #expect(same(histograms.distance(.js, bins: 4), (3 * log(1.5) + log(2.0)) / 8))
    #expect(same(histograms.distance(.bhattacharyya, bins: 4), 1 - (3.0.squareRoot() + 1) / 4))
    #expect(same(histograms.distance(.kl, bins: 4), 3 * log(3.0) / 4))

    fill(&histograms, m, n)
    #expect(same(histograms.distance(.kl, bins: 4), -log(3.0) / 4))
    #expect(same(histograms.distance(.w1, bins: 4), 0.25))
    #expect(same(histograms.distance(.w1, bins: 4, mode: .principled), 0.75))
    #expect(same(histograms.distance(.js, bins: 4), (3 * log(1.5) + log(2.0)) / 8))
}

@Test(arguments: Distance.WassersteinMode.allCases)
func accumulatorMeansAreTheMeansOfDistanceOverSamples(mode: Distance.WassersteinMode) {
    let samples = 37, channels = 24
    let clean = randomTensor([samples, channels], in: -1...2, seed: 21)
    let noise = randomTensor([samples, channels], in: -0.3...0.3, seed: 22)
    let shifted = Tensor(shape: [samples, channels], scalars: zip(clean.scalars, noise.scalars).map { $0 + $1 })
    var accumulator = PreIndexAccumulator(mode: mode)
    accumulator.add(clean: clean, shifted: shifted)
    #expect(accumulator.pairs == samples)
    let components = accumulator.components
    for bins in PreIndexComponents.binCounts {
        var sums = [Distance: Double](), principled = 0.0
        for sample in 0..<samples {
            let rows = (sample * channels)..<((sample + 1) * channels)
            let c = Array(clean.scalars[rows]), s = Array(shifted.scalars[rows])
            for distance in Distance.allCases {
                sums[distance, default: 0] += expected(distance, c, s, bins: bins, mode: mode)
            }
            principled += expected(.w1, c, s, bins: bins, mode: .principled)
        }
        for distance in Distance.allCases {
            let mean = sums[distance]! / Double(samples)
            #expect(same(components.value(distance, bins: bins), mean), "\(distance) at \(bins) bins")
        }
        #expect(same(components.principledW1[bins]!, principled / Double(samples)), "principled \(bins)")
    }
}

@Test func rowsWithNaNOrInfinityGiveNaNDistancesWithoutTrapping() {
    var histograms = CountHistograms()
    let good: [Float] = [0, 0.5, 1, 2]
    for bad: [Float] in [[0, .nan, 1, 2], [0, .infinity, 1, 2], [-.infinity, 0, 1, 2], [.nan, .nan, .nan, .nan],
                         [-3e38, 0, 1, 3e38]] {
        for (clean, shifted) in [(bad, good), (good, bad)] {
            fill(&histograms, clean, shifted)
            for bins in PreIndexComponents.binCounts {
                for distance in Distance.allCases { #expect(histograms.distance(distance, bins: bins).isNaN, "\(bad)") }
                #expect(histograms.distance(.w1, bins: bins, mode: .principled).isNaN, "\(bad)")
            }
        }
    }
    fill(&histograms, good, good)
    #expect(histograms.distance(.js, bins: 16) == 0)
}

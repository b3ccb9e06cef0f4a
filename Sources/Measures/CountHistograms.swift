import Foundation

/// A sample's clean and shifted rows binned on their own ranges at several bin counts, as integer
/// counts, with the ``Distance``s between the two histograms computed from the counts.
///
/// Binning is ``Histogram``'s, value for value (numpy's range rule, Float32 edges, the same
/// correction against the edges), so for a row of `C` values the counts are `C` times
/// ``Histogram/probabilities(of:bins:into:centres:)``, exactly. A row is scanned twice: once for
/// its range, once to bin every value at every bin count.
///
/// Every value lands in a bin, so `p = n / C` (clean) and `q = m / C` (shifted) for integer counts
/// `n`, `m`, and ``Distance``'s formulas become sums over counts:
/// ```
/// w1, reference   (1 / (bins · C)) Σ_t |#{i: n_i ≤ t} − #{i: m_i ≤ t}|,  t = 0, 1, …
///                 (W1 of two equal-size integer samples = mean |sort(p) − sort(q)|, without sorting)
/// w1, principled  (1 / C) ∫ |N(x) − M(x)| dx,  N, M the cumulative counts over the bin centres
/// js              (1 / 2C) Σ [n (ln 2n − ln(n+m)) + m (ln 2m − ln(n+m))],  a term with n or m = 0 is 0
/// bhattacharyya   1 − (1 / C) Σ √(n m)
/// kl              (1 / C) Σ_{n>0, m>0} n (ln n − ln m)   (n > 0 = m would be +∞: dropped; n = 0 gives 0)
/// ```
/// They are the same formulas, so the values equal ``Distance`` on the probability vectors up to
/// rounding (1e-12 relative in the tests); here every logarithm is a lookup of `ln k`, `k ≤ 2C`,
/// from a table built once per row length, nothing is sorted, only the bins either side uses
/// are visited (an empty pair adds 0 to every sum), and principled W1 is
/// ``Wasserstein``'s merge sweep on the non-empty bins with integer weights. Sums are in `Double`,
/// counting in integers.
///
/// The storage is reused: once a row length has been seen, ``fill(clean:shifted:)`` allocates
/// nothing, so one value per worker thread serves any number of samples.
///
/// Edge cases: a constant row gets numpy's `[v − 0.5, v + 0.5]` range; a row of one value is
/// constant. A row holding NaN or ±∞ (or whose range overflows Float32) gives NaN distances, so
/// that bad input shows in every mean it reaches instead of trapping or being skipped silently.
public struct CountHistograms: Sendable {
    /// The bin counts each row is binned at, in the order ``distance(_:bins:mode:)`` accepts them.
    public let binCounts: [Int]
    /// The number of values in each row of the last ``fill(clean:shifted:)`` (0 before any).
    public private(set) var rowLength = 0

    /// Where bin count `b`'s bins start in each side's counts; the last entry is the bins of all.
    private let binOffsets: [Int]
    /// The clean counts of every bin count, then the shifted ones.
    private var counts: [Int32]
    /// The clean edges of every bin count (`bins + 1` each), then the shifted ones.
    private var edges: [Float]
    /// `ln k` for `k = 1…2 · rowLength`, and 0 for `k = 0` (so that zero counts drop out).
    private var logarithms: [Double] = [0]
    /// For reference W1: the clean bins holding `v` values minus the shifted ones, `v = 0…rowLength`.
    private var countBalance: [Int32] = [0]
    /// For principled W1: centres and weights of the non-empty bins, clean then shifted.
    private var support: [Double]
    /// The bins of one bin count that either side uses, ascending: the only ones any distance
    /// depends on (a bin empty on both sides adds 0 to every sum).
    private var occupied: [Int]
    /// ``slots`` values per bin count.
    private var values: [Double]

    /// Values kept per bin count: the four ``Distance``s in declaration order (W1 in reference
    /// mode), then principled W1.
    static let slots = Distance.allCases.count + 1

    /// Histograms at `binCounts` (PreIndex's 16, 32 and 64 unless given), empty until filled.
    ///
    /// - Precondition: every bin count is at least 1.
    public init(binCounts: [Int] = PreIndexComponents.binCounts) {
        precondition(binCounts.allSatisfy { $0 >= 1 }, "bin counts \(binCounts) must be positive")
        self.binCounts = binCounts
        binOffsets = binCounts.reduce(into: [0]) { $0.append($0.last! + $1) }
        let bins = binOffsets.last!
        counts = [Int32](repeating: 0, count: 2 * bins)
        edges = [Float](repeating: 0, count: 2 * (bins + binCounts.count))
        support = [Double](repeating: 0, count: 4 * ((binCounts.max() ?? 0) + 1))
        occupied = [Int](repeating: 0, count: binCounts.max() ?? 0)
        values = [Double](repeating: 0, count: binCounts.count * Self.slots)
    }

    /// Bins `clean` and `shifted` at every bin count and computes the distances between them.
    ///
    /// A row holding NaN or ±∞, or whose range is too wide for Float32, gets NaN for every distance.
    ///
    /// - Precondition: the rows are non-empty and of one length.
    public mutating func fill(clean: UnsafeBufferPointer<Float>, shifted: UnsafeBufferPointer<Float>) {
        precondition(
            !clean.isEmpty && clean.count == shifted.count, "rows of \(clean.count) and \(shifted.count) values")
        if clean.count != rowLength { prepare(rowLength: clean.count) }
        let sideBins = binOffsets.last!, sideEdges = sideBins + binCounts.count
        let binned = binCounts.withUnsafeBufferPointer { binCounts in
            counts.withUnsafeMutableBufferPointer { counts in
                edges.withUnsafeMutableBufferPointer { edges in
                    var binned = true
                    for side in 0..<2 {
                        binned = Self.bin(
                            side == 0 ? clean : shifted, binCounts: binCounts,
                            counts: UnsafeMutableBufferPointer(rebasing: counts[(side * sideBins)...].prefix(sideBins)),
                            edges: UnsafeMutableBufferPointer(rebasing: edges[(side * sideEdges)...].prefix(sideEdges))
                        ) && binned
                    }
                    return binned
                }
            }
        }
        guard binned else { return values.withUnsafeMutableBufferPointer { $0.update(repeating: .nan) } }
        for b in binCounts.indices { computeDistances(binIndex: b) }
    }

    /// The distance between the clean and shifted histograms at `bins` bins of the last fill.
    ///
    /// - Precondition: `bins` is one of ``binCounts``.
    public func distance(_ distance: Distance, bins: Int, mode: Distance.WassersteinMode = .reference) -> Double {
        let slot = distance == .w1 && mode == .principled ? Self.slots - 1 : Distance.allCases.firstIndex(of: distance)!
        return self[binIndex: binIndex(bins), slot: slot]
    }

    /// The clean and shifted counts at `bins` bins of the last fill.
    ///
    /// - Precondition: `bins` is one of ``binCounts``.
    public func counts(bins: Int) -> (clean: [Int], shifted: [Int]) {
        let index = binIndex(bins)
        let (start, end, sideBins) = (binOffsets[index], binOffsets[index + 1], binOffsets.last!)
        return (counts[start..<end].map(Int.init), counts[(sideBins + start)..<(sideBins + end)].map(Int.init))
    }

    /// Value `slot` (``slots`` order) at bin count number `binIndex`, without searching.
    subscript(binIndex binIndex: Int, slot slot: Int) -> Double {
        values[binIndex * Self.slots + slot]
    }

    private func binIndex(_ bins: Int) -> Int {
        guard let index = binCounts.firstIndex(of: bins) else {
            preconditionFailure("\(bins) bins is not one of \(binCounts)")
        }
        return index
    }

    /// Sizes the logarithm table and the count balance for rows of `rowLength` values.
    private mutating func prepare(rowLength: Int) {
        self.rowLength = rowLength
        if logarithms.count <= 2 * rowLength {
            logarithms += (logarithms.count...(2 * rowLength)).map { log(Double($0)) }
        }
        if countBalance.count <= rowLength {
            countBalance += [Int32](repeating: 0, count: rowLength + 1 - countBalance.count)
        }
    }

    /// Counts `row` at every bin count: its range once, each value's position once, then each bin
    /// count's bin. Returns whether every value was binned on a finite range.
    private static func bin(
        _ row: UnsafeBufferPointer<Float>, binCounts: UnsafeBufferPointer<Int>,
        counts: UnsafeMutableBufferPointer<Int32>, edges: UnsafeMutableBufferPointer<Float>
    ) -> Bool {
        let (start, stop) = Histogram.range(of: row)
        let width = stop - start
        guard width.isFinite else { return false }
        counts.update(repeating: 0)
        var offset = 0
        for (b, bins) in binCounts.enumerated() {
            let binEdges = UnsafeMutableBufferPointer(rebasing: edges[(offset + b)...].prefix(bins + 1))
            Histogram.writeEdges(start: start, stop: stop, into: binEdges)
            offset += bins
        }
        var binned = 0
        for x in row {
            guard x >= start, x <= stop else { continue }
            let position = Histogram.position(of: x, start: start, width: width)
            var offset = 0
            for (b, bins) in binCounts.enumerated() {
                let binEdges = UnsafeBufferPointer(rebasing: edges[(offset + b)...].prefix(bins + 1))
                counts[offset + Histogram.bin(of: x, position: position, edges: binEdges)] += 1
                offset += bins
            }
            binned += 1
        }
        return binned == row.count
    }

    /// Fills bin count number `b`'s ``slots`` values from the counts of the last fill.
    private mutating func computeDistances(binIndex b: Int) {
        let (offset, bins, sideBins) = (binOffsets[b], binCounts[b], binOffsets.last!)
        let sideEdges = sideBins + binCounts.count, length = rowLength
        let (distances, principled) = counts.withUnsafeBufferPointer { counts in
            let n = UnsafeBufferPointer(rebasing: counts[offset...].prefix(bins))
            let m = UnsafeBufferPointer(rebasing: counts[(sideBins + offset)...].prefix(bins))
            return occupied.withUnsafeMutableBufferPointer { occupied in
                var used = 0
                for i in 0..<bins {
                    occupied[used] = i
                    used += n[i] | m[i] != 0 ? 1 : 0
                }
                let bins = UnsafeBufferPointer(rebasing: occupied[..<used])
                let distances = logarithms.withUnsafeBufferPointer { ln in
                    countBalance.withUnsafeMutableBufferPointer { balance in
                        Self.distances(n, m, over: bins, length: length, logarithms: ln, balance: balance)
                    }
                }
                let principled = edges.withUnsafeBufferPointer { edges in
                    support.withUnsafeMutableBufferPointer { support in
                        Self.principledW1(
                            n, edges: UnsafeBufferPointer(rebasing: edges[(offset + b)...].prefix(n.count + 1)),
                            m, edges: UnsafeBufferPointer(rebasing: edges[(sideEdges + offset + b)...].prefix(n.count + 1)),
                            over: bins, length: length, support: support)
                    }
                }
                return (distances, principled)
            }
        }
        values.withUnsafeMutableBufferPointer { values in
            let base = b * Self.slots
            (values[base], values[base + 1], values[base + 2], values[base + 3]) = distances
            values[base + 4] = principled
        }
    }

    /// Reference W1, JS, 1 − Bhattacharyya and KL between counts `n` and `m` of rows of `length`
    /// values, summed over the `occupied` bins (those either side uses); `balance` is all zero on
    /// entry and on return.
    private static func distances(
        _ n: UnsafeBufferPointer<Int32>, _ m: UnsafeBufferPointer<Int32>, over occupied: UnsafeBufferPointer<Int>,
        length: Int, logarithms ln: UnsafeBufferPointer<Double>, balance: UnsafeMutableBufferPointer<Int32>
    ) -> (w1: Double, js: Double, bhattacharyya: Double, kl: Double) {
        // Without branches: ln[0] is 0, so a zero count's terms vanish, and a KL term with m = 0
        // is weighted 0 instead of being +∞. Equal counts give exactly 0 to JS and KL, `a` to √(n m).
        var js = 0.0, kl = 0.0, overlap = 0.0, largest = 0
        for i in occupied {
            let a = Int(n[i]), c = Int(m[i])
            balance[a] += 1
            balance[c] -= 1
            largest = max(largest, a, c)
            let lnSum = ln[a + c]
            js += Double(a) * (ln[2 * a] - lnSum) + Double(c) * (ln[2 * c] - lnSum)
            kl += Double(c > 0 ? a : 0) * (ln[a] - ln[c])
            overlap += Double(a * c).squareRoot()
        }
        // #{i: n_i ≤ t} − #{i: m_i ≤ t} is the running sum of the balance; 0 from `largest` on.
        var difference = 0, area = 0
        for t in 0..<largest {
            difference += Int(balance[t])
            area += abs(difference)
            balance[t] = 0
        }
        balance[largest] = 0
        let total = Double(length)
        return (Double(area) / (Double(n.count) * total), js / (2 * total), 1 - overlap / total, kl / total)
    }

    /// W1 between counts `n` and `m` over their bins' centres, `(1/C) ∫ |N(x) − M(x)| dx` for the
    /// cumulative counts `N`, `M`: ``Wasserstein``'s sweep on the non-empty bins only (empty ones
    /// carry no weight), with the counts as weights.
    private static func principledW1(
        _ n: UnsafeBufferPointer<Int32>, edges nEdges: UnsafeBufferPointer<Float>,
        _ m: UnsafeBufferPointer<Int32>, edges mEdges: UnsafeBufferPointer<Float>,
        over occupied: UnsafeBufferPointer<Int>, length: Int, support: UnsafeMutableBufferPointer<Double>
    ) -> Double {
        let bins = n.count
        // Clean centres (bins + 1 with the end marker), clean counts, shifted centres, shifted counts.
        func gather(_ counts: UnsafeBufferPointer<Int32>, _ edges: UnsafeBufferPointer<Float>, at base: Int) -> Int {
            var used = 0
            for i in occupied {
                support[base + used] = Histogram.centre(i, of: edges)
                support[base + bins + 1 + used] = Double(counts[i])
                used += counts[i] > 0 ? 1 : 0
            }
            support[base + used] = .infinity
            return used
        }
        let side = 2 * bins + 2
        let steps = gather(n, nEdges, at: 0) + gather(m, mEdges, at: side)
        let base = UnsafePointer(support.baseAddress!)
        let area = Wasserstein.sweep(base, base + bins + 1, base + side, base + side + bins + 1, points: steps)
        return area / Double(length)
    }
}

import Tensors

/// ARM: the mean over layers of the 1-Wasserstein distance between a layer's activation
/// distribution on clean and on shifted data, over the whole dataset.
///
/// ```
/// P_l = mean over channels f of the normalised 64-bin histogram of a[:, f] (clean),
/// Q_l = the same for shifted data, on the same bins (the layer's clean ∪ shifted range);
/// ARM = (1/L) Σ_l W1(P_l, Q_l) over the bin centres
/// ```
/// `a[n, f]` is sample n's spatial mean of channel f (what PreIndex also uses). Since every
/// channel contributes one value per sample, the mean of the per-channel histograms is the
/// histogram of all the layer's values, which is what is accumulated.
///
/// Streaming: the bins start on the first batch's range; when later values fall outside it,
/// the range doubles (towards them) and neighbouring bins merge, so memory stays one histogram
/// per layer. Given the exact range up front (``init(bins:range:)``), the result equals the
/// reference computed on the whole dataset.
public struct ActivationRangeMeasure: Sendable {
    public let bins: Int
    private var range: (start: Float, stop: Float)?
    private var clean: [Double]
    private var shifted: [Double]

    /// A histogram pair whose range is taken from the first values added.
    public init(bins: Int = 64) {
        precondition(bins >= 2 && bins % 2 == 0)
        self.bins = bins
        clean = [Double](repeating: 0, count: bins)
        shifted = clean
    }

    /// A histogram pair over a fixed, known range (numpy's ±0.5 rule applies to a constant).
    public init(bins: Int = 64, range: (start: Float, stop: Float)) {
        self.init(bins: bins)
        self.range = range.start == range.stop ? (range.start - 0.5, range.stop + 0.5) : range
    }

    /// Adds a batch of the layer's channel means (`[samples, channels]`, clean and shifted).
    public mutating func add(clean cleanValues: Tensor, shifted shiftedValues: Tensor) {
        cleanValues.withUnsafeBufferPointer { c in
            shiftedValues.withUnsafeBufferPointer { s in
                let (c0, c1) = Histogram.extremes(of: c), (s0, s1) = Histogram.extremes(of: s)
                let low = min(c0, s0), high = max(c1, s1)
                if range == nil { range = low == high ? (low - 0.5, high + 0.5) : (low, high) }
                grow(toCover: low, high)
                clean.withUnsafeMutableBufferPointer { counts in
                    Histogram.counts(of: c, start: range!.start, stop: range!.stop, bins: bins, into: counts, zeroFirst: false)
                }
                shifted.withUnsafeMutableBufferPointer { counts in
                    Histogram.counts(of: s, start: range!.start, stop: range!.stop, bins: bins, into: counts, zeroFirst: false)
                }
            }
        }
    }

    /// Doubles the range towards values outside it, merging bin pairs so counts stay exact.
    private mutating func grow(toCover low: Float, _ high: Float) {
        guard var (start, stop) = range else { return }
        while low < start || high > stop {
            let width = stop - start
            let half = bins / 2
            if low < start {
                start -= width
                for histogram in [\Self.clean, \Self.shifted] {
                    let old = self[keyPath: histogram]
                    self[keyPath: histogram] = (0..<bins).map { i in i < half ? 0 : old[2 * (i - half)] + old[2 * (i - half) + 1] }
                }
            } else {
                stop += width
                for histogram in [\Self.clean, \Self.shifted] {
                    let old = self[keyPath: histogram]
                    self[keyPath: histogram] = (0..<bins).map { i in i < half ? old[2 * i] + old[2 * i + 1] : 0 }
                }
            }
        }
        range = (start, stop)
    }

    /// W1 between the clean and shifted distributions over the bin centres (0 before any value).
    public var distance: Double {
        guard let range, clean.reduce(0, +) > 0 else { return 0 }
        let edges = Histogram.edges(start: range.start, stop: range.stop, bins: bins)
        let centres = (0..<bins).map { (Double(edges[$0]) + Double(edges[$0 + 1])) / 2 }
        return Wasserstein.distance(centres, weights: clean, centres, weights: shifted)
    }
}

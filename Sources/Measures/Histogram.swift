/// Equal-width histograms with numpy's rules, so the reference pipeline is reproduced exactly.
///
/// ```
/// range  = [min v, max v], or [v − 0.5, v + 0.5] when v is constant     (numpy's rule)
/// edges  = start + i · (stop − start) / bins, i = 0…bins, in Float32, last edge = stop
/// bin(x) = the i with edges[i] ≤ x < edges[i+1]; x = stop falls in the last bin
/// p      = counts / Σ counts
/// ```
/// The edges are computed in `Float` exactly as `np.histogram` does for float32 input (numpy 2
/// computes `linspace` in the input's precision), and each value's bin is corrected against those
/// edges as numpy does, so counts match numpy's bit for bit.
public enum Histogram {
    /// The bin edges numpy uses for `bins` equal bins over `[start, stop]` in Float32.
    public static func edges(start: Float, stop: Float, bins: Int) -> [Float] {
        let step = (stop - start) / Float(bins)
        var edges = (0...bins).map { Float($0) * step + start }
        edges[bins] = stop
        return edges
    }

    /// The smallest and largest of `values` (±∞ reversed when empty).
    public static func extremes(of values: UnsafeBufferPointer<Float>) -> (low: Float, high: Float) {
        var low = Float.infinity, high = -Float.infinity
        for v in values {
            low = min(low, v)
            high = max(high, v)
        }
        return (low, high)
    }

    /// numpy's range rule for `values`: their min and max, or ±0.5 around a constant.
    public static func range(of values: UnsafeBufferPointer<Float>) -> (start: Float, stop: Float) {
        let (low, high) = extremes(of: values)
        return low == high ? (low - 0.5, high + 0.5) : (low, high)
    }

    /// Writes the normalised histogram of `values` over their own range into `probabilities`
    /// (`bins` entries), and the bin centres into `centres` when given.
    ///
    /// - Precondition: `values` is non-empty and finite.
    public static func probabilities(
        of values: UnsafeBufferPointer<Float>, bins: Int, into probabilities: UnsafeMutableBufferPointer<Double>,
        centres: UnsafeMutableBufferPointer<Double>? = nil
    ) {
        let (start, stop) = range(of: values)
        let edges = edges(start: start, stop: stop, bins: bins)
        probabilities.update(repeating: 0)
        count(values, edges: edges, into: probabilities)
        let total = Double(values.count)
        for i in 0..<bins { probabilities[i] /= total }
        if let centres {
            for i in 0..<bins { centres[i] = (Double(edges[i]) + Double(edges[i + 1])) / 2 }
        }
    }

    /// Adds the counts of `values` in `bins` equal bins over `[start, stop]` to `counts`
    /// (as `Double`s); values outside the range are ignored, as numpy does.
    public static func counts(
        of values: UnsafeBufferPointer<Float>, start: Float, stop: Float, bins: Int,
        into counts: UnsafeMutableBufferPointer<Double>, zeroFirst: Bool = true
    ) {
        if zeroFirst { counts.update(repeating: 0) }
        count(values, edges: edges(start: start, stop: stop, bins: bins), into: counts)
    }

    /// Adds each value inside `[edges.first, edges.last]` to its bin's count.
    private static func count(
        _ values: UnsafeBufferPointer<Float>, edges: [Float], into counts: UnsafeMutableBufferPointer<Double>
    ) {
        let bins = edges.count - 1
        let start = edges[0], stop = edges[bins]
        // numpy computes the first guess in the data's precision: ((x − start) / (stop − start)) · bins.
        let denominator = stop - start, scale = Float(bins)
        for x in values {
            guard x >= start, x <= stop else { continue }
            var index = denominator > 0 ? Int(((x - start) / denominator) * scale) : 0
            if index >= bins { index = bins - 1 }
            if x < edges[index] { index -= 1 }
            if index < bins - 1, x >= edges[index + 1] { index += 1 }
            counts[index] += 1
        }
    }
}

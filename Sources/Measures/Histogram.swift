import Tensors

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
        [Float](unsafeUninitializedCapacity: bins + 1) { edges, count in
            writeEdges(start: start, stop: stop, into: edges)
            count = bins + 1
        }
    }

    /// Writes the edges of `edges.count − 1` equal bins over `[start, stop]` into `edges`, as
    /// ``edges(start:stop:bins:)`` returns them, without allocating.
    static func writeEdges(start: Float, stop: Float, into edges: UnsafeMutableBufferPointer<Float>) {
        let bins = edges.count - 1
        let step = (stop - start) / Float(bins)
        for i in 0..<bins { edges.initializeElement(at: i, to: Float(i) * step + start) }
        edges.initializeElement(at: bins, to: stop)
    }

    /// The centre of bin `i`, in `Double`, between `edges[i]` and `edges[i + 1]`.
    @inline(__always)
    static func centre(_ i: Int, of edges: UnsafeBufferPointer<Float>) -> Double {
        (Double(edges[i]) + Double(edges[i + 1])) / 2
    }

    /// The smallest and largest of `values` (±∞ reversed when empty). Large inputs (a layer's
    /// values over a dataset) are split over the threads.
    public static func extremes(of values: UnsafeBufferPointer<Float>) -> (low: Float, high: Float) {
        inChunks(of: values) { chunk in
            var low = Float.infinity, high = -Float.infinity
            for v in chunk {
                low = min(low, v)
                high = max(high, v)
            }
            return (low, high)
        }.reduce((Float.infinity, -Float.infinity)) { (min($0.0, $1.0), max($0.1, $1.1)) }
    }

    /// `body` on each of up to 16 consecutive chunks of `values` (one below 2 × 16,384 values),
    /// chunks spread over the threads, results in chunk order.
    private static func inChunks<Result>(
        of values: UnsafeBufferPointer<Float>, _ body: (UnsafeBufferPointer<Float>) -> Result
    ) -> [Result] {
        let chunks = min(16, values.count / 16_384)
        guard chunks > 1 else { return [body(values)] }
        var results = [Result?](repeating: nil, count: chunks)
        results.withUnsafeMutableBufferPointer { results in
            let shared = UncheckedSendable((values, results))
            Compute.forEach(chunks) { chunk in
                let (values, results) = shared.value
                let range = (chunk * values.count / chunks)..<((chunk + 1) * values.count / chunks)
                results[chunk] = body(UnsafeBufferPointer(rebasing: values[range]))
            }
        }
        return results.map { $0! }
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
            edges.withUnsafeBufferPointer { edges in
                for i in 0..<bins { centres[i] = centre(i, of: edges) }
            }
        }
    }

    /// ``probabilities(of:bins:into:centres:)`` for an array: the normalised histogram of `values`
    /// over their own range and its bin centres.
    public static func probabilities(of values: [Float], bins: Int) -> (probabilities: [Double], centres: [Double]) {
        var probabilities = [Double](repeating: 0, count: bins), centres = probabilities
        values.withUnsafeBufferPointer { values in
            probabilities.withUnsafeMutableBufferPointer { p in
                centres.withUnsafeMutableBufferPointer { c in Self.probabilities(of: values, bins: bins, into: p, centres: c) }
            }
        }
        return (probabilities, centres)
    }

    /// Adds the counts of `values` in `bins` equal bins over `[start, stop]` to `counts`
    /// (as `Double`s); values outside the range are ignored, as numpy does.
    public static func counts(
        of values: UnsafeBufferPointer<Float>, start: Float, stop: Float, bins: Int,
        into counts: UnsafeMutableBufferPointer<Double>, zeroFirst: Bool = true
    ) {
        if zeroFirst { counts.update(repeating: 0) }
        let edges = edges(start: start, stop: stop, bins: bins)
        // Per chunk of values its own counts, added up after: counts are whole numbers, so the
        // sums do not depend on how the values were split.
        let partials = inChunks(of: values) { chunk in
            var partial = [Double](repeating: 0, count: bins)
            partial.withUnsafeMutableBufferPointer { count(chunk, edges: edges, into: $0) }
            return partial
        }
        for partial in partials {
            for b in 0..<bins { counts[b] += partial[b] }
        }
    }

    /// Adds each value inside `[edges.first, edges.last]` to its bin's count.
    private static func count(
        _ values: UnsafeBufferPointer<Float>, edges: [Float], into counts: UnsafeMutableBufferPointer<Double>
    ) {
        edges.withUnsafeBufferPointer { edges in
            let start = edges[0], stop = edges[edges.count - 1]
            for x in values {
                guard x >= start, x <= stop else { continue }
                counts[bin(of: x, position: position(of: x, start: start, width: stop - start), edges: edges)] += 1
            }
        }
    }

    /// Where `x` lies in `[start, start + width]` as a fraction, `(x − start) / width` in Float32
    /// as numpy computes it (0 when the width is not positive); ``bin(of:position:edges:)`` takes it.
    ///
    /// The fraction does not depend on the bin count, so one serves every bin count of a row.
    @inline(__always)
    static func position(of x: Float, start: Float, width: Float) -> Float {
        width > 0 ? (x - start) / width : 0
    }

    /// numpy's bin for a value `x` inside `[edges.first, edges.last]` at `position`
    /// (``position(of:start:width:)``): the guess `position · bins` truncated, the last edge
    /// folded into the last bin, then moved by one where the Float32 edges disagree.
    ///
    /// Never traps: a NaN guess (from infinite input) starts at the last bin.
    @inline(__always)
    static func bin(of x: Float, position: Float, edges: UnsafeBufferPointer<Float>) -> Int {
        let bins = edges.count - 1
        // numpy computes the first guess in the data's precision: ((x − start) / (stop − start)) · bins.
        let guess = position * Float(bins)
        var index = guess < Float(bins) ? Int(guess) : bins - 1
        if index > 0, x < edges[index] { index -= 1 }
        if index < bins - 1, x >= edges[index + 1] { index += 1 }
        return index
    }
}

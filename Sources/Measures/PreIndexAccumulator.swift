import Tensors

/// Streams (layer, sample) pairs into the sums behind ``PreIndexComponents``; memory does not
/// grow with the number of samples.
///
/// For each pair, the clean and shifted channel-mean vectors become histograms on their own
/// ranges (``Histogram``) at 16, 32 and 64 bins, and each ``Distance`` between them is added to a
/// running sum; the components are the plain means over all pairs. Samples are cut into a fixed
/// number of chunks spread over ``Compute``'s threads, with per-chunk partial sums added in chunk
/// order, so the result does not depend on the thread count.
public struct PreIndexAccumulator: Sendable {
    public let mode: Distance.WassersteinMode
    /// Sums per bin count: the four distances in declaration order, then principled W1.
    private var sums: [Double]
    /// The number of (layer, sample) pairs added.
    public private(set) var pairs = 0

    private static let slots = Distance.allCases.count + 1

    public init(mode: Distance.WassersteinMode) {
        self.mode = mode
        sums = [Double](repeating: 0, count: PreIndexComponents.binCounts.count * Self.slots)
    }

    /// Adds every sample of one layer: `clean` and `shifted` are `[samples, channels]` channel means.
    public mutating func add(clean: Tensor, shifted: Tensor) {
        precondition(clean.shape == shifted.shape && clean.shape.rank == 2, "\(clean.shape) vs \(shifted.shape)")
        let samples = clean.shape[0], channels = clean.shape[1]
        let bins = PreIndexComponents.binCounts
        let width = bins.count * Self.slots
        let chunks = min(samples, 16)
        var partials = [Double](repeating: 0, count: max(chunks, 1) * width)
        let mode = self.mode
        clean.withUnsafeBufferPointer { c in
            shifted.withUnsafeBufferPointer { s in
                partials.withUnsafeMutableBufferPointer { out in
                    let c = UncheckedSendable(c), s = UncheckedSendable(s), out = UncheckedSendable(out)
                    Compute.forEach(chunks) { chunk in
                        // Scratch for one histogram pair and its centres, reused for every sample.
                        let scratch = UnsafeMutableBufferPointer<Double>.allocate(capacity: 4 * bins.max()!)
                        defer { scratch.deallocate() }
                        for sample in (chunk * samples / chunks)..<((chunk + 1) * samples / chunks) {
                            let rows = (sample * channels)..<((sample + 1) * channels)
                            let rowC = UnsafeBufferPointer(rebasing: c.value[rows])
                            let rowS = UnsafeBufferPointer(rebasing: s.value[rows])
                            for (b, count) in bins.enumerated() {
                                let p = UnsafeMutableBufferPointer(rebasing: scratch[0..<count])
                                let q = UnsafeMutableBufferPointer(rebasing: scratch[count..<(2 * count)])
                                let cp = UnsafeMutableBufferPointer(rebasing: scratch[(2 * count)..<(3 * count)])
                                let cq = UnsafeMutableBufferPointer(rebasing: scratch[(3 * count)..<(4 * count)])
                                Histogram.probabilities(of: rowC, bins: count, into: p, centres: cp)
                                Histogram.probabilities(of: rowS, bins: count, into: q, centres: cq)
                                let (pp, qq) = (UnsafeBufferPointer(p), UnsafeBufferPointer(q))
                                let (ccp, ccq) = (UnsafeBufferPointer(cp), UnsafeBufferPointer(cq))
                                let base = chunk * width + b * Self.slots
                                let principled = Distance.w1(pp, qq, mode: .principled, centresP: ccp, centresQ: ccq)
                                for (d, distance) in Distance.allCases.enumerated() {
                                    out.value[base + d] += distance == .w1 && mode == .principled
                                        ? principled : distance(pp, qq, mode: mode, centresP: ccp, centresQ: ccq)
                                }
                                out.value[base + Self.slots - 1] += principled
                            }
                        }
                    }
                }
            }
        }
        for chunk in 0..<chunks {
            for i in 0..<width { sums[i] += partials[chunk * width + i] }
        }
        pairs += samples
    }

    /// The means so far (all zero before anything was added).
    public var components: PreIndexComponents {
        let n = Double(max(pairs, 1))
        var values: [[Distance: Double]] = []
        var principled: [Int: Double] = [:]
        for (b, bins) in PreIndexComponents.binCounts.enumerated() {
            var row: [Distance: Double] = [:]
            for (d, distance) in Distance.allCases.enumerated() { row[distance] = sums[b * Self.slots + d] / n }
            values.append(row)
            principled[bins] = sums[b * Self.slots + Self.slots - 1] / n
        }
        return PreIndexComponents(values: values, principledW1: principled)
    }
}

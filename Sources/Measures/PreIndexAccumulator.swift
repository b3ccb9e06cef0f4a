import Tensors

/// Streams (layer, sample) pairs into the sums behind ``PreIndexComponents``; memory does not
/// grow with the number of samples.
///
/// For each pair, the clean and shifted channel-mean vectors become histograms on their own
/// ranges at 16, 32 and 64 bins, and each ``Distance`` between them is added to a running sum;
/// the components are the plain means over all pairs. The histograms are kept as integer counts
/// (``CountHistograms``), where the distances need no sorting and look their logarithms up.
/// Samples are cut into a fixed number of chunks spread over ``Compute``'s threads, with
/// per-chunk partial sums added in chunk order, so the result does not depend on the thread count.
/// A sample whose channel means hold NaN or ±∞ makes every component NaN.
public struct PreIndexAccumulator: Sendable {
    public let mode: Distance.WassersteinMode
    /// Sums per bin count: the four distances in declaration order, then principled W1.
    private var sums: [Double]
    /// The number of (layer, sample) pairs added.
    public private(set) var pairs = 0

    private static let slots = CountHistograms.slots

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
                        // One pair of count histograms per chunk, refilled for every sample.
                        var histograms = CountHistograms(binCounts: bins)
                        for sample in (chunk * samples / chunks)..<((chunk + 1) * samples / chunks) {
                            let rows = (sample * channels)..<((sample + 1) * channels)
                            histograms.fill(
                                clean: UnsafeBufferPointer(rebasing: c.value[rows]),
                                shifted: UnsafeBufferPointer(rebasing: s.value[rows]))
                            for b in bins.indices {
                                let base = chunk * width + b * Self.slots
                                for slot in 0..<Self.slots {
                                    // Slot 0 (W1) takes principled W1, the last slot, in principled mode.
                                    let source = slot == 0 && mode == .principled ? Self.slots - 1 : slot
                                    out.value[base + slot] += histograms[binIndex: b, slot: source]
                                }
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

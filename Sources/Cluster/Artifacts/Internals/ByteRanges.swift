/// A set of byte positions kept as sorted, disjoint, non-adjacent half-open ranges.
///
/// The assembler records here which bytes of an artifact arrived, to find the ones still missing and the ones a
/// new chunk overlaps.
struct ByteRanges: Sendable, Equatable {
    /// The ranges, sorted, none empty, none touching another.
    private(set) var ranges: [Range<UInt64>] = []

    /// The number of positions in the set.
    var count: UInt64 { ranges.reduce(0) { $0 + ($1.upperBound - $1.lowerBound) } }

    /// Adds the positions of `range`, merging it with the ranges it overlaps or touches.
    mutating func insert(_ range: Range<UInt64>) {
        guard !range.isEmpty else { return }
        var merged = range
        var kept: [Range<UInt64>] = []
        kept.reserveCapacity(ranges.count + 1)
        var placed = false
        for existing in ranges {
            if existing.upperBound < merged.lowerBound {
                kept.append(existing)
            } else if merged.upperBound < existing.lowerBound {
                if !placed {
                    kept.append(merged)
                    placed = true
                }
                kept.append(existing)
            } else {
                merged = min(existing.lowerBound, merged.lowerBound)..<max(existing.upperBound, merged.upperBound)
            }
        }
        if !placed { kept.append(merged) }
        ranges = kept
    }

    /// The parts of `range` that are in the set, in order.
    func intersections(with range: Range<UInt64>) -> [Range<UInt64>] {
        ranges.compactMap { existing in
            let lower = max(existing.lowerBound, range.lowerBound)
            let upper = min(existing.upperBound, range.upperBound)
            return lower < upper ? lower..<upper : nil
        }
    }

    /// The parts of `0..<size` that are not in the set, in order.
    func gaps(below size: UInt64) -> [Range<UInt64>] {
        var gaps: [Range<UInt64>] = []
        var position: UInt64 = 0
        for existing in ranges where position < size {
            if position < existing.lowerBound { gaps.append(position..<min(existing.lowerBound, size)) }
            position = max(position, existing.upperBound)
        }
        if position < size { gaps.append(position..<size) }
        return gaps
    }
}

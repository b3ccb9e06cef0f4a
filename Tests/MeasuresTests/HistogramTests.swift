import Measures
import Tensors
import Testing
import TestSupport

/// A layer's values over a dataset are counted in chunks over the threads; the counts and the
/// extremes must be those of counting the values one by one.
@Test func largeInputsCountAndFindTheirExtremesAsSmallOnesDo() {
    let values = randomTensor([120_001], in: -3...5, seed: 9).scalars
    let (bins, start, stop): (Int, Float, Float) = (64, -2, 4)
    var whole = [Double](repeating: 0, count: bins), inPieces = whole
    values.withUnsafeBufferPointer { values in
        whole.withUnsafeMutableBufferPointer { Histogram.counts(of: values, start: start, stop: stop, bins: bins, into: $0) }
        // Pieces below the size that is split: counted in one sequence each.
        for piece in stride(from: 0, to: values.count, by: 10_000) {
            let slice = UnsafeBufferPointer(rebasing: values[piece..<min(piece + 10_000, values.count)])
            inPieces.withUnsafeMutableBufferPointer {
                Histogram.counts(of: slice, start: start, stop: stop, bins: bins, into: $0, zeroFirst: false)
            }
        }
        let extremes = Histogram.extremes(of: values)
        #expect(extremes.low == values.min()! && extremes.high == values.max()!)
    }
    #expect(whole == inPieces)
    #expect(whole.reduce(0, +) == Double(values.filter { $0 >= start && $0 <= stop }.count))
}

import Foundation

/// A separable Gaussian filter with scipy.ndimage's conventions, applied to one channel plane.
///
/// The 1-D kernel is scipy's: radius `r = Int(truncate · σ + 0.5)` with `truncate = 4`, weights
/// `exp(−x² / (2σ²))` for `x ∈ −r…r`, normalised to sum 1 (computed in `Double`, stored as `Float`).
/// The border is scipy's `'reflect'` mode, mirroring about the edge and repeating the edge value
/// (`d c b a | a b c d | d c b a`), with period `2n` so kernels wider than the image still work.
/// Height is filtered first, then width, each in Float32: the result equals
/// `scipy.ndimage.gaussian_filter(x, sigma=(0, 0, σ, σ), mode='reflect', truncate=4.0)` to
/// about 1e-6 absolute for inputs in [0, 1].
struct GaussianBlur {
    /// The kernel radius `r`; the kernel has `2r + 1` taps.
    let radius: Int
    /// The `2r + 1` normalised weights, centre at index `r`.
    let weights: [Float]

    /// The kernel for standard deviation `sigma` (> 0) in pixels.
    init(sigma: Double, truncate: Double = 4) {
        precondition(sigma > 0, "sigma \(sigma) must be positive")
        radius = Int(truncate * sigma + 0.5)
        let raw = (-radius...radius).map { exp(-0.5 * Double($0 * $0) / (sigma * sigma)) }
        let total = raw.reduce(0, +)
        weights = raw.map { Float($0 / total) }
    }

    /// Scratch values ``filter(_:into:height:width:scratch:)`` needs for an `height × width` plane.
    func scratchCount(height: Int, width: Int) -> Int {
        height * width + width + 2 * radius
    }

    /// Filters the `height × width` plane at `source` into `destination` (which may be `source`).
    ///
    /// - Parameter scratch: at least ``scratchCount(height:width:)`` values, overwritten.
    func filter(
        _ source: UnsafePointer<Float>, into destination: UnsafeMutablePointer<Float>,
        height: Int, width: Int, scratch: UnsafeMutablePointer<Float>
    ) {
        let columnsDone = scratch
        let padded = scratch + height * width
        let taps = weights.count
        weights.withUnsafeBufferPointer { weight in
            // Along height: whole rows at a time, so the inner loop runs over contiguous x.
            for y in 0..<height {
                let row = columnsDone + y * width
                row.initialize(repeating: 0, count: width)
                for tap in 0..<taps {
                    let from = source + Self.reflect(y - radius + tap, count: height) * width
                    let w = weight[tap]
                    for x in 0..<width { row[x] += w * from[x] }
                }
            }
            // Along width: copy each row into a reflected, padded line, then slide the kernel.
            for y in 0..<height {
                let row = columnsDone + y * width
                for index in 0..<(width + 2 * radius) {
                    padded[index] = row[Self.reflect(index - radius, count: width)]
                }
                let out = destination + y * width
                for x in 0..<width {
                    var sum: Float = 0
                    for tap in 0..<taps { sum += weight[tap] * padded[x + tap] }
                    out[x] = sum
                }
            }
        }
    }

    /// The index scipy's `'reflect'` mode reads for position `index` of a line of `count` values.
    static func reflect(_ index: Int, count: Int) -> Int {
        let period = 2 * count
        var folded = index % period
        if folded < 0 { folded += period }
        return folded < count ? folded : period - 1 - folded
    }
}

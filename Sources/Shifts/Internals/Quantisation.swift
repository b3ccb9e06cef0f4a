/// The camera pipeline's last step: clip to [0, 1] and round to the 8-bit grid `k / 255`.
enum Quantisation {
    /// Replaces each of the `count` values at `values` by `round(clip(x, 0, 1) · 255) / 255`,
    /// rounding half to even as numpy does; NaN becomes 0.
    static func clipAndQuantise(_ values: UnsafeMutablePointer<Float>, count: Int) {
        for index in 0..<count {
            let x = values[index]
            let clipped: Float = x > 0 ? (x < 1 ? x : 1) : 0
            values[index] = (clipped * 255).rounded(.toNearestOrEven) / 255
        }
    }
}

/// The per-sample kernels of the shifts that change values without randomness.
enum Photometric {
    /// `x + level` for every value.
    static func brightness(
        _ source: UnsafePointer<Float>, into destination: UnsafeMutablePointer<Float>,
        geometry: ImageGeometry, level: Double
    ) {
        let offset = Float(level)
        for index in 0..<geometry.count { destination[index] = source[index] + offset }
    }

    /// `m + (1 − level)(x − m)` with `m` the mean of the value's channel plane (accumulated in `Double`).
    static func contrast(
        _ source: UnsafePointer<Float>, into destination: UnsafeMutablePointer<Float>,
        geometry: ImageGeometry, level: Double
    ) {
        let factor = Float(1 - level)
        for channel in 0..<geometry.channels {
            let start = channel * geometry.plane
            var total = 0.0
            for index in start..<(start + geometry.plane) { total += Double(source[index]) }
            let mean = Float(total / Double(geometry.plane))
            for index in start..<(start + geometry.plane) {
                destination[index] = mean + factor * (source[index] - mean)
            }
        }
    }
}

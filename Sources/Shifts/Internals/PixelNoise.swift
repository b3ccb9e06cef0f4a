import Tensors

/// The per-sample kernels of the noise shifts: each reads one image at `source` and writes the
/// shifted image, before clipping and quantisation, to `destination`.
enum PixelNoise {
    /// Photons a white value (1.0) collects in ``shot(_:into:geometry:level:generator:)``.
    static let photonsAtWhite: Double = 60

    /// `x + level · z` with an independent standard normal `z` for every value.
    static func gaussian(
        _ source: UnsafePointer<Float>, into destination: UnsafeMutablePointer<Float>,
        geometry: ImageGeometry, level: Double, generator: inout SeededGenerator
    ) {
        let scale = Float(level)
        for index in 0..<geometry.count {
            destination[index] = source[index] + scale * generator.nextNormal()
        }
    }

    /// `x + level · (Poisson(60 x) / 60 − x)` for every value, with `x` clipped to [0, 1] for the mean.
    static func shot(
        _ source: UnsafePointer<Float>, into destination: UnsafeMutablePointer<Float>,
        geometry: ImageGeometry, level: Double, generator: inout SeededGenerator
    ) {
        for index in 0..<geometry.count {
            let x = Double(source[index])
            let photons = Poisson.sample(mean: min(max(x, 0), 1) * photonsAtWhite, using: &generator)
            destination[index] = Float(x + level * (Double(photons) / photonsAtWhite - x))
        }
    }

    /// Sets `round(level · H · W)` distinct pixel positions to black (the first half, rounded
    /// down) or white (the rest) in every channel.
    static func saltPepper(
        _ source: UnsafePointer<Float>, into destination: UnsafeMutablePointer<Float>,
        geometry: ImageGeometry, level: Double, generator: inout SeededGenerator
    ) {
        destination.update(from: source, count: geometry.count)
        let chosen = choosePixels(fraction: level, of: geometry.plane, generator: &generator)
        let black = chosen.count / 2
        for (order, pixel) in chosen.enumerated() {
            let value: Float = order < black ? 0 : 1
            for channel in 0..<geometry.channels { destination[channel * geometry.plane + Int(pixel)] = value }
        }
    }

    /// Replaces every channel of `round(level · H · W)` distinct pixel positions by independent
    /// uniform values in [0, 1).
    static func impulse(
        _ source: UnsafePointer<Float>, into destination: UnsafeMutablePointer<Float>,
        geometry: ImageGeometry, level: Double, generator: inout SeededGenerator
    ) {
        destination.update(from: source, count: geometry.count)
        let chosen = choosePixels(fraction: level, of: geometry.plane, generator: &generator)
        for pixel in chosen {
            for channel in 0..<geometry.channels {
                destination[channel * geometry.plane + Int(pixel)] = generator.nextUnit()
            }
        }
    }

    /// `round(fraction · count)` distinct positions of `0..<count` in random order (a partial
    /// Fisher–Yates shuffle).
    static func choosePixels(fraction: Double, of count: Int, generator: inout SeededGenerator) -> ArraySlice<Int32> {
        let chosen = min(count, Int((fraction * Double(count)).rounded()))
        var positions = (0..<Int32(count)).map { $0 }
        for index in 0..<chosen {
            positions.swapAt(index, index + generator.next(below: count - index))
        }
        return positions[..<chosen]
    }
}

import Foundation
import Tensors

/// A procedural ice texture and the frost blend that lays it over an image.
///
/// The texture imitates frost crystals on a window: thin bright needles on a clear background.
/// Each image gets its own texture, drawn from its own generator (so no texture is stored or
/// shared). A texture is:
///
/// 1. `max(6, H·W / 20)` needles, each at a uniform random centre, along one of three axes 60°
///    apart (hexagonal ice) turned by one random lattice angle per image, with a normal jitter
///    of 0.15 rad; length `min(H, W) · (0.04 + 0.3 u²)` (many short, few long), brightness
///    0.35…1, tapering to half at the tips. Half of the needles grow two side branches at ±60°
///    from a random point, 0.35 as long and 0.7 as bright. Overlaps keep the brighter value.
/// 2. A Gaussian blur of σ = 0.5 px (``GaussianBlur``) to soften the pixel steps.
/// 3. Division by its maximum, so the brightest crystal is 1.
///
/// The blend is `c0 · x + c1 · t · tint` with `(c0, c1)` from ``weights`` by severity and, for
/// three channels, a cold tint (0.88, 0.94, 1) for red, green, blue; other channel counts use 1.
/// The background stays 0, so every severity darkens it by `1 − c0`, which grows with severity:
/// the mean change of an image grows with severity.
enum FrostTexture {
    /// `(c0, c1)` for severities 1…10: the image's weight and the texture's weight.
    static let weights: [(image: Float, frost: Float)] = [
        (0.98, 0.2), (0.96, 0.22), (0.94, 0.24), (0.9, 0.26), (0.88, 0.27),
        (0.86, 0.28), (0.84, 0.29), (0.82, 0.3), (0.8, 0.31), (0.78, 0.32),
    ]

    /// The tint per channel of an RGB image (other channel counts are untinted).
    static let tint: [Float] = [0.88, 0.94, 1]

    /// Blends a fresh texture into the image at `source`, writing `destination`.
    ///
    /// - Parameter severity: 1…10.
    static func frost(
        _ source: UnsafePointer<Float>, into destination: UnsafeMutablePointer<Float>,
        geometry: ImageGeometry, severity: Int, generator: inout SeededGenerator
    ) {
        let (imageWeight, frostWeight) = weights[severity - 1]
        let texture = render(height: geometry.height, width: geometry.width, generator: &generator)
        texture.withUnsafeBufferPointer { texture in
            for channel in 0..<geometry.channels {
                let weight = frostWeight * (geometry.channels == 3 ? tint[channel] : 1)
                let start = channel * geometry.plane
                for pixel in 0..<geometry.plane {
                    destination[start + pixel] = imageWeight * source[start + pixel] + weight * texture[pixel]
                }
            }
        }
    }

    /// An `height × width` texture with values in [0, 1], drawn from `generator`.
    static func render(height: Int, width: Int, generator: inout SeededGenerator) -> [Float] {
        var canvas = Canvas(height: height, width: width)
        let size = Double(min(height, width))
        let lattice = Double(generator.nextUnit()) * Double.pi / 3
        for _ in 0..<max(6, height * width / 20) {
            let centreX = Double(generator.nextUnit()) * Double(width)
            let centreY = Double(generator.nextUnit()) * Double(height)
            let angle =
                lattice + Double(generator.next(below: 3)) * Double.pi / 3
                + 0.15 * Double(generator.nextNormal())
            let grow = Double(generator.nextUnit())
            let length = size * (0.04 + 0.3 * grow * grow)
            let brightness = Float(0.35 + 0.65 * Double(generator.nextUnit()))
            canvas.stroke(
                x: centreX, y: centreY, angle: angle, from: -length / 2, to: length / 2, brightness: brightness)
            if generator.nextUnit() < 0.5 {
                let along = (Double(generator.nextUnit()) - 0.5) * length
                let branchX = centreX + along * cos(angle)
                let branchY = centreY + along * sin(angle)
                for side in [-1.0, 1.0] {
                    canvas.stroke(
                        x: branchX, y: branchY, angle: angle + side * Double.pi / 3, from: 0, to: 0.35 * length,
                        brightness: 0.7 * brightness)
                }
            }
        }
        return canvas.softened()
    }

    /// The texture being drawn.
    private struct Canvas {
        let height: Int
        let width: Int
        var values: [Float]

        init(height: Int, width: Int) {
            self.height = height
            self.width = width
            values = [Float](repeating: 0, count: height * width)
        }

        /// Draws the segment of the line through `(x, y)` at `angle` between distances `from`
        /// and `to`, in half-pixel steps, tapering from `brightness` at `(x, y)` to half of it at
        /// the farthest end.
        mutating func stroke(x: Double, y: Double, angle: Double, from: Double, to: Double, brightness: Float) {
            let reach = max(abs(from), abs(to), 1e-9)
            let (dx, dy) = (cos(angle), sin(angle))
            var distance = from
            while distance <= to {
                let column = Int((x + distance * dx).rounded(.down))
                let row = Int((y + distance * dy).rounded(.down))
                if row >= 0 && row < height && column >= 0 && column < width {
                    let value = brightness * Float(1 - 0.5 * abs(distance) / reach)
                    values[row * width + column] = max(values[row * width + column], value)
                }
                distance += 0.5
            }
        }

        /// The drawing blurred with σ = 0.5 px and divided by its maximum.
        func softened() -> [Float] {
            let blur = GaussianBlur(sigma: 0.5)
            var result = values
            var scratch = [Float](repeating: 0, count: blur.scratchCount(height: height, width: width))
            result.withUnsafeMutableBufferPointer { result in
                scratch.withUnsafeMutableBufferPointer { scratch in
                    blur.filter(
                        result.baseAddress!, into: result.baseAddress!, height: height, width: width,
                        scratch: scratch.baseAddress!)
                }
            }
            let peak = result.max() ?? 0
            if peak > 0 {
                for index in result.indices { result[index] /= peak }
            }
            return result
        }
    }
}

import Tensors

/// Draws one image of ``BuiltinShapes``: the random choices for a class, then the pixels.
///
/// Forms are described by signed distances in pixels (negative inside); a pixel's coverage is
/// `clamp(0.5 − distance, 0, 1)`, which anti-aliases edges by about one pixel. Textures are a
/// square patch times a periodic pattern. Only `+ − × ÷`, `sqrt` and rounding are used — no
/// `sin`/`cos`, whose last bits differ between C libraries — so a seed gives the same bytes on
/// every platform: rotations come from a random unit vector or from `t = tan(θ/2)` drawn in a range.
struct ShapeRenderer {
    private let shapeClass: ShapeClass
    private let centreX, centreY: Float
    /// The rotation's cosine and sine.
    private let cosine, sine: Float
    /// The main extent (radius, half side, half region) in pixels.
    private let size: Float
    /// The second extent (bar half-width, ring half-thickness, short half-diagonal) in pixels.
    private let secondary: Float
    /// The pattern period and phases of the texture classes.
    private let period, phaseU, phaseV: Float
    /// Dots: x, y and radius of each.
    private let dots: [SIMD3<Float>]
    private let foreground, backgroundStart, backgroundEnd: SIMD3<Float>
    /// The background gradient's direction, divided by the image size.
    private let gradientX, gradientY: Float
    /// The noise's standard deviation.
    private let noise: Float

    /// Draws every random choice for one image of `shapeClass`, in a fixed order.
    init(_ shapeClass: ShapeClass, generator: inout SeededGenerator) {
        self.shapeClass = shapeClass
        centreX = generator.next(in: 11...21)
        centreY = generator.next(in: 11...21)

        var rotation: (cosine: Float, sine: Float) = (1, 0)
        var size: Float = 0
        var secondary: Float = 0
        var period: Float = 1
        var dots: [SIMD3<Float>] = []
        switch shapeClass {
        case .circle:
            size = generator.next(in: 4.5...10)
        case .square:
            size = generator.next(in: 4...8.5)
            rotation = Self.tilt(upTo: 0.2217, &generator)  // tan(12.5°): ±25°
        case .triangle:
            size = generator.next(in: 6...11.5)
            rotation = Self.anyRotation(&generator)
        case .cross:
            size = generator.next(in: 5...10.5)
            secondary = max(1.1, size * generator.next(in: 0.22...0.32))
            rotation = Self.anyRotation(&generator)
        case .ring:
            size = generator.next(in: 4.5...9.5)
            secondary = generator.next(in: 0.9...max(1.0, size * 0.25))
        case .horizontalStripes, .verticalStripes:
            size = generator.next(in: 7...12)
            period = generator.next(in: 3.5...7)
            rotation = Self.tilt(upTo: 0.1317, &generator)  // tan(7.5°): ±15°
        case .checker:
            size = generator.next(in: 7...12)
            period = 2 * generator.next(in: 2.5...4.5)
            rotation = Self.tilt(upTo: 0.1317, &generator)
        case .diamond:
            size = generator.next(in: 6...11.5)
            secondary = size * generator.next(in: 0.42...0.6)
            rotation = Self.anyRotation(&generator)
        case .dots:
            let spread = generator.next(in: 6...11)
            for _ in 0..<(5 + generator.next(below: 5)) {
                var x: Float, y: Float
                repeat {
                    x = generator.next(in: -1...1)
                    y = generator.next(in: -1...1)
                } while x * x + y * y > 1
                dots.append([centreX + spread * x, centreY + spread * y, generator.next(in: 1.0...2.0)])
            }
        }
        (cosine, sine) = rotation
        self.size = size
        self.secondary = secondary
        self.period = period
        self.dots = dots
        phaseU = generator.nextUnit()
        phaseV = generator.nextUnit()

        backgroundStart = Self.colour(&generator)
        backgroundEnd = simd_clamp01(
            backgroundStart
                + SIMD3(
                    generator.next(in: -0.15...0.15), generator.next(in: -0.15...0.15), generator.next(in: -0.15...0.15)
                ))
        let direction = Self.anyRotation(&generator)
        gradientX = direction.cosine / 32
        gradientY = direction.sine / 32
        var foreground = Self.colour(&generator)
        var tries = 1
        while Self.contrast(foreground, backgroundStart) < 0.3 && tries < 32 {
            foreground = Self.colour(&generator)
            tries += 1
        }
        if Self.contrast(foreground, backgroundStart) < 0.3 {
            foreground = backgroundStart.replacing(with: backgroundStart + 0.45, where: backgroundStart .< 0.5)
                .replacing(with: backgroundStart - 0.45, where: backgroundStart .>= 0.5)
        }
        self.foreground = foreground
        noise = generator.next(in: 0.01...0.1)
    }

    /// Writes the `3 × 32 × 32` image (CHW, values `k / 255`) to `pixels`, drawing its noise.
    func render(into pixels: UnsafeMutablePointer<Float>, generator: inout SeededGenerator) {
        let side = BuiltinShapes.size
        let plane = side * side
        for y in 0..<side {
            for x in 0..<side {
                let px = Float(x) + 0.5
                let py = Float(y) + 0.5
                let along = min(1, max(0, 0.5 + (px - 16) * gradientX + (py - 16) * gradientY))
                let background = backgroundStart + (backgroundEnd - backgroundStart) * along
                let colour = background + (foreground - background) * coverage(px, py)
                for channel in 0..<3 {
                    let value = min(1, max(0, colour[channel] + noise * Self.gaussian(&generator)))
                    pixels[channel * plane + y * side + x] = Float(UInt8((value * 255).rounded())) / 255
                }
            }
        }
    }

    /// How much of the pixel centred at `(px, py)` the foreground covers, in `[0, 1]`.
    private func coverage(_ px: Float, _ py: Float) -> Float {
        let dx = px - centreX
        let dy = py - centreY
        // Coordinates in the form's own frame (rotated back by the drawn angle).
        let u = cosine * dx + sine * dy
        let v = -sine * dx + cosine * dy
        switch shapeClass {
        case .circle:
            return edge((dx * dx + dy * dy).squareRoot() - size)
        case .square:
            return edge(max(abs(u), abs(v)) - size)
        case .triangle:
            // Edges with outward normals at 90°, 210° and 330°; the inradius is half the circumradius.
            let h: Float = 0.866_025_4
            return edge(max(v, max(-h * u - 0.5 * v, h * u - 0.5 * v)) - 0.5 * size)
        case .cross:
            let horizontal = max(abs(u) - size, abs(v) - secondary)
            let vertical = max(abs(u) - secondary, abs(v) - size)
            return edge(min(horizontal, vertical))
        case .ring:
            return edge(abs((dx * dx + dy * dy).squareRoot() - size) - secondary)
        case .horizontalStripes:
            return edge(max(abs(u), abs(v)) - size) * stripe(v, phaseV)
        case .verticalStripes:
            return edge(max(abs(u), abs(v)) - size) * stripe(u, phaseU)
        case .checker:
            let a = stripe(u, phaseU)
            let b = stripe(v, phaseV)
            return edge(max(abs(u), abs(v)) - size) * (a + b - 2 * a * b)
        case .diamond:
            // |u|/a + |v|/b = 1, scaled to the distance from the edge lines.
            let a = size
            let b = secondary
            return edge((abs(u) / a + abs(v) / b - 1) * (a * b / (a * a + b * b).squareRoot()))
        case .dots:
            var nearest = Float.infinity
            for dot in dots {
                let ex = px - dot.x
                let ey = py - dot.y
                nearest = min(nearest, (ex * ex + ey * ey).squareRoot() - dot.z)
            }
            return edge(nearest)
        }
    }

    /// Coverage of a bar pattern across coordinate `t`: bars half a period wide, soft-edged.
    private func stripe(_ t: Float, _ phase: Float) -> Float {
        let position = t / period + phase
        let fraction = position - position.rounded(.down)
        let distance = abs(fraction - 0.5) * period
        return edge(distance - period / 4)
    }

    private func edge(_ distance: Float) -> Float {
        min(1, max(0, 0.5 - distance))
    }

    /// A uniformly random rotation, from a random point of the unit disc.
    private static func anyRotation(_ generator: inout SeededGenerator) -> (cosine: Float, sine: Float) {
        while true {
            let x = generator.next(in: -1...1)
            let y = generator.next(in: -1...1)
            let square = x * x + y * y
            if square > 0.01 && square <= 1 {
                let length = square.squareRoot()
                return (x / length, y / length)
            }
        }
    }

    /// A rotation by θ with `tan(θ/2)` uniform in `-limit...limit`.
    private static func tilt(upTo limit: Float, _ generator: inout SeededGenerator) -> (cosine: Float, sine: Float) {
        let t = generator.next(in: -limit...limit)
        let scale = 1 / (1 + t * t)
        return ((1 - t * t) * scale, 2 * t * scale)
    }

    private static func colour(_ generator: inout SeededGenerator) -> SIMD3<Float> {
        SIMD3(generator.nextUnit(), generator.nextUnit(), generator.nextUnit())
    }

    /// Mean absolute difference of two colours.
    private static func contrast(_ a: SIMD3<Float>, _ b: SIMD3<Float>) -> Float {
        let difference = a - b
        return (abs(difference.x) + abs(difference.y) + abs(difference.z)) / 3
    }

    /// An approximately standard normal value: the centred sum of four 16-bit uniforms, scaled
    /// to unit variance (Irwin–Hall), from one 64-bit draw.
    private static func gaussian(_ generator: inout SeededGenerator) -> Float {
        let bits = generator.next()
        var sum: Float = 0
        for shift in stride(from: 0, to: 64, by: 16) { sum += Float((bits >> UInt64(shift)) & 0xFFFF) }
        return (sum * 0x1p-16 - 2) * 1.732_050_8
    }
}

/// Each component clamped to `[0, 1]`.
private func simd_clamp01(_ value: SIMD3<Float>) -> SIMD3<Float> {
    value.clamped(lowerBound: SIMD3(repeating: 0), upperBound: SIMD3(repeating: 1))
}

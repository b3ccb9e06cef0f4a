import Shifts
import Tensors
import Testing

struct PixelNoiseTests {
    @Test(arguments: [0.02, 0.1, 0.3])
    func gaussianResidualHasTheLevelAsStandardDeviation(level: Double) throws {
        let grey = TestImages.flat(64)
        let shift = try Shift(kind: .gaussian, level: level, seed: 1)
        let raw = shift.applyWithoutQuantising(to: grey, firstSampleIndex: 0).scalars.map { $0 - 0.5 }
        #expect(abs(standardDeviation(raw) / level - 1) < 0.01)
        #expect(abs(raw.reduce(0.0) { $0 + Double($1) } / Double(raw.count)) < 0.01 * level)
        // Quantisation adds only about 1/(255·√12) ≈ 0.0011 of spread; clipping none below 0.1.
        guard level <= 0.1 else { return }
        let stored = shift.apply(to: grey, firstSampleIndex: 0).scalars.map { $0 - 0.5 }
        #expect(abs(standardDeviation(stored) - level) < 0.01 * level + 0.0015)
    }

    @Test(arguments: [0.01, 0.05, 0.3, 1])
    func saltPepperBlackensAndWhitensTheLevelsFractionOfPixelsHalfEach(level: Double) throws {
        let grey = TestImages.flat(20, size: 32, value: 128 / 255)
        let shifted = try Shift(kind: .saltPepper, level: level, seed: 2).apply(to: grey, firstSampleIndex: 0)
        let plane = 32 * 32
        let expected = Int((level * Double(plane)).rounded())
        for image in pixels(of: shifted, channels: 3, plane: plane) {
            let black = image.filter { $0.allSatisfy { $0 == 0 } }.count
            let white = image.filter { $0.allSatisfy { $0 == 1 } }.count
            let untouched = image.filter { $0.allSatisfy { $0 == grey.scalars[0] } }.count
            #expect(black + white == expected && black == expected / 2 && untouched == plane - expected)
        }
    }

    @Test(arguments: [0.05, 0.2, 0.6])
    func impulseReplacesTheLevelsFractionOfPixelsWithUniformValues(level: Double) throws {
        let grey = TestImages.flat(20, size: 32)
        let shifted = try Shift(kind: .impulse, level: level, seed: 3).applyWithoutQuantising(
            to: grey, firstSampleIndex: 0)
        let plane = 32 * 32
        let expected = Int((level * Double(plane)).rounded())
        var replaced: [Float] = []
        for image in pixels(of: shifted, channels: 3, plane: plane) {
            let changed = image.filter { $0 != [0.5, 0.5, 0.5] }
            #expect(changed.count == expected)
            replaced += changed.flatMap { $0 }
        }
        // Channels are drawn independently and uniformly: mean ½, variance 1/12.
        let mean = replaced.reduce(0.0) { $0 + Double($1) } / Double(replaced.count)
        #expect(abs(mean - 0.5) < 0.02)
        #expect(abs(standardDeviation(replaced) - (1.0 / 12).squareRoot()) < 0.02)
    }

    /// Means below and above 10 photons take different samplers; both must be Poisson.
    @Test(arguments: [Float(0.05), 0.25, 0.5, 0.9])
    func shotNoiseHasPoissonSpreadAroundTheCleanValue(value: Float) throws {
        let flat = TestImages.flat(16, value: value)
        for level in [1.0, 2.0] {
            let shift = try Shift(kind: .shot, level: level, seed: 4)
            let residual = shift.applyWithoutQuantising(to: flat, firstSampleIndex: 0).scalars.map { $0 - value }
            let expected = level * (Double(value) / 60).squareRoot()
            let mean = residual.reduce(0.0) { $0 + Double($1) } / Double(residual.count)
            #expect(abs(standardDeviation(residual) / expected - 1) < 0.02, "value \(value) level \(level)")
            #expect(abs(mean) < 0.02 * expected, "value \(value) level \(level)")
        }
    }

    @Test func shotNoiseLeavesBlackBlack() throws {
        let black = TestImages.flat(4, value: 0)
        #expect(try TestImages.shift("shot:5").apply(to: black, firstSampleIndex: 0) == black)
    }

    /// The images of `tensor` as lists of pixels, each the list of its channel values.
    private func pixels(of tensor: Tensor, channels: Int, plane: Int) -> [[[Float]]] {
        let scalars = tensor.scalars
        let size = channels * plane
        return stride(from: 0, to: scalars.count, by: size).map { start in
            (0..<plane).map { pixel in (0..<channels).map { scalars[start + $0 * plane + pixel] } }
        }
    }
}

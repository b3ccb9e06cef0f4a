import Shifts
import Tensors
import Testing

struct PhotometricTests {
    /// What the camera pipeline stores for `value`.
    private func stored(_ value: Float) -> Float {
        (min(max(value, 0), 1) * 255).rounded(.toNearestOrEven) / 255
    }

    @Test(arguments: [-0.3, 0.2, 1])
    func brightnessAddsTheLevelAndClips(level: Double) throws {
        let images = TestImages.random(3)
        let shifted = try Shift(kind: .brightness, level: level).apply(to: images, firstSampleIndex: 0)
        #expect(shifted.scalars == images.scalars.map { stored($0 + Float(level)) })
    }

    @Test(arguments: [-0.5, 0.5, 1])
    func contrastScalesEachChannelAroundItsMean(level: Double) throws {
        let images = TestImages.random(2, size: 8)
        let shifted = try Shift(kind: .contrast, level: level).applyWithoutQuantising(to: images, firstSampleIndex: 0)
        let scalars = images.scalars
        for start in stride(from: 0, to: scalars.count, by: 64) {
            let plane = scalars[start..<(start + 64)]
            let mean = Float(plane.reduce(0.0) { $0 + Double($1) } / 64)
            for index in plane.indices {
                let expected = mean + Float(1 - level) * (scalars[index] - mean)
                #expect(abs(shifted.scalars[index] - expected) < 1e-6)
            }
        }
    }
}

import Shifts
import Tensors
import Testing

struct FrostTextureTests {
    /// The mean absolute difference between `images` and frost of `severity` laid over them.
    private func meanChange(_ images: Tensor, severity: Int) throws -> Double {
        let shifted = try Shift(kind: .frost, level: Double(severity), seed: 6).apply(to: images, firstSampleIndex: 0)
        return zip(shifted.scalars, images.scalars).reduce(0.0) { $0 + Double(abs($1.0 - $1.1)) }
            / Double(images.count)
    }

    @Test(arguments: [
        ("random", TestImages.random(16)), ("grey", TestImages.flat(16)),
        ("dark", TestImages.flat(16, value: 0.1)), ("bright", TestImages.flat(16, value: 0.9)),
    ])
    func strongerFrostChangesImagesMore(name: String, images: Tensor) throws {
        let changes = try (1...10).map { try meanChange(images, severity: $0) }
        for (weaker, stronger) in zip(changes, changes.dropFirst()) {
            #expect(weaker < stronger, "\(name): \(changes)")
        }
    }

    @Test func frostIsCrystallineNotUniform() throws {
        // On a black image the output is c1 · texture: mostly clear, with bright crystals.
        let black = TestImages.flat(8, channels: 1, size: 48, value: 0)
        let frosted = try TestImages.shift("frost:10").applyWithoutQuantising(to: black, firstSampleIndex: 0).scalars
        let peak = frosted.max() ?? 0
        #expect(abs(peak - 0.32) < 1e-6)
        let clear = frosted.filter { $0 < 0.05 * peak }.count
        let crystal = frosted.filter { $0 > 0.5 * peak }.count
        #expect(Double(clear) > 0.3 * Double(frosted.count), "clear \(clear) of \(frosted.count)")
        #expect(Double(crystal) > 0.03 * Double(frosted.count), "crystal \(crystal) of \(frosted.count)")
    }

    @Test func eachSampleGetsItsOwnTexture() throws {
        let black = TestImages.flat(2, channels: 1, size: 32, value: 0)
        let frosted = try TestImages.shift("frost:5").apply(to: black, firstSampleIndex: 0).scalars
        #expect(Array(frosted[..<1024]) != Array(frosted[1024...]))
    }
}

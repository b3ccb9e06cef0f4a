import Shifts
import Tensors
import TestSupport
import Testing

struct GaussianBlurTests {
    /// The sigmas `Tests/Fixtures/shifts/make_blur_golden.py` writes golden files for.
    @Test(arguments: ["0.3", "0.5", "1", "2.5", "10"])
    func blurEqualsScipyGaussianFilterWithReflectBorder(sigma: String) throws {
        let input = try NumPyArray(contentsOfFile: fixturePath("shifts/input.npy")).tensor()
        let expected = try NumPyArray(contentsOfFile: fixturePath("shifts/blur_sigma_\(sigma).npy")).tensor()
        let blurred = try TestImages.shift("blur:\(sigma)").applyWithoutQuantising(to: input, firstSampleIndex: 0)
        #expect(blurred.shape == expected.shape)
        let difference = zip(blurred.scalars, expected.scalars).map { abs($0 - $1) }.max() ?? .infinity
        #expect(difference <= 1e-5, "largest difference \(difference)")
    }

    @Test func blurKeepsAFlatImageFlat() throws {
        let shifted = try TestImages.shift("blur:3").apply(to: TestImages.flat(2, value: 0.4), firstSampleIndex: 0)
        #expect(shifted.scalars.allSatisfy { $0 == Float((0.4 * 255).rounded()) / 255 })
    }

    @Test func strongerBlurRemovesMoreDetail() throws {
        let images = TestImages.random(4)
        var previous = Double.infinity
        for sigma in ["0.5", "1", "2", "4"] {
            let blurred = try TestImages.shift("blur:\(sigma)").applyWithoutQuantising(to: images, firstSampleIndex: 0)
            let spread = standardDeviation(blurred.scalars)
            #expect(spread < previous)
            previous = spread
        }
    }
}

/// The population standard deviation of `values`, in `Double`.
func standardDeviation(_ values: [Float]) -> Double {
    let mean = values.reduce(0.0) { $0 + Double($1) } / Double(values.count)
    let variance = values.reduce(0.0) { $0 + (Double($1) - mean) * (Double($1) - mean) } / Double(values.count)
    return variance.squareRoot()
}

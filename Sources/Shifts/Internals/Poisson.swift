import Foundation
import Tensors

/// Poisson-distributed counts drawn from a ``SeededGenerator``.
///
/// Means below 10 use Knuth's multiplication method (multiply uniforms until the product drops
/// below `e^−λ`; about λ + 1 draws). Larger means use Hörmann's transformed rejection with
/// squeeze (PTRS, "The transformed rejection method for generating Poisson random variables",
/// 1993), which needs about two uniforms per count whatever the mean. Both are exact samplers.
enum Poisson {
    /// A count with mean `mean`; 0 for a mean that is not positive.
    static func sample(mean: Double, using generator: inout SeededGenerator) -> Int {
        guard mean > 0 else { return 0 }
        return mean < 10 ? multiplication(mean, &generator) : transformedRejection(mean, &generator)
    }

    private static func multiplication(_ mean: Double, _ generator: inout SeededGenerator) -> Int {
        let limit = exp(-mean)
        var product = unit(&generator)
        var count = 0
        while product > limit {
            count += 1
            product *= unit(&generator)
        }
        return count
    }

    private static func transformedRejection(_ mean: Double, _ generator: inout SeededGenerator) -> Int {
        let rootMean = mean.squareRoot()
        let logMean = log(mean)
        let b = 0.931 + 2.53 * rootMean
        let a = -0.059 + 0.02483 * b
        let inverseAlpha = 1.1239 + 1.1328 / (b - 3.4)
        let acceptAt = 0.9277 - 3.6224 / (b - 2)
        while true {
            let u = unit(&generator) - 0.5
            let v = unit(&generator)
            let us = 0.5 - abs(u)
            let k = ((2 * a / us + b) * u + mean + 0.43).rounded(.down)
            if us >= 0.07 && v <= acceptAt { return Int(k) }
            if k < 0 || (us < 0.013 && v > us) { continue }
            let lhs = log(v * inverseAlpha / (a / (us * us) + b))
            let rhs = -mean + k * logMean - lgamma(k + 1)
            if lhs <= rhs { return Int(k) }
        }
    }

    /// A uniform `Double` in [0, 1) from the top 53 bits.
    private static func unit(_ generator: inout SeededGenerator) -> Double {
        Double(generator.next() >> 11) * 0x1p-53
    }
}

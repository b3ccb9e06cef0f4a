import Foundation
import Tensors
import Testing

/// Values across binary16's whole range: normal and subnormal magnitudes, exact ties between two
/// halves, values that overflow, and zeros of both signs.
private func awkwardValues(count: Int, seed: UInt64) -> [Float] {
    var generator = SeededGenerator(seed: seed)
    var values: [Float] = [0, -0, 1, 1 + 0x1p-11, 1 + 3 * 0x1p-11, 65504, 65520, -65519, 0x1p-24, 0x1p-25, 0x1.8p-25, 6e-8]
    while values.count < count {
        let exponent = Float(Int(generator.nextUnit() * 44) - 28)
        let value = (1 + generator.nextUnit()) * Float(pow(2.0, Double(exponent)))
        values.append(generator.nextUnit() < 0.5 ? -value : value)
    }
    return values
}

@Test func storingRoundsEachValueToTheNearestHalfLikeSwiftsFloat16() {
    let values = awkwardValues(count: 4_099, seed: 3)
    for kernels in HalfPrecision.Kernels.available {
        var halves = [UInt16](repeating: 0, count: values.count)
        _ = values.withUnsafeBufferPointer { v in
            halves.withUnsafeMutableBufferPointer {
                HalfPrecision.store(v.baseAddress!, into: $0.baseAddress!, count: values.count, kernels: kernels)
            }
        }
        #expect(halves == values.map { Float16($0).bitPattern })
    }
}

@Test func storingMeasuresTheResidualAndTheNormOfTheCopy() {
    var generator = SeededGenerator(seed: 5)
    let values = (0..<4_103).map { _ in Float(generator.nextNormal()) * 3 }
    let rounded = values.map { Double(Float(Float16($0))) }
    let residual = zip(values, rounded).reduce(0.0) { $0 + (Double($1.0) - $1.1) * (Double($1.0) - $1.1) }
    let norm = rounded.reduce(0.0) { $0 + $1 * $1 }
    for kernels in HalfPrecision.Kernels.available {
        var halves = [UInt16](repeating: 0, count: values.count)
        let stored = values.withUnsafeBufferPointer { v in
            halves.withUnsafeMutableBufferPointer {
                HalfPrecision.store(v.baseAddress!, into: $0.baseAddress!, count: values.count, kernels: kernels)
            }
        }
        #expect(abs(Double(stored.residualSquared) - residual) <= 1e-4 * residual)
        #expect(abs(Double(stored.normSquared) - norm) <= 1e-4 * norm)
    }
}

@Test func aValueBeyondTheHalfRangeMakesTheResidualNonFinite() {
    let values: [Float] = [1, 2, 1e6, 3]
    var halves = [UInt16](repeating: 0, count: values.count)
    let stored = values.withUnsafeBufferPointer { v in
        halves.withUnsafeMutableBufferPointer { HalfPrecision.store(v.baseAddress!, into: $0.baseAddress!, count: values.count) }
    }
    #expect(!stored.residualSquared.isFinite)
    #expect(halves[2] == Float16.infinity.bitPattern)
}

@Test(arguments: [1, 31, 4_096, 4_099])
func dotProductsOfHalvesMatchTheirValuesInDouble(count: Int) {
    var generator = SeededGenerator(seed: UInt64(count))
    let a = (0..<count).map { _ in Float16(generator.nextNormal()) }
    let b = (0..<count).map { _ in Float16(generator.nextNormal() + 1) }
    let exact = zip(a, b).reduce(0.0) { $0 + Double(Float($1.0)) * Double(Float($1.1)) }
    let magnitude = zip(a, b).reduce(0.0) { $0 + abs(Double(Float($1.0)) * Double(Float($1.1))) }
    let (x, y) = (a.map(\.bitPattern), b.map(\.bitPattern))
    for kernels in HalfPrecision.Kernels.available {
        let value = x.withUnsafeBufferPointer { x in
            y.withUnsafeBufferPointer { HalfPrecision.dot(x.baseAddress!, $0.baseAddress!, count: count, kernels: kernels) }
        }
        #expect(abs(Double(value) - exact) <= Double(count) * 0x1p-24 * magnitude + 1e-30)
    }
}

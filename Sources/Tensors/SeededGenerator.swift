import Foundation

/// A small, fast, seeded random number generator (xoshiro256**), as a value.
///
/// Everything random in PreIndex — weights, sample order, augmentation, dropout, the built-in set —
/// draws from one of these, so the same seed gives the same bytes on every run and every thread
/// count. A seed and a *stream* number select independent sequences: work split over threads
/// gives each piece (an image, an epoch) its own stream instead of sharing one generator.
///
/// The state is expanded from the seed with SplitMix64, as the xoshiro authors recommend.
/// Bounded integers use Lemire's multiply-and-reject method, so they are unbiased and, unlike the
/// standard library's `random(in:using:)`, defined here and stable across Swift versions.
/// Not for cryptography.
public struct SeededGenerator: RandomNumberGenerator, Hashable, Sendable {
    private var state: (UInt64, UInt64, UInt64, UInt64)

    /// A generator for `seed`, stream 0.
    public init(seed: UInt64) {
        self.init(seed: seed, stream: 0)
    }

    /// A generator for `seed` whose sequence is independent of other `stream` numbers' sequences.
    public init(seed: UInt64, stream: UInt64) {
        var mixer = seed
        let base = Self.splitMix(&mixer)
        var expander = base ^ (stream &* 0xD1B5_4A32_D192_ED03)
        state = (Self.splitMix(&expander), Self.splitMix(&expander), Self.splitMix(&expander), Self.splitMix(&expander))
        if state == (0, 0, 0, 0) { state.0 = 1 }  // the one state xoshiro cannot leave
    }

    public static func == (lhs: SeededGenerator, rhs: SeededGenerator) -> Bool {
        lhs.state == rhs.state
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(state.0)
        hasher.combine(state.1)
        hasher.combine(state.2)
        hasher.combine(state.3)
    }

    /// The next 64 random bits.
    public mutating func next() -> UInt64 {
        let result = rotateLeft(state.1 &* 5, 7) &* 9
        let shifted = state.1 << 17
        state.2 ^= state.0
        state.3 ^= state.1
        state.1 ^= state.2
        state.0 ^= state.3
        state.2 ^= shifted
        state.3 = rotateLeft(state.3, 45)
        return result
    }

    /// A uniformly distributed integer in `0..<bound`.
    ///
    /// - Precondition: `bound > 0`.
    public mutating func next(below bound: Int) -> Int {
        precondition(bound > 0, "bound \(bound) must be positive")
        let range = UInt64(bound)
        var product = next().multipliedFullWidth(by: range)
        if product.low < range {
            let threshold = (0 &- range) % range
            while product.low < threshold { product = next().multipliedFullWidth(by: range) }
        }
        return Int(product.high)
    }

    /// A uniformly distributed `Float` in `[0, 1)`, from the top 24 bits.
    public mutating func nextUnit() -> Float {
        Float(next() >> 40) * 0x1p-24
    }

    /// A uniformly distributed `Float` in `range.lowerBound ..< range.upperBound`.
    public mutating func next(in range: ClosedRange<Float>) -> Float {
        range.lowerBound + (range.upperBound - range.lowerBound) * nextUnit()
    }

    /// A standard normal sample (Box–Muller, computed in `Double`).
    public mutating func nextNormal() -> Float {
        let u1 = max(Double(next() >> 11) * 0x1p-53, 0x1p-60)
        let u2 = Double(next() >> 11) * 0x1p-53
        return Float((-2 * log(u1)).squareRoot() * cos(2 * Double.pi * u2))
    }

    /// A permutation of `0..<count` (Fisher–Yates with ``next(below:)``).
    public mutating func permutation(of count: Int) -> [Int] {
        var order = Array(0..<count)
        var index = count - 1
        while index > 0 {
            order.swapAt(index, next(below: index + 1))
            index -= 1
        }
        return order
    }

    /// SplitMix64: advances `state` and returns a well-mixed 64-bit value.
    private static func splitMix(_ state: inout UInt64) -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

@inline(__always)
private func rotateLeft(_ value: UInt64, _ count: UInt64) -> UInt64 {
    (value << count) | (value >> (64 - count))
}

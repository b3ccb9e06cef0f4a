import Tensors

/// How a cooperative step draws the sub-networks it trains, when it trains fewer than all of them
/// (``CooperativeConfiguration/subnetworksPerStep``).
///
/// Every step trains each Teammate at full depth, and a sub-network shares its Teammate's weights,
/// so a sub-network that skips one block learns from almost every step anyway. The shallowest share
/// the least: drawn as often as the others, they trail their individually trained twins first
/// (resnet18, two of seven per step: the one-block network of Teammate A was the last to miss).
public enum SubnetworkDraw: String, Codable, CaseIterable, Hashable, Sendable {
    /// Every sub-network equally likely.
    case uniform
    /// A sub-network's chance is proportional to the number of blocks (or stages) it skips.
    case bySkippedBlocks = "by-skipped-blocks"

    /// `count` of `depths` (distinct, each below `fullDepth`), drawn without replacement, deepest first.
    ///
    /// ``uniform`` draws exactly as earlier releases did (a seeded permutation), so a run with the
    /// same seed trains the same sub-networks.
    public func draw(_ count: Int, of depths: [Int], fullDepth: Int, using generator: inout SeededGenerator) -> [Int] {
        guard count < depths.count else { return depths }
        switch self {
        case .uniform:
            return generator.permutation(of: depths.count).prefix(count).sorted().map { depths[$0] }
        case .bySkippedBlocks:
            var remaining = Array(depths.indices)
            var drawn: [Int] = []
            for _ in 0..<count {
                let weights = remaining.map { fullDepth - depths[$0] }
                var ticket = generator.next(below: weights.reduce(0, +))
                let position = weights.firstIndex { weight in
                    defer { ticket -= weight }
                    return ticket < weight
                }!
                drawn.append(remaining.remove(at: position))
            }
            return drawn.sorted().map { depths[$0] }
        }
    }
}

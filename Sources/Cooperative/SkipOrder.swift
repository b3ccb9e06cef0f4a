/// The order in which a Teammate drops residual blocks to make shallower sub-networks.
///
/// A sub-network of depth `d` out of `n` blocks skips the first `n − d` blocks of ``dropOrder(of:)``,
/// so the sub-networks of one Teammate are nested. The two Teammates use different orders so that
/// their sub-networks of the same depth follow different paths through the stages.
public enum SkipOrder: String, Codable, CaseIterable, Hashable, Sendable {
    /// Deepest block first, then backwards to the shallowest: depth `d` keeps the first `d` blocks.
    case deepestFirst = "deepest-first"
    /// Every second block first (odd positions), then the rest, each shallowest first: for resnet18
    /// depth 4 keeps the first block of each stage, for resnet-mini depth 2 keeps `layer1.0` and
    /// `layer3.0`. No depth below the full one keeps the same blocks as ``deepestFirst``.
    case interleaved

    /// `blocks` (in network order) in the order they are dropped.
    public func dropOrder(of blocks: [String]) -> [String] {
        switch self {
        case .deepestFirst:
            return blocks.reversed()
        case .interleaved:
            let odd = blocks.indices.filter { $0 % 2 == 1 }
            let even = blocks.indices.filter { $0 % 2 == 0 }
            return (odd + even).map { blocks[$0] }
        }
    }

    /// The blocks a sub-network of `depth` running blocks skips, in network order.
    ///
    /// - Precondition: `depth` is in `0...blocks.count`.
    public func skippedBlocks(depth: Int, of blocks: [String]) -> [String] {
        precondition((0...blocks.count).contains(depth), "depth \(depth) outside 0...\(blocks.count)")
        let dropped = Set(dropOrder(of: blocks).prefix(blocks.count - depth))
        return blocks.filter(dropped.contains)
    }
}

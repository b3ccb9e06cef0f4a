/// One line of a package's depth table: a Teammate network at one depth, its cost and accuracy.
public struct DepthRow: Codable, Hashable, Sendable {
    /// Which Teammate's weights it runs.
    public var teammate: Teammate
    /// Running residual blocks.
    public var depth: Int
    /// The residual blocks it skips, in network order.
    public var skippedBlocks: [String]
    /// Millions of floating-point operations of one image's forward pass (2 × multiply-adds).
    public var megaFLOPs: Double
    /// Accuracy on the test split after training, when there was one.
    public var testAccuracy: Double?

    public init(teammate: Teammate, depth: Int, skippedBlocks: [String], megaFLOPs: Double, testAccuracy: Double? = nil) {
        self.teammate = teammate
        self.depth = depth
        self.skippedBlocks = skippedBlocks
        self.megaFLOPs = megaFLOPs
        self.testAccuracy = testAccuracy
    }

    /// The member this row describes.
    public var member: CooperativeMember { .teammate(teammate, depth: depth) }
}

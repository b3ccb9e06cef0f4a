/// The weight of each term of the cooperative loss; every term is on by default (weight 1).
///
/// ```
/// Leader:        crossEntropy · CE(leader)
/// Teammate t:    crossEntropy · CE(t) + leaderDistillation · KD(leader → t)
///                + mutualDistillation · KD(other Teammate → t)
/// sub-network s: crossEntropy · CE(s) + teammateDistillation · KD(its Teammate → s)
/// ```
/// Teachers are detached: a term trains only its student.
public struct CooperativeLossWeights: Codable, Hashable, Sendable {
    /// Cross-entropy against the labels, for every member.
    public var crossEntropy: Double
    /// Distillation from the Leader to each Teammate.
    public var leaderDistillation: Double
    /// Distillation between the two Teammates, each teaching the other.
    public var mutualDistillation: Double
    /// Distillation from each Teammate to its own sub-networks.
    public var teammateDistillation: Double

    public init(
        crossEntropy: Double = 1, leaderDistillation: Double = 1, mutualDistillation: Double = 1,
        teammateDistillation: Double = 1
    ) {
        self.crossEntropy = crossEntropy
        self.leaderDistillation = leaderDistillation
        self.mutualDistillation = mutualDistillation
        self.teammateDistillation = teammateDistillation
    }

    /// The weights with their names, for checks and messages.
    var named: [(name: String, value: Double)] {
        [
            ("cross-entropy", crossEntropy), ("leader distillation", leaderDistillation),
            ("mutual distillation", mutualDistillation), ("teammate distillation", teammateDistillation),
        ]
    }
}

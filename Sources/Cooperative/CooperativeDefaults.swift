import Networks

/// The settings a cooperative run of an architecture uses where the user gives none: those that
/// `preindex bench cooperative` measured to meet the goal (every network within 1 point of its
/// individually trained twin, one run cheaper than training them all) on builtin:shapes.
///
/// `preindex train --cooperative` and `preindex bench cooperative` apply them when `--lr` and
/// `--subnetworks-per-step` are absent and say so; the options override them.
public struct CooperativeDefaults: Hashable, Sendable {
    /// The SGD learning rate of the cooperative networks (and, in the benchmark, of their twins);
    /// `nil`: the training recipe's.
    public var sgdLearningRate: Float?
    /// Sub-networks of each Teammate trained per step; `nil`: all of them.
    public var subnetworksPerStep: Int?

    public init(sgdLearningRate: Float? = nil, subnetworksPerStep: Int? = nil) {
        self.sgdLearningRate = sgdLearningRate
        self.subnetworksPerStep = subnetworksPerStep
    }

    /// The measured settings for Teammates of `architecture` (none where the recipe's serve).
    public static func measured(for architecture: Architecture.Name) -> CooperativeDefaults {
        switch architecture {
        case .resnet18:
            // At the recipe's 0.05 the Teammates' summed gradients make them diverge. With 0.01 and
            // three of the seven sub-network depths per step (`bench cooperative --arch resnet18
            // --samples 1000 --epochs 5`): 16 of 16 networks within 1 point of their twins or better,
            // at 0.55× the energy of the 15 networks trained alone; two per step left one network
            // 1.4-1.8 points short.
            CooperativeDefaults(sgdLearningRate: 0.01, subnetworksPerStep: 3)
        default:
            CooperativeDefaults()
        }
    }

    /// What these defaults set, for a line of output ("learning rate 0.01, 3 sub-networks per
    /// step"), or `nil` when they set nothing.
    public var summary: String? {
        let parts = [
            sgdLearningRate.map { "learning rate \($0)" },
            subnetworksPerStep.map { "\($0) sub-networks of each Teammate per step" },
        ].compactMap { $0 }
        return parts.isEmpty ? nil : parts.joined(separator: ", ")
    }
}

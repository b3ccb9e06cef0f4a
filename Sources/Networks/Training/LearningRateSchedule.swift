import Foundation

/// The learning rate as a function of the epoch (0-based), set before each epoch.
public enum LearningRateSchedule: Sendable, Hashable {
    /// The base rate throughout.
    case constant
    /// The base rate multiplied by `factor` at each listed epoch reached (PyTorch `MultiStepLR`).
    case steps(milestones: [Int], factor: Double)
    /// Cosine annealing from the base rate to `minimum` over `epochs` (PyTorch `CosineAnnealingLR`).
    case cosine(epochs: Int, minimum: Double)

    /// The rate for `epoch` given the `base` rate.
    public func rate(epoch: Int, base: Float) -> Float {
        switch self {
        case .constant:
            return base
        case .steps(let milestones, let factor):
            let passed = milestones.filter { epoch >= $0 }.count
            return base * Float(pow(factor, Double(passed)))
        case .cosine(let epochs, let minimum):
            let progress = Double(min(epoch, epochs)) / Double(max(epochs, 1))
            return Float(minimum + (Double(base) - minimum) * (1 + cos(Double.pi * progress)) / 2)
        }
    }
}

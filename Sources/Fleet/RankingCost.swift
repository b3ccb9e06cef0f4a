import Retraining

/// The cost a ranking is sorted by (`--by kwh|co2|epochs`).
public enum RankingCost: String, Codable, Sendable, CaseIterable {
    case kilowattHours = "kwh"
    case kilogramsCO2eq = "co2"
    case epochs

    /// The calibration cost it reads.
    var cost: Cost {
        switch self {
        case .kilowattHours: .kilowattHours
        case .kilogramsCO2eq: .kilogramsCO2eq
        case .epochs: .epochs
        }
    }
}

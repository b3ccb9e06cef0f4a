/// The most a retrain plan may spend: kWh or kg CO2eq (`--budget-kwh`, `--budget-co2`).
///
/// A plan's rows sum their estimated ``CostEstimate/value`` in ``unit`` to at most ``limit``; kg CO2eq are
/// counted at the node each retrain is placed on.
public struct PlanBudget: Codable, Sendable, Hashable {
    /// What a budget counts.
    public enum Unit: String, Codable, Sendable, CaseIterable {
        /// Kilowatt-hours.
        case kilowattHours = "kwh"
        /// Kilograms of CO2-equivalent.
        case kilogramsCO2eq = "co2"

        /// The unit as written after a number: `kWh`, `kg CO2eq`.
        public var symbol: String {
            switch self {
            case .kilowattHours: "kWh"
            case .kilogramsCO2eq: "kg CO2eq"
            }
        }
    }

    /// What is counted.
    public var unit: Unit
    /// The most that may be spent, greater than 0.
    public var limit: Double

    /// A budget of `limit` in `unit`; ``validate()`` checks it.
    public init(unit: Unit, limit: Double) {
        self.unit = unit
        self.limit = limit
    }

    /// A budget of `limit` kWh.
    public static func kilowattHours(_ limit: Double) -> PlanBudget { PlanBudget(unit: .kilowattHours, limit: limit) }

    /// A budget of `limit` kg CO2eq.
    public static func kilogramsCO2eq(_ limit: Double) -> PlanBudget { PlanBudget(unit: .kilogramsCO2eq, limit: limit) }

    /// Checks the limit is finite and greater than 0.
    ///
    /// - Throws: ``FleetError/Code/invalidPolicy``.
    public func validate() throws(FleetError) {
        guard limit.isFinite, limit > 0 else {
            throw FleetError(
                .invalidPolicy, "the budget of \(shortNumber(limit)) \(unit.symbol) is not a number greater than 0; give a positive budget")
        }
    }
}

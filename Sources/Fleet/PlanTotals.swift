/// What a whole retrain plan is estimated to cost, and what its emissions would be under each placement.
public struct PlanTotals: Codable, Sendable, Hashable {
    /// The plan's kg CO2eq had its retrains been placed by one strategy.
    public struct ByPlacement: Codable, Sendable, Hashable {
        /// The strategy.
        public var placement: PlacementStrategy
        /// The summed emissions, interval ends summed.
        public var kilogramsCO2eq: CostEstimate

        /// A total from its parts.
        public init(placement: PlacementStrategy, kilogramsCO2eq: CostEstimate) {
            self.placement = placement
            self.kilogramsCO2eq = kilogramsCO2eq
        }
    }

    /// Retrains in the plan.
    public var retrains: Int
    /// Summed energy; interval ends summed (every retrain at its low or high end); extrapolated when any row is.
    public var kilowattHours: CostEstimate
    /// Summed emissions at the planned nodes.
    public var kilogramsCO2eq: CostEstimate
    /// Summed emissions under each ``PlacementStrategy``, in its order, the same retrains placed in row order.
    public var byPlacement: [ByPlacement]

    /// Totals from their parts.
    public init(retrains: Int, kilowattHours: CostEstimate, kilogramsCO2eq: CostEstimate, byPlacement: [ByPlacement]) {
        self.retrains = retrains
        self.kilowattHours = kilowattHours
        self.kilogramsCO2eq = kilogramsCO2eq
        self.byPlacement = byPlacement
    }

    /// The emissions under `placement`, when computed.
    public func kilogramsCO2eq(placedBy placement: PlacementStrategy) -> CostEstimate? {
        byPlacement.first { $0.placement == placement }?.kilogramsCO2eq
    }
}

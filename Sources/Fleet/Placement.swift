/// Where a retrain would emit least among the job's worker regions, and what it would emit there
/// compared with the dirtiest region.
///
/// Emissions are the estimated retraining kWh × the region's intensity / 1000; when all workers
/// share one intensity, both ends are the same region.
public struct Placement: Codable, Sendable, Hashable {
    /// The region with the lowest grid intensity.
    public var greenest: RegionIntensity
    /// kg CO2eq of the retrain there.
    public var greenestKilogramsCO2eq: Double
    /// The region with the highest grid intensity.
    public var dirtiest: RegionIntensity
    /// kg CO2eq of the retrain there.
    public var dirtiestKilogramsCO2eq: Double

    /// A placement from its parts.
    public init(
        greenest: RegionIntensity, greenestKilogramsCO2eq: Double, dirtiest: RegionIntensity,
        dirtiestKilogramsCO2eq: Double
    ) {
        self.greenest = greenest
        self.greenestKilogramsCO2eq = greenestKilogramsCO2eq
        self.dirtiest = dirtiest
        self.dirtiestKilogramsCO2eq = dirtiestKilogramsCO2eq
    }

    /// The placement of a retrain estimated at `kilowattHours` among `nodes`; `nil` without nodes
    /// or with a non-finite estimate.
    init?(kilowattHours: Double, nodes: [NodeEnergy]) {
        guard kilowattHours.isFinite, let ends = RegionIntensity.extremes(of: nodes) else { return nil }
        self.init(
            greenest: ends.greenest, greenestKilogramsCO2eq: kilowattHours * ends.greenest.gramsPerKWh / 1000,
            dirtiest: ends.dirtiest, dirtiestKilogramsCO2eq: kilowattHours * ends.dirtiest.gramsPerKWh / 1000)
    }
}

/// A grid region where workers run, and how much CO2-equivalent its electricity emits.
public struct RegionIntensity: Codable, Sendable, Hashable {
    /// The region code as the nodes reported it.
    public var region: String
    /// Grams of CO2-equivalent per kWh.
    public var gramsPerKWh: Double

    /// A region and its intensity.
    public init(region: String, gramsPerKWh: Double) {
        self.region = region
        self.gramsPerKWh = gramsPerKWh
    }

    /// The lowest- and highest-intensity regions among `nodes` (ties go to the region name first
    /// in order), or `nil` without nodes.
    static func extremes(of nodes: [NodeEnergy]) -> (greenest: RegionIntensity, dirtiest: RegionIntensity)? {
        let regions = nodes.map { RegionIntensity(region: $0.region, gramsPerKWh: $0.gramsPerKWh) }
        let greenest = regions.min { ($0.gramsPerKWh, $0.region) < ($1.gramsPerKWh, $1.region) }
        let dirtiest = regions.min { ($0.gramsPerKWh, $1.region) > ($1.gramsPerKWh, $0.region) }
        guard let greenest, let dirtiest else { return nil }
        return (greenest, dirtiest)
    }
}

import Energy
import Retraining

/// What retraining each model of a fleet would cost under each measured shift, cheapest first,
/// with the energy the job itself used and where a retrain would emit least.
///
/// Built in one step from the members and the node energies (``init(jobID:jobName:members:nodes:sortedBy:gramsPerKWh:)``):
/// each member's costs are fitted once on its calibration points (``CostModel``), then every
/// measurement becomes a ``RankingRow``. Rows are sorted by the chosen cost's estimate, ascending;
/// rows without that estimate come last; ties go by model, shift type, level, then shift text.
public struct Ranking: Codable, Sendable {
    /// The job's identifier.
    public var jobID: String
    /// The job's display name.
    public var jobName: String
    /// The cost the rows are sorted by.
    public var sortedBy: RankingCost
    /// One row per member × measurement, sorted.
    public var rows: [RankingRow]
    /// Per-node energy of the job, by node name.
    public var nodes: [NodeEnergy]
    /// The cluster total over ``nodes``.
    public var total: EnergyTotal
    /// The worker region with the lowest grid intensity, `nil` without nodes.
    public var greenestRegion: RegionIntensity?
    /// The worker region with the highest grid intensity, `nil` without nodes.
    public var dirtiestRegion: RegionIntensity?
    /// Per member, in the order given: its fits or why it has none.
    public var calibrations: [CalibrationSummary]
    /// Warnings a reader should see: uncalibrated models, extrapolated estimates, missing energy.
    public var notes: [String]

    /// Ranks `members` (see the type's summary).
    ///
    /// `gramsPerKWh` prices the kg CO2eq estimates: the grid the job's retrains are expected to run on (its
    /// region, or the world average); ``RankingRow/placement`` says what the greenest worker region would emit.
    ///
    /// - Throws: ``FleetError/Code/invalidMember`` for an unnamed or twice-named member or a
    ///   measurement without a shift; ``FleetError/Code/invalidNode`` for a node with negative or
    ///   non-finite figures. An uncalibratable member is no error: its rows say why they have no estimate.
    public init(
        jobID: String = "", jobName: String = "", members: [FleetMember], nodes: [NodeEnergy],
        sortedBy: RankingCost = .kilowattHours, gramsPerKWh: Double = GridIntensity.worldAverage.gramsPerKWh
    ) throws(FleetError) {
        var seen: Set<String> = []
        for member in members {
            try member.validate()
            guard seen.insert(member.name).inserted else {
                throw FleetError(.invalidMember, "model \(member.name) appears twice in the fleet; give each model a distinct name")
            }
        }
        for node in nodes { try node.validate() }

        var rows: [RankingRow] = []
        var calibrations: [CalibrationSummary] = []
        var notes: [String] = []
        for member in members {
            let costModel: Result<CostModel, RetrainError>
            do throws(RetrainError) {
                let fitted = try CostModel.fit(points: member.calibrationPoints)
                costModel = .success(fitted)
                calibrations.append(
                    CalibrationSummary(model: member.name, costModel: fitted, targetAccuracy: member.targetAccuracy))
            } catch {
                costModel = .failure(error)
                calibrations.append(
                    CalibrationSummary(
                        model: member.name, points: member.calibrationPoints.count, fits: [], reason: error.message,
                        targetAccuracy: member.targetAccuracy))
                notes.append("\(member.name) has no estimates: \(error.message)")
            }
            rows += member.measurements.map {
                RankingRow(member: member, measurement: $0, costModel: costModel, nodes: nodes, gramsPerKWh: gramsPerKWh)
            }
        }
        let extrapolated = rows.filter { row in RankingCost.allCases.contains { row.estimate(of: $0)?.extrapolated == true } }
        if !extrapolated.isEmpty {
            notes.append(
                "\(extrapolated.count) of \(rows.count) rows extrapolate beyond their model's calibrated range; "
                    + "treat their estimates with care")
        }
        if nodes.isEmpty { notes.append("no node reported energy: the job's own cost and the greenest region are unknown") }

        self.jobID = jobID
        self.jobName = jobName
        self.sortedBy = sortedBy
        self.rows = rows
        self.nodes = nodes.sorted { ($0.node, $0.region) < ($1.node, $1.region) }
        total = EnergyTotal(nodes: nodes)
        let ends = RegionIntensity.extremes(of: nodes)
        greenestRegion = ends?.greenest
        dirtiestRegion = ends?.dirtiest
        self.calibrations = calibrations
        self.notes = notes
        self = self.sorted(by: sortedBy)
    }

    /// The same ranking with its rows sorted by `cost` (see the type's summary for the order).
    public func sorted(by cost: RankingCost) -> Ranking {
        var copy = self
        copy.sortedBy = cost
        copy.rows = rows.sorted { a, b in
            switch (a.estimate(of: cost)?.value, b.estimate(of: cost)?.value) {
            case (let x?, let y?) where x != y: return x < y
            case (.some, nil): return true
            case (nil, .some): return false
            default:
                if a.model != b.model { return a.model < b.model }
                if a.shiftType != b.shiftType { return a.shiftType < b.shiftType }
                if a.level != b.level { return (a.level ?? .infinity) < (b.level ?? .infinity) }
                return a.shift < b.shift
            }
        }
        return copy
    }
}

extension Ranking {
    /// The depth trade-off of each cooperative model in the ranking (members named `model@depth`).
    public var depthTradeOffs: [DepthTradeOff] { DepthTradeOff.families(in: rows) }
}

import Networks
import Tensors

/// What one cooperative run produces: a Leader, two Teammates whose sub-networks give every depth,
/// and the depth table (depth, MFLOPs, test accuracy) to pick one by compute budget.
///
/// Sub-networks are not stored apart: each is its Teammate with residual blocks skipped
/// (``SkipOrder``), taken out as a plain `Networks.Model` by ``member(depth:teammate:)`` or
/// ``deepest(fittingMFLOPs:)``. The package is a value; ``CooperativeTrainer`` trains it in place.
public struct CooperativePackage: Sendable {
    /// The full-depth teacher, trained with cross-entropy alone.
    public var leader: Model
    /// Teammate A (full depth).
    public var teammateA: Model
    /// Teammate B (full depth), same architecture as A, other initialisation.
    public var teammateB: Model
    /// The choices the package was trained with.
    public let configuration: CooperativeConfiguration
    /// Each Teammate at its full depth and every sub-network depth: A deepest first, then B.
    public var depthTable: [DepthRow]
    /// Each sub-network's own BatchNorm running statistics by buffer name, once
    /// ``recalibrateBatchNorm(on:)`` has run; else sub-networks use their Teammate's.
    public var batchNormStatistics: [CooperativeMember: [String: Tensor]] = [:]

    /// A freshly initialised package for Teammates of `architecture` (usually with its input
    /// normalisation set): Leader seeded with `configuration.seed`, Teammates with the next two seeds.
    ///
    /// - Throws: ``CooperativeError`` with code `unsupportedArchitecture` when `architecture` has no
    ///   blocks to skip (mlp) or cannot be built, `invalidConfiguration` for an out-of-range configuration.
    public init(architecture: Architecture, configuration: CooperativeConfiguration = CooperativeConfiguration())
        throws(CooperativeError)
    {
        var base = architecture
        base.skippedBlocks = []
        base.stageAdapters = false
        try configuration.validate(for: base)
        var leaderArchitecture = base
        leaderArchitecture.name = configuration.leaderArchitecture ?? base.name
        // Teammates of plain conv nets carry an adapter per stage, trained by the sub-networks that drop it.
        base.stageAdapters = base.residualStages.isEmpty
        do {
            leader = try Model(leaderArchitecture, seed: configuration.seed)
            teammateA = try Model(base, seed: configuration.seed &+ 1)
            teammateB = try Model(base, seed: configuration.seed &+ 2)
        } catch {
            throw CooperativeError(.unsupportedArchitecture, error.message)
        }
        self.configuration = configuration
        depthTable = []
        depthTable = Teammate.allCases.flatMap { teammate in depths.map { makeRow(teammate, depth: $0) } }
    }

    /// A package from its parts, as read from a file: the depth table is taken as given.
    init(
        leader: Model, teammateA: Model, teammateB: Model, configuration: CooperativeConfiguration,
        depthTable: [DepthRow], batchNormStatistics: [CooperativeMember: [String: Tensor]]
    ) {
        self.leader = leader
        self.teammateA = teammateA
        self.teammateB = teammateB
        self.configuration = configuration
        self.depthTable = depthTable
        self.batchNormStatistics = batchNormStatistics
    }

    /// The Teammates' architecture (full depth).
    public var teammateArchitecture: Architecture { teammateA.architecture }

    /// Every depth a Teammate offers, deepest (its full depth) first.
    public var depths: [Int] {
        [teammateArchitecture.depth] + configuration.subnetworkDepths(for: teammateArchitecture)
    }

    /// Every member: the Leader, then each Teammate at each of its depths, deepest first.
    public var members: [CooperativeMember] {
        [.leader] + depthTable.map(\.member)
    }

    /// The full-depth network of `teammate`; mutated in place (training runs through it).
    public subscript(teammate: Teammate) -> Model {
        get { teammate == .a ? teammateA : teammateB }
        _modify {
            if teammate == .a { yield &teammateA } else { yield &teammateB }
        }
    }

    /// The residual blocks `teammate`'s sub-network of `depth` skips, in network order.
    ///
    /// - Precondition: `depth` is in `0...` the full depth.
    public func skippedBlocks(_ teammate: Teammate, depth: Int) -> [String] {
        configuration.skipOrder(of: teammate).skippedBlocks(depth: depth, of: teammateArchitecture.skippableBlockNames)
    }

    /// `teammate`'s network at `depth` running blocks, as a plain model.
    ///
    /// - Parameter teammate: whose weights; `nil` for the Teammate whose network of that depth had
    ///   the higher test accuracy (Teammate A when none was measured).
    /// - Throws: ``CooperativeError/Code/noSuchMember`` when the package has no network of `depth`.
    public func member(depth: Int, teammate: Teammate? = nil) throws(CooperativeError) -> Model {
        try model(of: try row(depth: depth, teammate: teammate))
    }

    /// The deepest Teammate network whose forward pass costs at most `budget` MFLOPs per image, as a
    /// plain model; between the two Teammates' networks of that depth, the more accurate one.
    ///
    /// - Throws: ``CooperativeError/Code/noSuchMember`` when even the shallowest costs more.
    public func deepest(fittingMFLOPs budget: Double) throws(CooperativeError) -> Model {
        try model(of: try deepestRow(fittingMFLOPs: budget))
    }

    /// The depth-table row of ``deepest(fittingMFLOPs:)``.
    ///
    /// - Throws: ``CooperativeError/Code/noSuchMember`` when even the shallowest costs more.
    public func deepestRow(fittingMFLOPs budget: Double) throws(CooperativeError) -> DepthRow {
        let fitting = depthTable.filter { $0.megaFLOPs <= budget }
        guard let depth = fitting.map(\.depth).max() else {
            let cheapest = depthTable.map(\.megaFLOPs).min() ?? 0
            throw CooperativeError(
                .noSuchMember,
                "no network of the package fits \(budget) MFLOPs; the cheapest needs \(cheapest) MFLOPs")
        }
        return best(fitting.filter { $0.depth == depth })
    }

    /// The depth-table row of `teammate` at `depth` (`nil`: the more accurate Teammate).
    ///
    /// - Throws: ``CooperativeError/Code/noSuchMember`` when the package has no network of `depth`.
    public func row(depth: Int, teammate: Teammate? = nil) throws(CooperativeError) -> DepthRow {
        let rows = depthTable.filter { $0.depth == depth && (teammate == nil || $0.teammate == teammate) }
        guard !rows.isEmpty else {
            let offered = Set(depthTable.map(\.depth)).sorted().map(String.init).joined(separator: ", ")
            throw CooperativeError(
                .noSuchMember,
                "the package has no network of depth \(depth); its depths: \(offered) (running residual blocks)")
        }
        return best(rows)
    }

    /// `member` as a plain model: the Leader, or a Teammate's network at a depth of the table.
    ///
    /// - Throws: ``CooperativeError/Code/noSuchMember`` when the package has no such member.
    public func model(_ member: CooperativeMember) throws(CooperativeError) -> Model {
        switch member {
        case .leader: leader
        case .teammate(let teammate, let depth): try self.member(depth: depth, teammate: teammate)
        }
    }

    /// The network of `row`, extracted from its Teammate.
    public func model(of row: DepthRow) throws(CooperativeError) -> Model {
        guard !row.skippedBlocks.isEmpty else { return self[row.teammate] }
        var model: Model
        do {
            model = try self[row.teammate].skipping(row.skippedBlocks)
        } catch {
            throw CooperativeError(.invalidPackage, "cannot take \(row.member) out of the package: \(error.message)")
        }
        if let statistics = batchNormStatistics[row.member] { try Self.apply(statistics, to: &model, of: row.member) }
        return model
    }

    /// Sets each depth-table row's test accuracy to `accuracy` of its network.
    public mutating func recordTestAccuracy(_ accuracy: (inout Model) throws -> Double) throws {
        for index in depthTable.indices {
            var model = try model(of: depthTable[index])
            depthTable[index].testAccuracy = try accuracy(&model)
        }
    }

    private func best(_ rows: [DepthRow]) -> DepthRow {
        rows.max { ($0.testAccuracy ?? -1, $0.teammate == .a ? 1 : 0) < ($1.testAccuracy ?? -1, $1.teammate == .a ? 1 : 0) }!
    }

    private func makeRow(_ teammate: Teammate, depth: Int) -> DepthRow {
        let skipped = skippedBlocks(teammate, depth: depth)
        var model = teammateA
        model.network.skipBlocks(named: Set(skipped))
        return DepthRow(teammate: teammate, depth: depth, skippedBlocks: skipped, megaFLOPs: model.megaFLOPs)
    }
}

extension RetrainPlan {
    /// Plans retrains from `ranking` on `nodes` by `policy`.
    ///
    /// **Candidates.** One per (model, shift type, level) of the ranking — all of them, or those of
    /// ``PlanPolicy/selections``. Its approach follows ``PlanPolicy/prefer``: `reuse` costs the row's retraining
    /// estimate, `scratch` the model's ``RankingRow/scratch`` cost, `auto` reuses where the retraining estimate
    /// (kWh value) is below the from-scratch kWh and trains from scratch otherwise (whichever is known when only
    /// one is); each row says which and why. A (model, shift type, level) measured several times (seeds) keeps
    /// its costliest estimate. A candidate without the cost its approach needs is left out with a note — or, when
    /// selected by hand, is an error.
    ///
    /// **Objective under a budget.** Recover the most models, then the most (model, shift, level) pairs, within
    /// the budget; cheapest first on ties. Concretely, candidates are ordered by estimated kWh (ties by model,
    /// shift type, level), each model's cheapest candidate first, then the rest; each in turn is taken when its
    /// cost — its kWh, or its kg CO2eq at the node the placement gives it — fits in what is left of the budget.
    /// Taking each model's cheapest retrain cheapest first covers as many models as any choice could; the rest,
    /// cheapest first, then use what is left. Budgets count estimate values, not interval ends. Without a budget,
    /// every candidate is planned, cheapest first.
    ///
    /// **Placement.** Rows are placed in order by a ``Placer`` with ``PlanPolicy/placement``; a row's kg CO2eq is
    /// its kWh × its node's g/kWh / 1000. ``totals`` also price the same rows placed by every strategy, and
    /// ``greenestSavesKilogramsCO2eq`` is spread's total minus greenest's.
    ///
    /// - Throws: ``FleetError/Code/invalidPolicy`` for a policy out of range (``PlanPolicy/validate()``);
    ///   ``FleetError/Code/noNodes`` without nodes, ``FleetError/Code/invalidNode`` for a node out of range;
    ///   ``FleetError/Code/invalidSelection`` for a selection naming no row (listing what exists) or a row
    ///   without the cost its approach needs.
    public static func make(from ranking: Ranking, nodes: [PlanNode], policy: PlanPolicy) throws(FleetError) -> RetrainPlan {
        try policy.validate()
        var placer = try Placer(nodes: nodes, strategy: policy.placement)
        var notes: [String] = []
        var candidates: [Candidate] = []
        for group in try groups(of: ranking, selections: policy.selections) {
            let options = group.map { Candidate.make(row: $0, prefer: policy.prefer) }
            let plannable = options.compactMap { try? $0.get() }
            guard let costliest = plannable.max(by: { $0.kilowattHours.value < $1.kilowattHours.value }) else {
                let reason = options.first.flatMap { if case .failure(let why) = $0 { why.text } else { nil } } ?? ""
                let label = Candidate.label(group[0])
                if !policy.selections.isEmpty {
                    throw FleetError(
                        .invalidSelection, "\(label) cannot be planned with --prefer \(policy.prefer.rawValue): \(reason)")
                }
                notes.append("\(label) is left out: \(reason)")
                continue
            }
            if group.count > 1 {
                notes.append(
                    "\(Candidate.label(group[0])) was measured \(group.count) times; the plan keeps the costliest estimate")
            }
            candidates.append(costliest)
        }
        candidates.sort(by: Candidate.cheaperFirst)

        var order = candidates
        if policy.budget != nil {
            var covered: Set<String> = []
            let firsts = candidates.filter { covered.insert($0.row.model).inserted }
            let firstShifts = Set(firsts.map(\.row))
            order = firsts + candidates.filter { !firstShifts.contains($0.row) }
        }
        var rows: [PlanRow] = []
        var overBudget: [Candidate] = []
        var spent = 0.0
        for candidate in order {
            let node = placer.next
            if let budget = policy.budget {
                let cost = budget.unit == .kilowattHours
                    ? candidate.kilowattHours.value : candidate.kilowattHours.value * node.gramsPerKWh / 1000
                guard spent + cost <= budget.limit else {
                    overBudget.append(candidate)
                    continue
                }
                spent += cost
            }
            _ = placer.place()
            rows.append(candidate.planRow(number: rows.count + 1, node: node, policy: policy))
        }

        if let budget = policy.budget, !overBudget.isEmpty {
            let names = overBudget.prefix(8).map { Candidate.label($0.row) }.joined(separator: ", ")
            notes.append(
                "\(overBudget.count) of \(order.count) candidate retrains do not fit the budget of \(shortNumber(budget.limit)) "
                    + "\(budget.unit.symbol) (the plan spends \(shortNumber(spent))): \(names)\(overBudget.count > 8 ? ", …" : "")")
        }
        notes += summaryNotes(rows, policy: policy, ranking: ranking)

        var byPlacement: [PlanTotals.ByPlacement] = []
        for strategy in PlacementStrategy.allCases {
            var replay = try Placer(nodes: nodes, strategy: strategy)
            let kilograms = CostEstimate.sum(rows.map { $0.kilowattHours.scaled(by: replay.place().gramsPerKWh / 1000) })
            byPlacement.append(PlanTotals.ByPlacement(placement: strategy, kilogramsCO2eq: kilograms))
        }
        let totals = PlanTotals(
            retrains: rows.count, kilowattHours: CostEstimate.sum(rows.map(\.kilowattHours)),
            kilogramsCO2eq: CostEstimate.sum(rows.map(\.kilogramsCO2eq)), byPlacement: byPlacement)
        let saving =
            (totals.kilogramsCO2eq(placedBy: .spread)?.value ?? 0) - (totals.kilogramsCO2eq(placedBy: .greenest)?.value ?? 0)
        return RetrainPlan(
            jobID: ranking.jobID, jobName: ranking.jobName, policy: policy, nodes: nodes, rows: rows, totals: totals,
            greenestSavesKilogramsCO2eq: saving, notes: notes)
    }

    /// The ranking's rows grouped by (model, shift type, level), in ranking order; only the selected groups when
    /// `selections` is not empty, in selection order, each once.
    private static func groups(of ranking: Ranking, selections: [PlanSelection]) throws(FleetError) -> [[RankingRow]] {
        struct Key: Hashable {
            var model: String, shiftType: String, level: Double?
        }
        var groups: [Key: [RankingRow]] = [:]
        var keys: [Key] = []
        for row in ranking.rows {
            let key = Key(model: row.model, shiftType: row.shiftType, level: row.level)
            if groups[key] == nil { keys.append(key) }
            groups[key, default: []].append(row)
        }
        guard !selections.isEmpty else { return keys.map { groups[$0]! } }
        var chosen: [Key] = []
        for selection in selections {
            let key = Key(model: selection.model, shiftType: selection.shiftType, level: selection.level)
            guard groups[key] != nil else { throw unknown(selection, in: ranking) }
            if !chosen.contains(key) { chosen.append(key) }
        }
        return chosen.map { groups[$0]! }
    }

    /// The error for a selection that names no row, listing the models or the model's shifts.
    private static func unknown(_ selection: PlanSelection, in ranking: Ranking) -> FleetError {
        let job = ranking.jobID.isEmpty ? "the ranking" : "job \(ranking.jobID)"
        let shifts = ranking.rows.filter { $0.model == selection.model }.map(\.shift)
        guard !shifts.isEmpty else {
            var models: [String] = []
            for row in ranking.rows where !models.contains(row.model) { models.append(row.model) }
            return FleetError(
                .invalidSelection,
                "--select \(selection): \(job) has no model \"\(selection.model)\"; its models are "
                    + (models.isEmpty ? "none" : models.joined(separator: ", ")))
        }
        return FleetError(
            .invalidSelection,
            "--select \(selection): model \(selection.model) was not measured under \(selection.shiftType) at level "
                + "\(PlanSelection.format(selection.level)); its shifts are \(Array(Set(shifts)).sorted().joined(separator: ", "))")
    }

    /// Notes on extrapolated estimates, proxy scratch costs, estimates beyond the epoch limit and estimates
    /// calibrated for another target accuracy than the plan's.
    private static func summaryNotes(_ rows: [PlanRow], policy: PlanPolicy, ranking: Ranking) -> [String] {
        var notes: [String] = []
        let planned = Set(rows.map(\.model))
        for calibration in ranking.calibrations where planned.contains(calibration.model) {
            guard let calibrated = calibration.targetAccuracy, abs(calibrated - policy.targetAccuracy) > 1e-9 else { continue }
            let percent = { (value: Double) in String(format: "%g%%", value * 100) }
            notes.append(
                "\(calibration.model)'s estimates were calibrated by retrains to \(percent(calibrated)) accuracy; this "
                    + "plan targets \(percent(policy.targetAccuracy)), so they are likely "
                    + (policy.targetAccuracy > calibrated ? "too low" : "too high")
                    + " (pass --target-accuracy \(calibrated) to plan for what was calibrated)")
        }
        let extrapolated = rows.filter { $0.kilowattHours.extrapolated }.count
        if extrapolated > 0 {
            notes.append(
                "\(extrapolated) of \(rows.count) retrains extrapolate beyond their model's calibrated range; "
                    + "treat their estimates with care")
        }
        let proxies = rows.filter { $0.approach == .scratch && $0.approachReason.contains("proxy") }.count
        if proxies > 0 {
            notes.append(
                "\(proxies) from-scratch retrains are priced at an upper-bound proxy: their models were not trained in the job")
        }
        let long = rows.filter { ($0.epochs?.value ?? 0) > Double(policy.maxEpochs) }.count
        if long > 0 {
            notes.append(
                "\(long) retrains are estimated to need more than --max-epochs \(policy.maxEpochs); "
                    + "they may stop before reaching the target accuracy")
        }
        return notes
    }
}

/// One (model, shift, level) a plan may retrain, with the approach and cost chosen for it.
private struct Candidate {
    /// Why a row cannot be a candidate.
    struct Unplannable: Error {
        var text: String
    }

    var row: RankingRow
    var approach: PlanApproach
    var reason: String
    var epochs: CostEstimate?
    var kilowattHours: CostEstimate

    /// `row` under `prefer` (see ``RetrainPlan/make(from:nodes:policy:)``), or why it cannot be planned.
    static func make(row: RankingRow, prefer: PlanPreference) -> Result<Candidate, Unplannable> {
        let retrain = row.kilowattHours
        let scratch = row.scratch
        let noEstimate = row.unestimatedReason ?? "no retraining estimate"
        let noScratch = "no from-scratch cost: the model was not trained in the job and its epoch limit is unknown"
        func reuse(_ why: String) -> Result<Candidate, Unplannable> {
            guard let retrain else { return .failure(Unplannable(text: noEstimate)) }
            return .success(Candidate(row: row, approach: .reuse, reason: why, epochs: row.epochs, kilowattHours: retrain))
        }
        func fromScratch(_ why: String) -> Result<Candidate, Unplannable> {
            guard let scratch else { return .failure(Unplannable(text: noScratch)) }
            return .success(
                Candidate(
                    row: row, approach: .scratch, reason: why,
                    epochs: scratch.epochs.map { CostEstimate(exactly: Double($0)) },
                    kilowattHours: CostEstimate(exactly: scratch.kilowattHours)))
        }
        let scratchText = scratch.map {
            $0.isProxy
                ? "the \(shortNumber($0.kilowattHours)) kWh upper-bound proxy for training from scratch"
                : "the \(shortNumber($0.kilowattHours)) kWh of training from scratch"
        }
        switch (prefer, retrain, scratch, scratchText) {
        case (.reuse, _, _, _):
            return reuse("retrain the deployed model, as preferred (--prefer reuse)")
        case (.scratch, _, _, let text):
            return fromScratch("train from scratch, as preferred (--prefer scratch), at \(text ?? "")")
        case (.auto, let retrain?, let scratch?, let text?):
            return retrain.value < scratch.kilowattHours
                ? reuse("retraining's estimated \(shortNumber(retrain.value)) kWh is below \(text)")
                : fromScratch("\(text) is no more than retraining's estimated \(shortNumber(retrain.value)) kWh")
        case (.auto, .some, _, _):
            return reuse("no from-scratch cost is known, so the deployed model is retrained")
        case (.auto, nil, .some, let text):
            return fromScratch("retraining has no estimate (\(noEstimate)), so \(text ?? "training from scratch") is planned")
        case (.auto, nil, nil, _):
            return .failure(Unplannable(text: "neither a retraining estimate (\(noEstimate)) nor a from-scratch cost is known"))
        }
    }

    /// `model shift`, as notes and errors name a row.
    static func label(_ row: RankingRow) -> String { "\(row.model) \(row.shift)" }

    /// Cheaper kWh first; ties by model, shift type, level, then shift text.
    static func cheaperFirst(_ a: Candidate, _ b: Candidate) -> Bool {
        if a.kilowattHours.value != b.kilowattHours.value { return a.kilowattHours.value < b.kilowattHours.value }
        if a.row.model != b.row.model { return a.row.model < b.row.model }
        if a.row.shiftType != b.row.shiftType { return a.row.shiftType < b.row.shiftType }
        if a.row.level != b.row.level { return (a.row.level ?? .infinity) < (b.row.level ?? .infinity) }
        return a.row.shift < b.row.shift
    }

    /// The plan row of this candidate placed on `node`.
    func planRow(number: Int, node: PlanNode, policy: PlanPolicy) -> PlanRow {
        PlanRow(
            number: number, model: row.model, shift: row.shift, shiftType: row.shiftType, level: row.level,
            approach: approach, approachReason: reason, epochs: epochs, kilowattHours: kilowattHours,
            kilogramsCO2eq: kilowattHours.scaled(by: node.gramsPerKWh / 1000), node: node.node, region: node.region,
            gramsPerKWh: node.gramsPerKWh, targetAccuracy: policy.targetAccuracy, maxEpochs: policy.maxEpochs,
            cutoffs: policy.cutoffs)
    }
}

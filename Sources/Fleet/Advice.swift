import Foundation

/// Whether to retrain a deployed model under a shift or train a new one from scratch.
///
/// The rule compares the estimated retraining energy, interval `[low, high]` kWh, with the
/// energy of training from scratch `S`:
/// - `high < S` → ``retrain``: even the pessimistic retrain is cheaper;
/// - `low > S` → ``fromScratch``: even the optimistic retrain costs more;
/// - otherwise ``either``: the interval contains `S`, the estimate cannot tell them apart;
/// - ``unknown`` when the model has no kWh estimate, or no `S` can be had.
///
/// `S` is the metered cost of training the model in the job (``FleetMember/scratchCost``).
/// Without it, `S` is approximated as the calibration's mean kWh per epoch ×
/// ``FleetMember/maxEpochs``: an upper-bound proxy (a run to the epoch limit at the calibration's
/// pace), which favours ``retrain``; the reason says when the proxy was used.
public enum Advice: String, Codable, Sendable, CaseIterable {
    case retrain
    case fromScratch = "from-scratch"
    case either
    case unknown

    /// The advice for one row and its one-line reason.
    static func judge(kilowattHours estimate: CostEstimate?, member: FleetMember) -> (Advice, String) {
        guard let estimate else { return (.unknown, "no kWh estimate to compare with training from scratch") }
        guard let found = member.scratchEstimate else {
            return (.unknown, "no from-scratch cost: the model was not trained in the job and its epoch limit is unknown")
        }
        let scratch = found.kilowattHours
        let what =
            found.isProxy
            ? "the \(shortNumber(scratch)) kWh upper-bound proxy for training from scratch "
                + "(\(shortNumber(scratch / Double(found.epochs ?? 1))) kWh per epoch × \(found.epochs ?? 0) epochs)"
            : "the \(shortNumber(scratch)) kWh of training from scratch"
        if estimate.high < scratch {
            return (.retrain, "retraining needs at most \(shortNumber(estimate.high)) kWh, less than \(what)")
        }
        if estimate.low > scratch {
            return (.fromScratch, "retraining needs at least \(shortNumber(estimate.low)) kWh, more than \(what)")
        }
        return (.either, "the retraining interval \(shortNumber(estimate.low))–\(shortNumber(estimate.high)) kWh contains \(what)")
    }
}

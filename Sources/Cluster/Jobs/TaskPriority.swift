/// The priorities ``JobPlan`` gives each kind of task; higher runs first.
///
/// Training comes first because everything of its model waits for it; calibration retraining
/// next, because it is the longest work and the cost estimates of a model cannot be fitted
/// before all of it is done; measuring last, since its tasks are short and fill the gaps.
public enum TaskPriority {
    /// A model trained from an architecture.
    public static let train = 30
    /// Retraining under a calibration shift.
    public static let calibrate = 20
    /// Measuring a model under the levels of one shift type.
    public static let measure = 10
    /// Retraining a model a plan decided on: after the evaluations the plan may depend on the ranking of.
    public static let retrain = 5
}

/// Shares a node's measured energy between the tasks that ran on it at the same time.
///
/// RAPL counts the whole package, whoever used it. When tasks overlap on one node, each task's
/// share of the node's joules is its share of the CPU seconds the tasks used over the interval:
///
/// ```
/// share(task) = node joules × cpu(task) / Σ cpu(all tasks)
/// ```
///
/// CPU and RAM joules are shared alike, the shares add up to the node's joules (to rounding), and
/// each share keeps the node's method, wall time and resident memory with the task's own CPU
/// seconds. When no task used any CPU the joules are shared equally.
public enum EnergyAttribution {
    /// Each task's part of `node`, in proportion to its CPU seconds.
    ///
    /// - Parameters:
    ///   - node: The node's reading over the interval the tasks ran in.
    ///   - cpuSeconds: The CPU seconds each task used in that interval.
    /// - Returns: One reading per task (none for no tasks).
    /// - Throws: ``EnergyError/Code/invalidCPUSeconds`` when a task's CPU seconds are negative or not finite.
    public static func share<Task: Hashable>(
        _ node: EnergyReading, byCPUSeconds cpuSeconds: [Task: Double]
    )
        throws(EnergyError) -> [Task: EnergyReading]
    {
        for (task, seconds) in cpuSeconds where !(seconds.isFinite && seconds >= 0) {
            throw EnergyError(
                .invalidCPUSeconds,
                "task \(task) has \(seconds) CPU seconds; expected a finite number of seconds, 0 or more")
        }
        let total = cpuSeconds.values.reduce(0, +)
        var shares: [Task: EnergyReading] = [:]
        for (task, seconds) in cpuSeconds {
            let fraction = total > 0 ? seconds / total : 1 / Double(cpuSeconds.count)
            shares[task] = EnergyReading(
                method: node.method, cpuJoules: node.cpuJoules * fraction, ramJoules: node.ramJoules * fraction,
                wallSeconds: node.wallSeconds, cpuSeconds: seconds, residentGiB: node.residentGiB)
        }
        return shares
    }
}

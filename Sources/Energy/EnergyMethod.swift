/// How an energy figure was obtained; every ``EnergyReading`` carries one.
///
/// Measured and estimated joules differ in kind, so each number we show says which produced it:
/// the raw value is what tables, JSON and the `method` column of `emissions.csv` print.
public enum EnergyMethod: String, Codable, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    /// Measured by the CPU's RAPL energy counters (`/sys/class/powercap/intel-rapl:N`, Intel and
    /// AMD): the whole package and its DRAM, shared between the node's tasks by CPU time.
    case rapl
    /// Estimated from the process's CPU time × watts per logical CPU (from the CPU's TDP) and its
    /// resident memory × 0.375 W/GiB. See ``CPUPowerModel``.
    case cpuModel = "cpu-model"
    /// Estimated as CodeCarbon 3.x does when it cannot read power. See ``CodeCarbonEstimator``.
    case codecarbon
    /// The sum of readings made by different methods.
    case mixed

    public var description: String { rawValue }
}

/// Which method an ``EnergyMeter`` should use, as the user chooses it (`--energy-method`).
public enum EnergyMethodChoice: String, Codable, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    /// RAPL when its counters can be read, else the CPU model (the default).
    case auto
    /// RAPL only: the meter fails with an ``EnergyError`` when the counters cannot be read.
    case rapl
    /// The CPU-time model, even where RAPL is readable.
    case cpuModel = "cpu-model"
    /// CodeCarbon's estimate, to compare with a CodeCarbon user's numbers.
    case codecarbon

    public var description: String { rawValue }
}

/// Which of CodeCarbon's estimates the ``EnergyMethod/codecarbon`` method reproduces.
public enum CodeCarbonMode: String, Codable, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    /// CodeCarbon's `tracking_mode="process"` with psutil: CPU power = max power × the process's
    /// share of the machine's CPU capacity; RAM power from the process's resident memory.
    case process
    /// CodeCarbon's constant mode (no psutil): CPU power = 50 % of max power; RAM power from the
    /// machine's total memory (`tracking_mode="machine"`, its default).
    case constant

    public var description: String { rawValue }
}

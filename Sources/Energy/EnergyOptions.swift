/// What an ``EnergyMeter`` should measure with, and where it finds the machine's files.
///
/// The defaults measure the real machine with `auto`: RAPL where readable, else the CPU model.
/// Tests point ``sysfsRoot`` and ``procRoot`` at fake trees.
public struct EnergyOptions: Codable, Sendable, Hashable {
    /// The method, or `auto` (`--energy-method`).
    public var method: EnergyMethodChoice
    /// The CPU's power with every logical CPU busy, in watts, like a TDP (`--cpu-watts`); replaces
    /// the TDP table in the `cpu-model` and `codecarbon` methods (CodeCarbon's `force_cpu_power`).
    public var cpuWatts: Double?
    /// The powercap directory holding the RAPL zones (default `/sys/class/powercap`).
    public var sysfsRoot: String
    /// The directory holding `cpuinfo` and `meminfo` (default `/proc`).
    public var procRoot: String
    /// Which CodeCarbon estimate the `codecarbon` method reproduces.
    public var codecarbonMode: CodeCarbonMode

    /// Options with the given choices; every argument has the real machine's default.
    public init(
        method: EnergyMethodChoice = .auto, cpuWatts: Double? = nil, sysfsRoot: String = "/sys/class/powercap",
        procRoot: String = "/proc", codecarbonMode: CodeCarbonMode = .process
    ) {
        self.method = method
        self.cpuWatts = cpuWatts
        self.sysfsRoot = sysfsRoot
        self.procRoot = procRoot
        self.codecarbonMode = codecarbonMode
    }
}

/// One RAPL energy counter under a powercap root: a CPU package zone or one of its DRAM subzones.
public struct RAPLZone: Codable, Sendable, Hashable {
    /// What a zone measures.
    public enum Kind: String, Codable, Sendable, Hashable {
        /// A whole CPU package (`intel-rapl:N`, named `package-N`): cores, caches, uncore.
        case package
        /// The memory attached to a package (`intel-rapl:N:M` named `dram`).
        case dram
    }

    /// The zone's directory name (`intel-rapl:0`, `intel-rapl:0:2`).
    public var id: String
    /// The zone's `name` file (`package-0`, `dram`).
    public var name: String
    /// What it measures.
    public var kind: Kind
    /// Its directory.
    public var directory: String
    /// The counter's range: it wraps to 0 after this many microjoules (`max_energy_range_uj`).
    public var maxEnergyRangeMicrojoules: UInt64

    /// The counter file, `directory/energy_uj`.
    public var energyPath: String { SystemFiles.join(directory, "energy_uj") }
}

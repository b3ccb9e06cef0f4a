#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One row of `emissions.csv`: a task's energy and carbon in CodeCarbon's columns, plus ours.
///
/// Built from an ``EnergyReading``, the ``CarbonAccounting`` of the place it ran and the
/// ``MachineInfo`` of the node. Values follow CodeCarbon 3.x's units and conventions: seconds,
/// kg CO2eq, kg/s, W, kWh, GiB; power and energy columns include the PUE, as CodeCarbon's do;
/// GPU columns are 0 (we measure CPU and RAM). Where we differ: `timestamp` is UTC (CodeCarbon
/// writes local time), `python_version`, `codecarbon_version`, `experiment_id`, `longitude`
/// and `latitude` are empty, `cpu_utilization_percent` is the process's share of the machine's
/// CPU capacity and `ram_utilization_percent` its resident memory's share of the total.
public struct EmissionsRecord: Sendable, Hashable {
    /// When the task ended, in seconds since 1970-01-01 UTC.
    public var timestamp: Double
    /// CodeCarbon's `project_name` (we use the command or job name).
    public var projectName: String
    /// CodeCarbon's `run_id`.
    public var runID: String
    /// The task's energy, with its method.
    public var reading: EnergyReading
    /// Where the energy was used and at what PUE.
    public var carbon: CarbonAccounting
    /// The node the task ran on.
    public var machine: MachineInfo
    /// Our `node` column: the node's name.
    public var node: String
    /// Our `task` column: the task's name or id.
    public var task: String
    /// CodeCarbon's `tracking_mode`: `machine` for RAPL (whole-node counters), `process` otherwise,
    /// unless given.
    public var trackingMode: String

    /// A row for `reading` at `carbon` on `machine`, made at `timestamp` (seconds since 1970, UTC).
    public init(
        timestamp: Double, projectName: String, runID: String, reading: EnergyReading, carbon: CarbonAccounting,
        machine: MachineInfo, node: String, task: String, trackingMode: String? = nil
    ) {
        self.timestamp = timestamp
        self.projectName = projectName
        self.runID = runID
        self.reading = reading
        self.carbon = carbon
        self.machine = machine
        self.node = node
        self.task = task
        self.trackingMode = trackingMode ?? (reading.method == .rapl ? "machine" : "process")
    }

    /// Kilograms of CO2-equivalent (CodeCarbon's `emissions`), PUE included.
    public var emissions: Double { carbon.kilogramsCO2(for: reading) }

    /// The row's values, one per ``EmissionsCSV/columns`` entry, as CSV fields (not yet quoted).
    public var fields: [String] {
        let pue = carbon.pue
        let wall = reading.wallSeconds
        let intensity = carbon.intensity
        let capacity = wall * Double(machine.logicalCPUs)
        let values: [String] = [
            Self.format(timestamp: timestamp), projectName, runID, "",
            Self.number(wall), Self.number(emissions), Self.number(wall > 0 ? emissions / wall : 0),
            Self.number(reading.cpuPower * pue), Self.number(0.0), Self.number(reading.ramPower * pue),
            Self.number(reading.cpuKilowattHours * pue), Self.number(0.0), Self.number(reading.ramKilowattHours * pue),
            Self.number(reading.kilowattHours * pue), Self.number(0.0),
            intensity.countryName, intensity.countryISOCode, intensity.location,
            intensity.cloudProvider, intensity.isCloudRegion ? intensity.code : "",
            machine.operatingSystem, "", "",
            String(machine.logicalCPUs), machine.cpuModel.isEmpty ? "Unknown" : machine.cpuModel, "0", "", "", "",
            Self.number(machine.totalMemoryGiB), trackingMode,
            Self.number(capacity > 0 ? reading.cpuSeconds / capacity * 100 : 0), Self.number(0.0),
            Self.number(machine.totalMemoryGiB > 0 ? reading.residentGiB / machine.totalMemoryGiB * 100 : 0),
            Self.number(reading.residentGiB), intensity.isCloudRegion ? "Y" : "N", Self.number(pue), "0",
            node, task, reading.method.rawValue,
        ]
        return values
    }

    /// A number as Python's `repr` and pandas write it (shortest round-trip, `1e-05`); "" when not finite.
    static func number(_ value: Double) -> String {
        value.isFinite ? value.description : ""
    }

    /// `YYYY-MM-DDTHH:MM:SS` in UTC, CodeCarbon's timestamp format.
    static func format(timestamp: Double) -> String {
        var seconds = time_t(timestamp.isFinite ? timestamp.rounded(.down) : 0)
        var parts = tm()
        gmtime_r(&seconds, &parts)
        func two(_ value: Int32) -> String { value < 10 ? "0\(value)" : "\(value)" }
        return "\(parts.tm_year + 1900)-\(two(parts.tm_mon + 1))-\(two(parts.tm_mday))T"
            + "\(two(parts.tm_hour)):\(two(parts.tm_min)):\(two(parts.tm_sec))"
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The facts about a machine that power estimates and `emissions.csv` need.
///
/// Read from `/proc/cpuinfo` and `/proc/meminfo` (a directory given for tests), falling back to
/// `sysconf` for counts the files do not give. The model name is the first `model name` line, as
/// CodeCarbon's `py-cpuinfo` reports it; sockets are the distinct `physical id` values (what
/// `lscpu` calls `Socket(s)`, CodeCarbon's `cpu_physical_count`).
public struct MachineInfo: Codable, Sendable, Hashable {
    /// The CPU model name (`Intel(R) Xeon(R) Gold 6148 CPU @ 2.40GHz`), or "" when unknown.
    public var cpuModel: String
    /// Logical CPUs (hardware threads) the system shows.
    public var logicalCPUs: Int
    /// CPU packages (sockets), at least 1.
    public var sockets: Int
    /// Whether the CPU flags include `hypervisor`: a virtual machine, whose topology says nothing
    /// about the host's CPU packages.
    public var isVirtual: Bool
    /// Total memory in bytes (`MemTotal`).
    public var totalMemoryBytes: Double
    /// Whether the CPU is ARM (CodeCarbon's RAM model uses lower power per DIMM there).
    public var isARM: Bool
    /// The operating system as CodeCarbon's `os` column shows it (`Linux-6.8.0-x86_64`).
    public var operatingSystem: String

    /// A machine with the given facts.
    public init(
        cpuModel: String, logicalCPUs: Int, sockets: Int = 1, isVirtual: Bool = false, totalMemoryBytes: Double,
        isARM: Bool = false, operatingSystem: String = "Linux"
    ) {
        self.cpuModel = cpuModel
        self.logicalCPUs = max(1, logicalCPUs)
        self.sockets = max(1, sockets)
        self.isVirtual = isVirtual
        self.totalMemoryBytes = totalMemoryBytes
        self.isARM = isARM
        self.operatingSystem = operatingSystem
    }

    /// Total memory in GiB (2³⁰ bytes, CodeCarbon's `ram_total_size` unit).
    public var totalMemoryGiB: Double { totalMemoryBytes / 1_073_741_824 }

    /// Logical CPUs per package.
    public var logicalCPUsPerSocket: Int { max(1, logicalCPUs / sockets) }

    /// The machine described by `procRoot/cpuinfo` and `procRoot/meminfo` (default `/proc`).
    ///
    /// Missing or unparsable files are not errors: counts come from `sysconf` instead and the model
    /// is "" (unknown), which the power models document how they treat.
    public static func read(procRoot: String = "/proc") -> MachineInfo {
        let cpuinfo = (try? SystemFiles.readText(SystemFiles.join(procRoot, "cpuinfo"))) ?? ""
        let meminfo = (try? SystemFiles.readText(SystemFiles.join(procRoot, "meminfo"))) ?? ""
        var machine = MachineInfo(cpuinfo: cpuinfo, meminfo: meminfo)
        if !cpuinfo.contains("processor") {
            machine.logicalCPUs = max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))))
        }
        if machine.totalMemoryBytes <= 0 {
            machine.totalMemoryBytes = Double(sysconf(Int32(_SC_PHYS_PAGES))) * Double(sysconf(Int32(_SC_PAGESIZE)))
        }
        machine.isARM =
            machine.isARM || Self.hardwareName().lowercased().contains("arm")
            || Self.hardwareName().lowercased().contains("aarch")
        machine.operatingSystem = Self.operatingSystemName()
        return machine
    }

    /// The machine described by the texts of a `cpuinfo` and a `meminfo` file.
    public init(cpuinfo: String, meminfo: String) {
        var model = ""
        var processors = 0
        var packages = Set<String>()
        var virtual = false
        var arm = false
        for line in cpuinfo.split(separator: "\n", omittingEmptySubsequences: true) {
            guard let colon = line.firstIndex(of: ":") else { continue }
            let key = line[..<colon].trimmingWhitespace()
            let value = line[line.index(after: colon)...].trimmingWhitespace()
            switch key {
            case "processor": processors += 1
            case "model name" where model.isEmpty: model = String(value)
            case "physical id": packages.insert(String(value))
            case "flags" where value.split(separator: " ").contains("hypervisor"): virtual = true
            case "CPU implementer": arm = true
            default: break
            }
        }
        var memory = 0.0
        for line in meminfo.split(separator: "\n") where line.hasPrefix("MemTotal:") {
            let fields = line.split(separator: " ")
            if fields.count >= 2, let kibibytes = Double(fields[1]) { memory = kibibytes * 1024 }
        }
        self.init(
            cpuModel: model, logicalCPUs: processors, sockets: max(1, packages.count), isVirtual: virtual,
            totalMemoryBytes: memory, isARM: arm)
    }

    private static func hardwareName() -> String {
        var names = utsname()
        guard uname(&names) == 0 else { return "" }
        return withUnsafeBytes(of: names.machine) { String(decoding: $0.prefix(while: { $0 != 0 }), as: UTF8.self) }
    }

    private static func operatingSystemName() -> String {
        var names = utsname()
        guard uname(&names) == 0 else { return "Linux" }
        func field<T>(_ value: T) -> String {
            withUnsafeBytes(of: value) { String(decoding: $0.prefix(while: { $0 != 0 }), as: UTF8.self) }
        }
        return "\(field(names.sysname))-\(field(names.release))-\(field(names.machine))"
    }
}

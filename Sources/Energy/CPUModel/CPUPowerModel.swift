/// Our estimate where RAPL is absent: CPU time × watts per logical CPU, plus resident memory × 0.375 W/GiB.
///
/// **CPU.** The kernel counts CPU time per logical CPU (hardware thread), so a package with all
/// its threads busy for one second accumulates one CPU second per thread and draws about its
/// TDP. The power of one logical CPU is therefore `TDP / logical CPUs per package`, and a task's
/// CPU energy is `CPU seconds × that`. We divide by logical, not physical, cores: dividing by
/// physical cores would charge a fully busy hyper-threaded package twice its TDP. The watts per
/// logical CPU come from, in order:
/// 1. `--cpu-watts W` (``EnergyOptions/cpuWatts``): the whole machine's CPU power with every logical
///    CPU busy, like a TDP (CodeCarbon's `force_cpu_power`): `W / logical CPUs`;
/// 2. on bare metal, the CPU model's TDP from CodeCarbon's table (``CPUPowerTable``), matched as
///    CodeCarbon matches it: `TDP × sockets / logical CPUs`;
/// 3. otherwise ``defaultWattsPerLogicalCPU`` (4 W, CodeCarbon's own default per thread): when the
///    model is not in the table, and on virtual machines (`hypervisor` CPU flag), whose few
///    virtual CPUs are a slice of a host package whose thread count the guest cannot see —
///    dividing the host's TDP by them would overstate power many times over.
///
/// **RAM.** `resident GiB × 0.375 W/GiB × wall seconds`: 3 W per 8 GB of DDR3/DDR4, the rule
/// CodeCarbon used before version 3 (from Crucial's figures). It charges the memory the task
/// holds, where CodeCarbon 3 charges whole DIMMs with a 10 W floor. The resident memory is the
/// mean of the samples at start and stop.
public struct CPUPowerModel: Sendable, Hashable {
    /// Memory power per GiB of resident memory, in watts.
    public static let ramWattsPerGiB = 0.375
    /// Power of one logical CPU when neither the user nor the TDP table gives one, in watts.
    public static let defaultWattsPerLogicalCPU = 4.0

    /// Where the watts per logical CPU came from.
    public enum Source: Sendable, Hashable, CustomStringConvertible {
        /// `--cpu-watts`: the machine's CPU power at full load.
        case userWatts(Double)
        /// The TDP table: the matched name, its TDP per package and the machine's packages.
        case table(name: String, tdp: Double, sockets: Int)
        /// ``CPUPowerModel/defaultWattsPerLogicalCPU``, with the reason the table was not used.
        case defaultPower(reason: String)

        public var description: String {
            switch self {
            case .userWatts(let watts): "--cpu-watts \(watts) W"
            case .table(let name, let tdp, let sockets): "TDP of \(name): \(tdp) W × \(sockets) socket(s)"
            case .defaultPower(let reason):
                "default \(CPUPowerModel.defaultWattsPerLogicalCPU) W per logical CPU (\(reason))"
            }
        }
    }

    /// Power of one busy logical CPU, in watts.
    public let wattsPerLogicalCPU: Double
    /// Where ``wattsPerLogicalCPU`` came from.
    public let source: Source

    /// A model with the given power per logical CPU (for tests and replays).
    public init(wattsPerLogicalCPU: Double, source: Source) {
        self.wattsPerLogicalCPU = wattsPerLogicalCPU
        self.source = source
    }

    /// The model for `machine`, with `cpuWatts` (the machine's CPU power at full load) if given.
    ///
    /// - Throws: ``EnergyError/Code/invalidWatts`` when `cpuWatts` is negative, zero or not finite.
    public init(machine: MachineInfo, cpuWatts: Double? = nil) throws(EnergyError) {
        let logical = Double(machine.logicalCPUs)
        if let cpuWatts {
            try Self.validate(cpuWatts: cpuWatts)
            self.init(wattsPerLogicalCPU: cpuWatts / logical, source: .userWatts(cpuWatts))
            return
        }
        let model = machine.cpuModel
        guard !model.isEmpty else {
            self.init(
                wattsPerLogicalCPU: Self.defaultWattsPerLogicalCPU, source: .defaultPower(reason: "no CPU model name"))
            return
        }
        guard let match = CPUPowerTable.match(model), let tdp = match.watts else {
            self.init(
                wattsPerLogicalCPU: Self.defaultWattsPerLogicalCPU,
                source: .defaultPower(reason: "'\(model)' is not in the TDP table"))
            return
        }
        guard !machine.isVirtual else {
            self.init(
                wattsPerLogicalCPU: Self.defaultWattsPerLogicalCPU,
                source: .defaultPower(reason: "virtual machine: the host's threads per package are unknown"))
            return
        }
        self.init(
            wattsPerLogicalCPU: tdp * Double(machine.sockets) / logical,
            source: .table(name: match.name, tdp: tdp, sockets: machine.sockets))
    }

    /// The reading for an interval in which the process used `cpuSeconds` and held `residentGiB`.
    ///
    /// `cpuJoules = cpuSeconds × wattsPerLogicalCPU`, `ramJoules = residentGiB × 0.375 × wallSeconds`.
    public func reading(cpuSeconds: Double, wallSeconds: Double, residentGiB: Double) -> EnergyReading {
        EnergyReading(
            method: .cpuModel, cpuJoules: cpuSeconds * wattsPerLogicalCPU,
            ramJoules: residentGiB * Self.ramWattsPerGiB * wallSeconds, wallSeconds: wallSeconds,
            cpuSeconds: cpuSeconds, residentGiB: residentGiB)
    }

    /// Throws unless `cpuWatts` is a finite power above zero.
    static func validate(cpuWatts: Double) throws(EnergyError) {
        guard cpuWatts.isFinite, cpuWatts > 0 else {
            throw EnergyError(
                .invalidWatts,
                "CPU power \(cpuWatts) W is not a power: give the CPU's power at full load "
                    + "as a positive number of watts (--cpu-watts 65)")
        }
    }
}

/// CodeCarbon 3.x's power estimate for a machine where it cannot read power (no RAPL).
///
/// Reproduces, from CodeCarbon 3.3.2's source, what `EmissionsTracker` computes on Linux without
/// RAPL (`ResourceTracker.set_CPU_tracking`, `CPU`, `RAM`), so a CodeCarbon user can set our
/// figures beside theirs. `Tests/Fixtures/energy/make_codecarbon_goldens.py` runs CodeCarbon's
/// own code on fixed inputs and the tests require ours to equal it.
///
/// **Max power.** CodeCarbon looks the CPU model up in its TDP table (``CPUPowerTable/match(_:)``)
/// and multiplies by the socket count: `max power = TDP × sockets`. Where the model is not in
/// the table it uses 4 W per logical CPU (`DEFAULT_POWER_PER_CORE`), `max power = 4 × logical
/// CPUs × sockets`, in process mode; in constant mode, and wherever the model name is empty,
/// 85 W (`POWER_CONSTANT`). A user-given power (`force_cpu_power`, our `--cpu-watts`) replaces
/// max power as is.
///
/// **CPU power.** ``CodeCarbonMode/process``: `max power × (CPU seconds / wall seconds) /
/// logical CPUs` — the process's share of the machine's CPU capacity, which over an interval
/// gives `max power × CPU seconds / logical CPUs` joules. ``CodeCarbonMode/constant``:
/// `max power × 0.5` (`CONSUMPTION_PERCENTAGE_CONSTANT`), whatever the load.
///
/// **RAM power.** 5 W per DIMM on x86 (1.5 W on ARM), DIMMs estimated from the memory size
/// (``dimmCount(memoryGiB:)``), with less power per DIMM beyond 4, 8 and 16 DIMMs, and at least
/// 10 W (3 W on ARM). The memory is the process's resident memory in process mode and the
/// machine's total in constant mode (CodeCarbon's `tracking_mode` `process` / `machine`).
///
/// Not reproduced: CodeCarbon's `machine` tracking with psutil (a cubic law of the whole
/// machine's load), GPUs, and its periodic sampling (we take the CPU time over the whole
/// interval, which is what its samples add up to, and the resident memory at the end).
public struct CodeCarbonEstimator: Sendable, Hashable {
    /// CodeCarbon's TDP for a CPU missing from its table, per logical CPU (`DEFAULT_POWER_PER_CORE`).
    public static let defaultWattsPerLogicalCPU = 4.0
    /// CodeCarbon's TDP when the model is unknown and psutil is absent (`POWER_CONSTANT`).
    public static let unknownTDP = 85.0
    /// The fraction of max power constant mode assumes (`CONSUMPTION_PERCENTAGE_CONSTANT`).
    public static let constantLoad = 0.5

    /// Which estimate this is.
    public let mode: CodeCarbonMode
    /// The CPU model name CodeCarbon reports (`Unknown` when the machine gives none).
    public let cpuModel: String
    /// The table row the model matched, if any.
    public let match: CPUPowerTable.Match?
    /// The power the CPU estimate scales, in watts (see the type's discussion).
    public let maxPower: Double
    /// Logical CPUs of the machine (CodeCarbon's `cpu_count`).
    public let logicalCPUs: Int
    /// Whether the RAM model uses ARM's figures.
    public let isARM: Bool

    /// The estimator CodeCarbon would set up on `machine` in `mode`.
    ///
    /// - Parameter cpuWatts: CodeCarbon's `force_cpu_power`: replaces max power when given.
    /// - Throws: ``EnergyError/Code/invalidWatts`` when `cpuWatts` is negative, zero or not finite.
    public init(machine: MachineInfo, mode: CodeCarbonMode, cpuWatts: Double? = nil) throws(EnergyError) {
        if let cpuWatts { try CPUPowerModel.validate(cpuWatts: cpuWatts) }
        self.mode = mode
        self.logicalCPUs = machine.logicalCPUs
        self.isARM = machine.isARM
        let model = machine.cpuModel
        self.cpuModel = model.isEmpty ? "Unknown" : model
        self.match = model.isEmpty ? nil : CPUPowerTable.match(model)
        if let cpuWatts {
            maxPower = cpuWatts
        } else if model.isEmpty {
            maxPower = Self.unknownTDP
        } else if let watts = match?.watts {
            maxPower = watts * Double(machine.sockets)
        } else if mode == .process {
            maxPower = Self.defaultWattsPerLogicalCPU * Double(machine.logicalCPUs) * Double(machine.sockets)
        } else {
            maxPower = Self.unknownTDP
        }
    }

    /// CPU power in watts for a process that used `cpuSeconds` over `wallSeconds`.
    public func cpuPower(cpuSeconds: Double, wallSeconds: Double) -> Double {
        switch mode {
        case .constant:
            return maxPower * Self.constantLoad
        case .process:
            guard wallSeconds > 0 else { return 0 }
            // CodeCarbon's order of operations: a load in percent, normalised by the CPU count.
            let load = cpuSeconds / wallSeconds * 100
            return maxPower * (load / Double(logicalCPUs)) / 100
        }
    }

    /// RAM power in watts for `memoryGiB` of memory (resident in process mode, total in constant mode).
    public func ramPower(memoryGiB: Double) -> Double {
        Self.ramPower(memoryGiB: memoryGiB, isARM: isARM)
    }

    /// The reading for an interval: CPU and RAM power × wall time, method ``EnergyMethod/codecarbon``.
    ///
    /// - Parameter memoryGiB: The process's resident memory (process mode) or the machine's total
    ///   memory (constant mode), in GiB.
    public func reading(cpuSeconds: Double, wallSeconds: Double, memoryGiB: Double) -> EnergyReading {
        EnergyReading(
            method: .codecarbon, cpuJoules: cpuPower(cpuSeconds: cpuSeconds, wallSeconds: wallSeconds) * wallSeconds,
            ramJoules: ramPower(memoryGiB: memoryGiB) * wallSeconds, wallSeconds: wallSeconds,
            cpuSeconds: cpuSeconds, residentGiB: memoryGiB)
    }

    /// CodeCarbon's estimate of the number of DIMMs holding `memoryGiB` (`RAM._estimate_dimm_count`).
    ///
    /// 1 up to 2 GiB; 2 up to 16 GiB; 4 up to 64 GiB; 8 up to 128 GiB; beyond, the memory divided
    /// by the largest of 128, 64, 32, 16, 8 or 4 GiB that is at most an eighth of it, rounded up
    /// and capped at 32 (8 when none fits).
    public static func dimmCount(memoryGiB: Double) -> Int {
        if memoryGiB <= 2 { return 1 }
        if memoryGiB <= 16 { return 2 }
        if memoryGiB <= 64 { return 4 }
        if memoryGiB <= 128 { return 8 }
        for size in [128.0, 64, 32, 16, 8, 4] where size <= memoryGiB / 8 {
            return min(Int((memoryGiB / size).rounded(.up)), 32)
        }
        return 8
    }

    /// CodeCarbon's RAM power for `memoryGiB` in watts (`RAM._calculate_ram_power`).
    ///
    /// Per DIMM 5 W on x86, 1.5 W on ARM: full power for the first 4 DIMMs, 90 % for DIMMs 5–8,
    /// 80 % for 9–16, 70 % beyond; at least 10 W on x86 (two DIMMs), 3 W on ARM.
    public static func ramPower(memoryGiB: Double, isARM: Bool = false) -> Double {
        let dimms = Double(dimmCount(memoryGiB: memoryGiB))
        let perDIMM = isARM ? 1.5 : 5.0
        let minimum = isARM ? 3.0 : perDIMM * 2
        let total: Double
        if dimms <= 4 {
            total = perDIMM * dimms
        } else if dimms <= 8 {
            total = perDIMM * 4 + perDIMM * 0.9 * (dimms - 4)
        } else if dimms <= 16 {
            total = perDIMM * 4 + perDIMM * 0.9 * 4 + perDIMM * 0.8 * (dimms - 8)
        } else {
            total = perDIMM * 4 + perDIMM * 0.9 * 4 + perDIMM * 0.8 * 8 + perDIMM * 0.7 * (dimms - 16)
        }
        return max(minimum, total)
    }
}

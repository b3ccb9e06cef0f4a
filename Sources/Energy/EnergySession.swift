/// One task's measurement, from ``EnergyMeter/start()`` to ``stop()``.
///
/// A value: copy it, keep it in a task record. ``stop()`` may be called more than once; each
/// call returns the reading from the start until then. With RAPL, call ``update()`` now and then
/// in long tasks (every few minutes, for instance once per epoch): a counter's wrap-around can be
/// seen only once between two reads.
public struct EnergySession: Sendable {
    /// What the session reads at its end, per method.
    enum Counters: Sendable {
        case rapl(RAPLCounters, last: RAPLCounters.Snapshot)
        case cpuModel(CPUPowerModel)
        case codecarbon(CodeCarbonEstimator, totalMemoryGiB: Double)
    }

    /// The process sample at the start.
    public let startSample: ProcessSample
    private var counters: Counters
    private var raplJoules: (cpu: Double, ram: Double) = (0, 0)
    /// The starting thread's CPU seconds at the start, when readings are that thread's share
    /// (``EnergyMeter/attributesToStartingThread``).
    private let threadStartCPUSeconds: Double?

    init(start: ProcessSample, counters: Counters, threadStartCPUSeconds: Double? = nil) {
        self.startSample = start
        self.counters = counters
        self.threadStartCPUSeconds = threadStartCPUSeconds
    }

    /// The method this session's reading will carry.
    public var method: EnergyMethod {
        switch counters {
        case .rapl: .rapl
        case .cpuModel: .cpuModel
        case .codecarbon: .codecarbon
        }
    }

    /// Reads the RAPL counters and adds their increase since the last read (nothing for estimates).
    ///
    /// - Throws: ``EnergyError/Code/raplUnreadable`` when a counter can no longer be read.
    public mutating func update() throws(EnergyError) {
        guard case .rapl(let rapl, let last) = counters else { return }
        let now = try rapl.read()
        let energy = rapl.energy(from: last, to: now)
        raplJoules.cpu += energy.cpuJoules
        raplJoules.ram += energy.ramJoules
        counters = .rapl(rapl, last: now)
    }

    /// The reading from the start until now.
    ///
    /// - Throws: ``EnergyError/Code/raplUnreadable`` when a RAPL counter can no longer be read.
    public func stop() throws(EnergyError) -> EnergyReading {
        try reading(until: ProcessSample.now())
    }

    /// The reading from the start until `end` (a sample taken by the caller, or a replayed one).
    ///
    /// RAPL counters (and, when the meter attributes to the starting thread, that thread's CPU time) are read now,
    /// whatever `end` says.
    public func reading(until end: ProcessSample) throws(EnergyError) -> EnergyReading {
        let process = try processReading(until: end)
        guard let threadStartCPUSeconds else { return process }
        let thread = ProcessSample.currentThreadCPUSeconds() - threadStartCPUSeconds
        guard thread > 0, process.cpuSeconds > thread else { return process }
        let shares = try EnergyAttribution.share(
            process, byCPUSeconds: ["thread": thread, "others": process.cpuSeconds - thread])
        return shares["thread"] ?? process
    }

    /// The whole process's (or node's) reading from the start until `end`.
    private func processReading(until end: ProcessSample) throws(EnergyError) -> EnergyReading {
        let wall = max(0, end.wallSeconds - startSample.wallSeconds)
        let cpu = max(0, end.cpuSeconds - startSample.cpuSeconds)
        switch counters {
        case .rapl(let rapl, let last):
            let energy = rapl.energy(from: last, to: try rapl.read())
            return EnergyReading(
                method: .rapl, cpuJoules: raplJoules.cpu + energy.cpuJoules,
                ramJoules: raplJoules.ram + energy.ramJoules,
                wallSeconds: wall, cpuSeconds: cpu, residentGiB: end.residentGiB)
        case .cpuModel(let model):
            let resident = (startSample.residentGiB + end.residentGiB) / 2
            return model.reading(cpuSeconds: cpu, wallSeconds: wall, residentGiB: resident)
        case .codecarbon(let estimator, let totalMemoryGiB):
            let memory = estimator.mode == .process ? end.residentGiB : totalMemoryGiB
            return estimator.reading(cpuSeconds: cpu, wallSeconds: wall, memoryGiB: memory)
        }
    }
}

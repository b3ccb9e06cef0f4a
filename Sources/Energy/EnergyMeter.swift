/// Measures the energy of tasks on this machine with one method, chosen once.
///
/// Build one per process (or per node) from ``EnergyOptions``; it settles the method (``method``)
/// and, for `auto`, records why RAPL was not used (``fallbackReason``). Then each task calls
/// ``start()`` and, at its end, ``EnergySession/stop()``:
///
/// ```swift
/// let meter = try EnergyMeter(options: EnergyOptions(method: .auto))
/// let session = try meter.start()
/// try trainOneEpoch()
/// let reading = try session.stop()   // reading.joules, reading.method == meter.method
/// ```
///
/// With RAPL a reading is the whole node's energy over the interval; the estimating methods give
/// the whole process's, since they rest on its CPU time. Either way, when several tasks run at
/// once on a node (or in one process), measure the interval once and share it with
/// ``EnergyAttribution/share(_:byCPUSeconds:)`` by each task's CPU seconds.
public struct EnergyMeter: Sendable {
    /// The options the meter was built from.
    public let options: EnergyOptions
    /// Why `auto` did not use RAPL (the ``EnergyError`` message); `nil` otherwise.
    public let fallbackReason: String?
    /// The machine as read from ``EnergyOptions/procRoot``.
    public let machine: MachineInfo

    /// Whether a session's readings are the share of the thread that started it (its CPU seconds over the
    /// process's, ``EnergyAttribution``) instead of the whole process's: for several single-threaded workers in one
    /// process, where each task runs on a thread of its own. Sessions must then be read on that thread.
    public var attributesToStartingThread = false

    private let engine: Engine

    /// The state behind each method.
    private enum Engine: Sendable {
        case rapl(RAPLCounters)
        case cpuModel(CPUPowerModel)
        case codecarbon(CodeCarbonEstimator)
    }

    /// A meter for this machine with `options`.
    ///
    /// - Throws: ``EnergyError/Code/invalidWatts`` for a negative, zero or non-finite
    ///   ``EnergyOptions/cpuWatts``; with method `rapl`, the ``EnergyError`` saying why the counters
    ///   cannot be read (`auto` falls back to the CPU model instead).
    public init(options: EnergyOptions = EnergyOptions()) throws(EnergyError) {
        if let watts = options.cpuWatts { try CPUPowerModel.validate(cpuWatts: watts) }
        self.options = options
        let machine = MachineInfo.read(procRoot: options.procRoot)
        self.machine = machine
        var fallbackReason: String?
        switch options.method {
        case .rapl:
            engine = .rapl(try RAPLCounters(root: options.sysfsRoot))
        case .auto:
            do {
                engine = .rapl(try RAPLCounters(root: options.sysfsRoot))
            } catch {
                fallbackReason = error.message
                engine = .cpuModel(try CPUPowerModel(machine: machine, cpuWatts: options.cpuWatts))
            }
        case .cpuModel:
            engine = .cpuModel(try CPUPowerModel(machine: machine, cpuWatts: options.cpuWatts))
        case .codecarbon:
            engine = .codecarbon(
                try CodeCarbonEstimator(machine: machine, mode: options.codecarbonMode, cpuWatts: options.cpuWatts))
        }
        self.fallbackReason = fallbackReason
    }

    /// The method every reading of this meter carries.
    public var method: EnergyMethod {
        switch engine {
        case .rapl: .rapl
        case .cpuModel: .cpuModel
        case .codecarbon: .codecarbon
        }
    }

    /// The RAPL zones read, when the method is ``EnergyMethod/rapl``.
    public var raplZones: [RAPLZone] {
        if case .rapl(let counters) = engine { return counters.zones }
        return []
    }

    /// The CPU model's power per logical CPU and its source, when the method is ``EnergyMethod/cpuModel``.
    public var cpuPowerModel: CPUPowerModel? {
        if case .cpuModel(let model) = engine { return model }
        return nil
    }

    /// CodeCarbon's estimator, when the method is ``EnergyMethod/codecarbon``.
    public var codecarbonEstimator: CodeCarbonEstimator? {
        if case .codecarbon(let estimator) = engine { return estimator }
        return nil
    }

    /// One sentence for logs: the method and what its numbers rest on.
    public var summary: String {
        switch engine {
        case .rapl(let counters):
            let zones = counters.zones.map(\.id).joined(separator: ", ")
            return "energy method rapl: whole-node counters \(zones) under \(counters.root)"
        case .codecarbon(let estimator):
            return "energy method codecarbon (\(estimator.mode) mode): \(estimator.cpuModel), max power "
                + "\(estimator.maxPower) W over \(estimator.logicalCPUs) logical CPUs"
        case .cpuModel(let model):
            let reason = fallbackReason.map { " (RAPL not used: \($0))" } ?? ""
            return "energy method cpu-model: \(model.wattsPerLogicalCPU) W per logical CPU from \(model.source), "
                + "\(CPUPowerModel.ramWattsPerGiB) W per GiB resident\(reason)"
        }
    }

    /// Starts measuring a task now.
    ///
    /// - Throws: ``EnergyError/Code/raplUnreadable`` when the RAPL counters can no longer be read.
    public func start() throws(EnergyError) -> EnergySession {
        let counters: EnergySession.Counters
        switch engine {
        case .rapl(let rapl): counters = .rapl(rapl, last: try rapl.read())
        case .cpuModel(let model): counters = .cpuModel(model)
        case .codecarbon(let estimator): counters = .codecarbon(estimator, totalMemoryGiB: machine.totalMemoryGiB)
        }
        return EnergySession(
            start: ProcessSample.now(), counters: counters,
            threadStartCPUSeconds: attributesToStartingThread ? ProcessSample.currentThreadCPUSeconds() : nil)
    }
}

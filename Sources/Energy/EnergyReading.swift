/// The energy one task used over an interval, its times, and the method that produced it.
///
/// CPU and RAM joules are kept apart (as in CodeCarbon's columns); ``joules`` is their sum. The
/// figures are IT energy: a data centre's PUE is applied when energy becomes carbon
/// (``CarbonAccounting``). Readings add up (``+``), so a run's reading is the sum of its epochs'.
public struct EnergyReading: Codable, Sendable, Hashable {
    /// How the joules were obtained.
    public var method: EnergyMethod
    /// Energy of the CPU package(s) attributed to the task, in joules.
    public var cpuJoules: Double
    /// Energy of the memory attributed to the task, in joules (RAPL `dram` zones or a RAM model).
    public var ramJoules: Double
    /// Wall-clock seconds of the interval (monotonic clock).
    public var wallSeconds: Double
    /// CPU seconds the process (or the task, after attribution) used: user + system time of all threads.
    public var cpuSeconds: Double
    /// The resident memory the RAM figure is based on, in GiB (the largest of the summed readings).
    public var residentGiB: Double

    /// A reading of `cpuJoules` + `ramJoules` over `wallSeconds`, made by `method`.
    public init(
        method: EnergyMethod, cpuJoules: Double, ramJoules: Double, wallSeconds: Double, cpuSeconds: Double,
        residentGiB: Double = 0
    ) {
        self.method = method
        self.cpuJoules = cpuJoules
        self.ramJoules = ramJoules
        self.wallSeconds = wallSeconds
        self.cpuSeconds = cpuSeconds
        self.residentGiB = residentGiB
    }

    /// No energy and no time, made by `method`: the start of a sum.
    public static func zero(_ method: EnergyMethod) -> EnergyReading {
        EnergyReading(method: method, cpuJoules: 0, ramJoules: 0, wallSeconds: 0, cpuSeconds: 0)
    }

    /// CPU plus RAM energy, in joules.
    public var joules: Double { cpuJoules + ramJoules }

    /// ``joules`` in kilowatt-hours (1 kWh = 3.6 MJ).
    public var kilowattHours: Double { joules / 3_600_000 }

    /// CPU energy in kilowatt-hours.
    public var cpuKilowattHours: Double { cpuJoules / 3_600_000 }

    /// RAM energy in kilowatt-hours.
    public var ramKilowattHours: Double { ramJoules / 3_600_000 }

    /// Average CPU power over the interval in watts; 0 for an interval of no time.
    public var cpuPower: Double { wallSeconds > 0 ? cpuJoules / wallSeconds : 0 }

    /// Average RAM power over the interval in watts; 0 for an interval of no time.
    public var ramPower: Double { wallSeconds > 0 ? ramJoules / wallSeconds : 0 }

    /// Average total power over the interval in watts; 0 for an interval of no time.
    public var power: Double { wallSeconds > 0 ? joules / wallSeconds : 0 }

    /// The reading of two consecutive intervals: joules and times added, the larger resident memory.
    ///
    /// The sum keeps the method when both agree and is ``EnergyMethod/mixed`` otherwise.
    public static func + (lhs: EnergyReading, rhs: EnergyReading) -> EnergyReading {
        EnergyReading(
            method: lhs.method == rhs.method ? lhs.method : .mixed,
            cpuJoules: lhs.cpuJoules + rhs.cpuJoules, ramJoules: lhs.ramJoules + rhs.ramJoules,
            wallSeconds: lhs.wallSeconds + rhs.wallSeconds, cpuSeconds: lhs.cpuSeconds + rhs.cpuSeconds,
            residentGiB: max(lhs.residentGiB, rhs.residentGiB))
    }

    /// Adds `rhs` to `lhs` (see ``+(_:_:)``).
    public static func += (lhs: inout EnergyReading, rhs: EnergyReading) {
        lhs = lhs + rhs
    }

    /// The sum of `readings` (see ``+(_:_:)``); `nil` when there are none.
    public static func total(_ readings: some Sequence<EnergyReading>) -> EnergyReading? {
        var iterator = readings.makeIterator()
        guard var sum = iterator.next() else { return nil }
        while let reading = iterator.next() { sum += reading }
        return sum
    }
}

extension EnergyReading: CustomStringConvertible {
    /// `12.3 J (0.0000034 kWh) in 4.5 s, 8.1 CPU s [rapl]`: the figure with its method.
    public var description: String {
        "\(joules) J (\(kilowattHours) kWh) in \(wallSeconds) s, \(cpuSeconds) CPU s [\(method.rawValue)]"
    }
}

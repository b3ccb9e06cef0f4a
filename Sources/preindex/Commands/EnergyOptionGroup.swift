import ArgumentParser
import Energy
import Foundation
import Retraining

/// How energy is measured and turned into emissions: shared by every command that trains.
struct EnergyOptionGroup: ParsableArguments {
    @Option(help: "Energy method: auto (RAPL when readable, else the CPU model), rapl, cpu-model or codecarbon.")
    var energyMethod: EnergyMethodChoice = .auto

    @Option(help: "The CPU's power with every logical CPU busy, in W (overrides the TDP table).")
    var cpuWatts: Double?

    @Option(help: "Grid region: an ISO 3166 alpha-3 country (FRA) or a cloud region (us-central1); default world average.")
    var region: String?

    @Option(help: "Grid carbon intensity in g CO2eq/kWh (instead of --region).")
    var gridIntensity: Double?

    @Option(help: "Data-centre power usage effectiveness (1 counts the machine alone).")
    var pue: Double = 1

    func validate() throws {
        if region != nil && gridIntensity != nil { throw ValidationError("give --region or --grid-intensity, not both") }
        if let cpuWatts, !(cpuWatts > 0) { throw ValidationError("--cpu-watts must be positive, got \(cpuWatts)") }
    }

    /// The grid intensity and PUE the options name.
    func accounting() throws -> CarbonAccounting {
        let intensity = try gridIntensity.map { g throws(EnergyError) in try GridIntensity.custom(gramsPerKWh: g) }
            ?? region.map { code throws(EnergyError) in try GridIntensity.lookup(code) } ?? .worldAverage
        return try CarbonAccounting(intensity: intensity, pue: pue)
    }

    /// The meter the options ask for.
    func meter() throws -> EnergyMeter {
        try EnergyMeter(options: EnergyOptions(method: energyMethod, cpuWatts: cpuWatts))
    }

    /// A retrainer measuring with these options.
    func makeRetrainer(options: RetrainOptions) throws -> Retrainer {
        Retrainer(options: options, meter: try meter(), accounting: try accounting())
    }

    /// Appends a CodeCarbon-style row for `record` to `path`.
    func appendEmissions(_ record: RetrainRecord, task: String, to path: String) throws {
        let meter = try meter()
        let row = EmissionsRecord(
            timestamp: Date().timeIntervalSince1970, projectName: "preindex", runID: UUID().uuidString,
            reading: record.energy, carbon: record.accounting, machine: meter.machine,
            node: ProcessInfo.processInfo.hostName, task: task)
        try EmissionsCSV.append([row], to: path)
    }
}

extension EnergyMethodChoice: ExpressibleByArgument {}

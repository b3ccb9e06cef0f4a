import Energy
import Foundation
import TestSupport
import Testing

/// `Tests/Fixtures/energy/codecarbon_goldens.json`, written by `make_codecarbon_goldens.py` from
/// CodeCarbon 3.3.2's own code.
private struct Goldens: Decodable {
    struct CPUMatch: Decodable {
        let model: String
        let match: String?
        let tdp: Double?
    }
    struct Estimate: Decodable {
        let model: String
        let sockets: Int
        let logical_cpus: Int
        let cpu_seconds: Double
        let wall_seconds: Double
        let memory_gib: Double
        let mode: String
        let cpu_watts: Double?
        let max_power: Double
        let cpu_model: String
        let cpu_power_w: Double
        let cpu_energy_kwh: Double
        let ram_power_w: Double
        let ram_energy_kwh: Double
    }
    struct RAMPower: Decodable {
        let gib: Double
        let arm: Bool
        let watts: Double
        let dimms: Int
    }
    struct Carbon: Decodable {
        let code: String
        let kwh: Double
        let pue: Double
        let kg: Double
    }

    let codecarbon_version: String
    let emissions_columns: [String]
    let cpu_matches: [CPUMatch]
    let estimates: [Estimate]
    let ram_power: [RAMPower]
    let carbon: [Carbon]

    /// The goldens file, decoded.
    static func load() throws -> Goldens {
        let path = fixturePath("energy/codecarbon_goldens.json")
        let data = try #require(
            FileManager.default.contents(atPath: path), "run Tests/Fixtures/energy/make_codecarbon_goldens.py")
        return try JSONDecoder().decode(Goldens.self, from: data)
    }
}

/// Whether `actual` equals `expected` to 12 significant digits (the two sides round differently).
private func close(_ actual: Double, _ expected: Double) -> Bool {
    abs(actual - expected) <= 1e-12 * max(abs(actual), abs(expected))
}

struct CodeCarbonGoldenTests {
    @Test func goldensComeFromCodeCarbon3() throws {
        let goldens = try Goldens.load()
        #expect(goldens.codecarbon_version.hasPrefix("3."))
        #expect(goldens.cpu_matches.count > 6000 && goldens.estimates.count >= 16)
    }

    @Test func everyCPUNameMatchesTheRowCodeCarbonMatches() throws {
        let goldens = try Goldens.load()
        var mismatches: [String] = []
        for golden in goldens.cpu_matches {
            let found = CPUPowerTable.match(golden.model)
            if found?.name != golden.match || found?.watts != golden.tdp {
                mismatches.append(
                    "'\(golden.model)': \(String(describing: found)) against \(String(describing: golden.match))")
            }
        }
        #expect(mismatches.isEmpty, "\(mismatches.count) mismatches, first: \(mismatches.prefix(5))")
    }

    @Test func cpuAndRAMEstimatesEqualCodeCarbons() throws {
        let goldens = try Goldens.load()
        for golden in goldens.estimates {
            let machine = MachineInfo(
                cpuModel: golden.model, logicalCPUs: golden.logical_cpus, sockets: golden.sockets,
                totalMemoryBytes: golden.memory_gib * 1_073_741_824)
            let mode = try #require(CodeCarbonMode(rawValue: golden.mode))
            let estimator = try CodeCarbonEstimator(machine: machine, mode: mode, cpuWatts: golden.cpu_watts)
            let reading = estimator.reading(
                cpuSeconds: golden.cpu_seconds, wallSeconds: golden.wall_seconds, memoryGiB: golden.memory_gib)
            let label = "\(golden.model) \(golden.mode)"
            #expect(estimator.maxPower == golden.max_power, "\(label)")
            #expect(estimator.cpuModel == golden.cpu_model, "\(label)")
            #expect(reading.method == .codecarbon)
            #expect(close(reading.cpuPower, golden.cpu_power_w), "\(label): \(reading.cpuPower) W")
            #expect(close(reading.cpuKilowattHours, golden.cpu_energy_kwh), "\(label): \(reading.cpuKilowattHours) kWh")
            #expect(close(reading.ramPower, golden.ram_power_w), "\(label): \(reading.ramPower) W")
            #expect(close(reading.ramKilowattHours, golden.ram_energy_kwh), "\(label): \(reading.ramKilowattHours) kWh")
        }
    }

    @Test func ramPowerEqualsCodeCarbonsForEveryMemorySize() throws {
        let goldens = try Goldens.load()
        for golden in goldens.ram_power {
            #expect(CodeCarbonEstimator.dimmCount(memoryGiB: golden.gib) == golden.dimms, "\(golden.gib) GiB")
            #expect(
                CodeCarbonEstimator.ramPower(memoryGiB: golden.gib, isARM: golden.arm) == golden.watts,
                "\(golden.gib) GiB, ARM \(golden.arm)")
        }
    }

    @Test func carbonEqualsCodeCarbonsForCountriesAndCloudRegions() throws {
        let goldens = try Goldens.load()
        for golden in goldens.carbon {
            let intensity: GridIntensity
            if golden.code == "XYZ" {
                // CodeCarbon falls back to the world average; we refuse the code and default to it.
                #expect(throws: EnergyError.self) { try GridIntensity.lookup(golden.code) }
                intensity = .worldAverage
            } else {
                intensity = try GridIntensity.lookup(golden.code)
            }
            let kg = try CarbonAccounting(intensity: intensity, pue: golden.pue).kilogramsCO2(kilowattHours: golden.kwh)
            #expect(close(kg, golden.kg), "\(golden.code): \(kg) kg")
        }
    }

    @Test func emissionsColumnsAreCodeCarbonsInItsOrder() throws {
        let goldens = try Goldens.load()
        #expect(EmissionsCSV.codecarbonColumns == goldens.emissions_columns)
        #expect(EmissionsCSV.columns.suffix(3) == ["node", "task", "method"])
    }

    @Test func aCodeCarbonMeterCarriesItsMethodAndMode() throws {
        let proc = try EnergyTestFixtures.proc(
            model: "AMD EPYC 7763 64-Core Processor", sockets: 1, threadsPerSocket: 128)
        defer { EnergyTestFixtures.remove(proc) }
        let meter = try EnergyMeter(
            options: EnergyOptions(method: .codecarbon, procRoot: proc, codecarbonMode: .constant))
        #expect(meter.method == .codecarbon)
        #expect(meter.codecarbonEstimator?.maxPower == 280)
        let reading = try meter.start().stop()
        #expect(reading.method == .codecarbon)
        #expect(close(reading.cpuPower, 140) || reading.wallSeconds == 0)
        #expect(reading.residentGiB == 16)
    }
}

import Energy
import Testing

struct CPUPowerModelTests {
    private func machine(_ model: String, sockets: Int = 2, logical: Int = 80, virtual: Bool = false) -> MachineInfo {
        MachineInfo(
            cpuModel: model, logicalCPUs: logical, sockets: sockets, isVirtual: virtual,
            totalMemoryBytes: 192 * 1_073_741_824)
    }

    @Test func aKnownCPUOnBareMetalSharesItsTDPOverItsLogicalCPUs() throws {
        // Xeon Gold 6148: 150 W per package; 2 packages of 40 threads.
        let model = try CPUPowerModel(machine: machine("Intel(R) Xeon(R) Gold 6148 CPU @ 2.40GHz"))
        #expect(model.wattsPerLogicalCPU == 3.75)
        #expect(model.source == .table(name: "Intel Xeon Gold 6148", tdp: 150, sockets: 2))
    }

    @Test func aVirtualMachineOrAnUnknownCPUUsesTheDefaultPerLogicalCPU() throws {
        let virtual = try CPUPowerModel(machine: machine("Intel(R) Xeon(R) Gold 6148 CPU @ 2.40GHz", virtual: true))
        #expect(virtual.wattsPerLogicalCPU == 4)
        #expect(virtual.source.description.contains("virtual machine"))
        let unknown = try CPUPowerModel(machine: machine("AMD EPYC"))
        #expect(unknown.wattsPerLogicalCPU == CPUPowerModel.defaultWattsPerLogicalCPU)
        #expect(unknown.source == .defaultPower(reason: "'AMD EPYC' is not in the TDP table"))
        #expect(try CPUPowerModel(machine: machine("")).wattsPerLogicalCPU == 4)
    }

    @Test func cpuWattsIsTheWholeMachinesPowerAtFullLoad() throws {
        let model = try CPUPowerModel(machine: machine("AMD EPYC", logical: 8), cpuWatts: 30)
        #expect(model.wattsPerLogicalCPU == 3.75)
        #expect(model.source == .userWatts(30))
    }

    @Test(arguments: [-1.0, 0, .nan, .infinity])
    func cpuWattsMustBeAPositivePower(watts: Double) throws {
        let error = try #require(throws: EnergyError.self) {
            try CPUPowerModel(machine: machine("AMD EPYC"), cpuWatts: watts)
        }
        #expect(error.code == .invalidWatts)
        #expect(error.message.hasPrefix("CPU power \(watts) W is not a power"))
        #expect(throws: EnergyError.self) { try EnergyMeter(options: EnergyOptions(cpuWatts: watts)) }
    }

    @Test func cpuEnergyIsCPUSecondsTimesWattsAndRAMIsResidentMemoryTimesWallTime() {
        let model = CPUPowerModel(wattsPerLogicalCPU: 3.75, source: .userWatts(300))
        let reading = model.reading(cpuSeconds: 120, wallSeconds: 60, residentGiB: 4)
        #expect(reading.method == .cpuModel)
        #expect(reading.cpuJoules == 450)
        #expect(reading.ramJoules == 4 * 0.375 * 60)
        #expect(reading.cpuSeconds == 120 && reading.wallSeconds == 60 && reading.residentGiB == 4)
        #expect(abs(reading.kilowattHours - 540 / 3_600_000) < 1e-18)
    }

    @Test func aCPUModelMeterChargesTheProcesssCPUTime() throws {
        let proc = try EnergyTestFixtures.proc(
            model: "Intel(R) Xeon(R) Gold 6148 CPU @ 2.40GHz", sockets: 2, threadsPerSocket: 40)
        defer { EnergyTestFixtures.remove(proc) }
        let meter = try EnergyMeter(options: EnergyOptions(method: .cpuModel, procRoot: proc))
        #expect(meter.method == .cpuModel)
        #expect(meter.cpuPowerModel?.wattsPerLogicalCPU == 3.75)
        let session = try meter.start()
        var sum = 0.0
        for index in 0..<2_000_000 { sum += Double(index).squareRoot() }
        let reading = try session.stop()
        #expect(sum > 0)
        #expect(reading.method == .cpuModel)
        #expect(reading.cpuSeconds > 0)
        #expect(reading.cpuJoules == reading.cpuSeconds * 3.75)
        #expect(reading.ramJoules == reading.residentGiB * 0.375 * reading.wallSeconds)
    }
}

struct MachineInfoTests {
    @Test func readsModelSocketsLogicalCPUsAndMemoryFromProc() throws {
        let proc = try EnergyTestFixtures.proc(
            model: "AMD EPYC 7763 64-Core Processor", sockets: 2, threadsPerSocket: 3, virtual: true,
            memoryKiB: 24_684_092)
        defer { EnergyTestFixtures.remove(proc) }
        let machine = MachineInfo.read(procRoot: proc)
        #expect(machine.cpuModel == "AMD EPYC 7763 64-Core Processor")
        #expect(machine.logicalCPUs == 6 && machine.sockets == 2 && machine.logicalCPUsPerSocket == 3)
        #expect(machine.isVirtual)
        #expect(machine.totalMemoryBytes == 24_684_092 * 1024)
        #expect(!machine.operatingSystem.isEmpty)
    }

    @Test func missingFilesGiveAnUnknownModelAndTheSystemsCounts() {
        let machine = MachineInfo.read(procRoot: "/nonexistent/proc")
        #expect(machine.cpuModel == "")
        #expect(machine.logicalCPUs >= 1 && machine.sockets == 1)
        #expect(machine.totalMemoryBytes > 0)
    }
}

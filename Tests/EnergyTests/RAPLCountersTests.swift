import Energy
import Foundation
import TestSupport
import Testing

#if canImport(Glibc)
import Glibc
#endif

struct RAPLCountersTests {
    /// Package 1's counter in the fixture is 143.32885 J below its range of 262143.32885 J.
    private let packageOneWrappedTo: UInt64 = 56_671_150

    /// Moves every counter of a copied fixture on: 30 J, 2 J, 200 J (wrapping) and 5 J.
    private func advance(_ root: String) throws {
        try EnergyTestFixtures.setCounter(1_030_000_000, zone: "intel-rapl:0", in: root)
        try EnergyTestFixtures.setCounter(52_000_000, zone: "intel-rapl:0/intel-rapl:0:1", in: root)
        try EnergyTestFixtures.setCounter(packageOneWrappedTo, zone: "intel-rapl:1", in: root)
        try EnergyTestFixtures.setCounter(75_000_000, zone: "intel-rapl:1/intel-rapl:1:0", in: root)
    }

    @Test func findsEveryPackageAndItsDRAMButNotPsysMMIOOrCore() throws {
        let counters = try RAPLCounters(root: fixturePath("energy/powercap"))
        #expect(counters.zones.map(\.id) == ["intel-rapl:0", "intel-rapl:0:1", "intel-rapl:1", "intel-rapl:1:0"])
        #expect(counters.zones.map(\.kind) == [.package, .dram, .package, .dram])
        #expect(counters.zones.map(\.name) == ["package-0", "dram", "package-1", "dram"])
        #expect(counters.zones[1].maxEnergyRangeMicrojoules == 65_532_610_987)
        #expect(try counters.read().microjoules == [1_000_000_000, 50_000_000, 262_000_000_000, 70_000_000])
    }

    @Test func sumsPackagesAsCPUAndDRAMAsRAMAcrossAWrapAround() throws {
        let root = try EnergyTestFixtures.powercapCopy()
        defer { EnergyTestFixtures.remove(root) }
        let counters = try RAPLCounters(root: root)
        let before = try counters.read()
        try advance(root)
        let energy = counters.energy(from: before, to: try counters.read())
        #expect(abs(energy.cpuJoules - 230) < 1e-9)
        #expect(abs(energy.ramJoules - 7) < 1e-9)
    }

    @Test(arguments: [
        (UInt64(10), UInt64(25), UInt64(100), UInt64(15)),
        (90, 5, 100, 15),
        (100, 0, 100, 0),
        (0, 0, 100, 0),
        (262_000_000_000, 56_671_150, 262_143_328_850, 200_000_000),
        (150, 5, 100, 5),
    ])
    func deltaAddsTheRangeWhenTheCounterWentDown(start: UInt64, end: UInt64, range: UInt64, expected: UInt64) {
        #expect(RAPLCounters.delta(from: start, to: end, range: range) == expected)
    }

    @Test func aPackageWithoutDRAMOrWithoutACounterIsLeftOut() throws {
        let root = try EnergyTestFixtures.powercapCopy()
        defer { EnergyTestFixtures.remove(root) }
        try FileManager.default.removeItem(atPath: root + "/intel-rapl:1/intel-rapl:1:0")
        try FileManager.default.removeItem(atPath: root + "/intel-rapl:1:0")
        #expect(try RAPLCounters(root: root).zones.map(\.id) == ["intel-rapl:0", "intel-rapl:0:1", "intel-rapl:1"])
        try FileManager.default.removeItem(atPath: root + "/intel-rapl:0/energy_uj")
        #expect(try RAPLCounters(root: root).zones.map(\.id) == ["intel-rapl:1"])
    }

    @Test func aMissingRootOrNoPackageIsUnavailable() throws {
        let missing = "/nonexistent/powercap"
        let error = try #require(throws: EnergyError.self) { try RAPLCounters(root: missing) }
        #expect(error.code == .raplUnavailable)
        #expect(error.message.contains(missing))
        let empty = try EnergyTestFixtures.directory("empty-powercap")
        defer { EnergyTestFixtures.remove(empty) }
        #expect(
            throws: EnergyError(
                .raplUnavailable, "no RAPL counters: '\(empty)' has no readable intel-rapl:N package zone")
        ) {
            try RAPLCounters(root: empty)
        }
    }

    @Test func anUnreadableCounterIsReportedWithItsPath() throws {
        let root = try EnergyTestFixtures.powercapCopy()
        defer { EnergyTestFixtures.remove(root) }
        let counter = root + "/intel-rapl:1/energy_uj"
        try FileManager.default.removeItem(atPath: counter)
        try FileManager.default.createDirectory(atPath: counter, withIntermediateDirectories: false)
        let error = try #require(throws: EnergyError.self) { try RAPLCounters(root: root) }
        #expect(error.code == .raplUnreadable)
        #expect(error.message.contains(counter))
    }

    @Test func aCounterOnlyRootMayReadNamesTheFix() throws {
        // Root reads any file, so the permission case can only be seen by another user.
        guard geteuid() != 0 else { return }
        let root = try EnergyTestFixtures.powercapCopy()
        defer { EnergyTestFixtures.remove(root) }
        chmod(root + "/intel-rapl:0/energy_uj", 0)
        let error = try #require(throws: EnergyError.self) { try RAPLCounters(root: root) }
        #expect(error.code == .raplUnreadable)
        #expect(error.message.contains("permission denied") && error.message.contains("root"))
    }

    @Test func aCounterThatIsNotANumberIsUnreadable() throws {
        let root = try EnergyTestFixtures.powercapCopy()
        defer { EnergyTestFixtures.remove(root) }
        try EnergyTestFixtures.write("12x", to: "intel-rapl:0/intel-rapl:0:1/energy_uj", in: root)
        let error = try #require(throws: EnergyError.self) { try RAPLCounters(root: root) }
        #expect(error.code == .raplUnreadable)
        #expect(error.message.contains("'12x', not a whole number"))
    }

    @Test func aRAPLMeterReportsTheNodeEnergyWithItsMethod() throws {
        let root = try EnergyTestFixtures.powercapCopy()
        defer { EnergyTestFixtures.remove(root) }
        let meter = try EnergyMeter(options: EnergyOptions(method: .rapl, sysfsRoot: root))
        #expect(meter.method == .rapl && meter.fallbackReason == nil)
        #expect(meter.raplZones.count == 4)
        let session = try meter.start()
        try advance(root)
        let reading = try session.stop()
        #expect(reading.method == .rapl)
        #expect(abs(reading.cpuJoules - 230) < 1e-9 && abs(reading.ramJoules - 7) < 1e-9)
        #expect(reading.wallSeconds > 0 && reading.cpuSeconds >= 0)
    }

    @Test func updatingASessionSeesEveryWrapAround() throws {
        let root = try EnergyTestFixtures.powercapCopy()
        defer { EnergyTestFixtures.remove(root) }
        var session = try EnergyMeter(options: EnergyOptions(method: .auto, sysfsRoot: root)).start()
        try EnergyTestFixtures.setCounter(packageOneWrappedTo, zone: "intel-rapl:1", in: root)
        try session.update()
        // A second lap of package 1 past its range: 262143.32885 J − 56.67115 J more, then 100 J.
        try EnergyTestFixtures.setCounter(262_143_328_850, zone: "intel-rapl:1", in: root)
        try session.update()
        try EnergyTestFixtures.setCounter(100_000_000, zone: "intel-rapl:1", in: root)
        let reading = try session.stop()
        #expect(abs(reading.cpuJoules - (200 + 262_143.32885 - 56.67115 + 100)) < 1e-6)
    }

    @Test func aZoneThatVanishesDuringASessionFailsTheStop() throws {
        let root = try EnergyTestFixtures.powercapCopy()
        defer { EnergyTestFixtures.remove(root) }
        let session = try EnergyMeter(options: EnergyOptions(method: .rapl, sysfsRoot: root)).start()
        try FileManager.default.removeItem(atPath: root + "/intel-rapl:1/energy_uj")
        #expect(throws: EnergyError.self) { try session.stop() }
    }

    @Test func autoFallsBackToTheCPUModelAndSaysWhy() throws {
        let proc = try EnergyTestFixtures.proc(
            model: "Intel(R) Xeon(R) Gold 6148 CPU @ 2.40GHz", sockets: 1, threadsPerSocket: 4)
        defer { EnergyTestFixtures.remove(proc) }
        let meter = try EnergyMeter(options: EnergyOptions(sysfsRoot: "/nonexistent/powercap", procRoot: proc))
        #expect(meter.method == .cpuModel)
        #expect(try #require(meter.fallbackReason).contains("'/nonexistent/powercap' does not exist"))
        #expect(meter.summary.contains("RAPL not used"))
        #expect(throws: EnergyError.self) {
            try EnergyMeter(options: EnergyOptions(method: .rapl, sysfsRoot: "/nonexistent/powercap", procRoot: proc))
        }
    }
}

import Energy
import Foundation
import Testing

struct EnergyReadingTests {
    private let epoch = EnergyReading(
        method: .cpuModel, cpuJoules: 720, ramJoules: 36, wallSeconds: 10, cpuSeconds: 18, residentGiB: 1.5)

    @Test func unitsFollowFromJoulesAndWallTime() {
        #expect(epoch.joules == 756)
        #expect(epoch.kilowattHours == 756.0 / 3_600_000)
        #expect(epoch.cpuKilowattHours == 0.0002)
        #expect(epoch.cpuPower == 72)
        #expect(abs(epoch.ramPower - 3.6) < 1e-12)
        #expect(abs(epoch.power - 75.6) < 1e-12)
    }

    @Test func aReadingOfNoTimeHasNoPower() {
        let instant = EnergyReading.zero(.rapl)
        #expect(instant.cpuPower == 0 && instant.ramPower == 0 && instant.power == 0)
    }

    @Test func readingsOfOneMethodAddUp() throws {
        let second = EnergyReading(
            method: .cpuModel, cpuJoules: 80, ramJoules: 4, wallSeconds: 2, cpuSeconds: 2, residentGiB: 2)
        let run = epoch + second
        #expect(
            run
                == EnergyReading(
                    method: .cpuModel, cpuJoules: 800, ramJoules: 40, wallSeconds: 12, cpuSeconds: 20, residentGiB: 2))
        #expect(try #require(EnergyReading.total([epoch, second, .zero(.cpuModel)])) == run)
        #expect(EnergyReading.total([]) == nil)
    }

    @Test func readingsOfDifferentMethodsAddUpAsMixed() {
        var sum = epoch
        sum += EnergyReading.zero(.rapl)
        #expect(sum.method == .mixed)
        #expect(sum.joules == epoch.joules)
    }

    @Test func methodsEncodeAsTheirNames() throws {
        #expect(EnergyMethod.allCases.map(\.rawValue) == ["rapl", "cpu-model", "codecarbon", "mixed"])
        #expect(EnergyMethodChoice(rawValue: "cpu-model") == .cpuModel)
        let json = String(decoding: try JSONEncoder().encode(epoch), as: UTF8.self)
        #expect(json.contains("\"method\":\"cpu-model\""))
        #expect(try JSONDecoder().decode(EnergyReading.self, from: Data(json.utf8)) == epoch)
    }

    @Test func descriptionNamesTheMethod() {
        #expect(epoch.description.hasSuffix("[cpu-model]"))
    }
}

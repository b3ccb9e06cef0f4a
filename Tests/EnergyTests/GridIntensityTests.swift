import Energy
import Testing

struct GridIntensityTests {
    @Test(arguments: ["FRA", "fra", "Fra"])
    func countriesAreFoundByAlpha3CodeIgnoringCase(code: String) throws {
        let france = try GridIntensity.lookup(code)
        #expect(france.code == "FRA" && france.countryName == "France" && france.countryISOCode == "FRA")
        #expect(france.gramsPerKWh == 56.039)
        #expect(!france.isCloudRegion)
    }

    @Test func cloudRegionsCarryTheirProviderCountryAndLocation() throws {
        let iowa = try GridIntensity.lookup("US-CENTRAL1")
        #expect(iowa.cloudProvider == "gcp" && iowa.countryISOCode == "USA" && iowa.location == "Iowa")
        #expect(iowa.gramsPerKWh == 430)
        let paris = try GridIntensity.lookup("aws:eu-west-3")
        #expect(paris.cloudProvider == "aws" && paris.gramsPerKWh == 56.039)
        let netherlands = try GridIntensity.lookup("westeurope")
        #expect(netherlands.cloudProvider == "azure" && netherlands.countryISOCode == "NLD")
        #expect(try GridIntensity.lookup("world") == .worldAverage)
    }

    @Test func aRegionUnderAnotherProviderIsUnknown() {
        #expect(throws: EnergyError.self) { try GridIntensity.lookup("azure:us-central1") }
    }

    @Test func theTableCoversEveryCountryAndTheCommonCloudRegions() {
        let all = GridIntensity.all
        #expect(all.filter { !$0.isCloudRegion }.count > 200)
        for provider in ["gcp", "aws", "azure"] {
            #expect(all.filter { $0.cloudProvider == provider }.count >= 30, "\(provider)")
        }
        #expect(all.allSatisfy { $0.gramsPerKWh.isFinite && $0.gramsPerKWh >= 0 })
        #expect(Set(all.map { $0.code.lowercased() }).count == all.count)
    }

    @Test func anUnknownCodeSaysHowToFindValidOnes() throws {
        let error = try #require(throws: EnergyError.self) { try GridIntensity.lookup("FR") }
        #expect(error.code == .unknownRegion)
        #expect(error.message.hasPrefix("unknown region 'FR' (similar: FRA, FRO"))
        #expect(error.message.contains("ISO 3166 alpha-3") && error.message.contains("--grid-intensity"))
    }

    @Test(arguments: [-1.0, .nan, -.infinity])
    func aCustomIntensityMustBeANonNegativeNumber(grams: Double) throws {
        let error = try #require(throws: EnergyError.self) { try GridIntensity.custom(gramsPerKWh: grams) }
        #expect(error.code == .invalidIntensity)
        #expect(try GridIntensity.custom(gramsPerKWh: 0).gramsPerKWh == 0)
    }

    @Test func kilogramsAreKilowattHoursTimesIntensityTimesPUE() throws {
        let carbon = try CarbonAccounting(intensity: GridIntensity.custom(gramsPerKWh: 400), pue: 1.5)
        #expect(abs(carbon.kilogramsCO2(kilowattHours: 2) - 1.2) < 1e-15)
        let reading = EnergyReading(
            method: .rapl, cpuJoules: 3_600_000, ramJoules: 3_600_000, wallSeconds: 1, cpuSeconds: 1)
        #expect(carbon.kilogramsCO2(for: reading) == carbon.kilogramsCO2(kilowattHours: 2))
        #expect(try CarbonAccounting().kilogramsCO2(kilowattHours: 1) == 0.475)
    }

    @Test(arguments: [-1.0, 0, 0.99, .nan])
    func aPUEBelowOneIsRefused(pue: Double) throws {
        let error = try #require(throws: EnergyError.self) { try CarbonAccounting(pue: pue) }
        #expect(error.code == .invalidPUE)
        #expect(error.message.hasPrefix("PUE \(pue) is not valid"))
    }
}

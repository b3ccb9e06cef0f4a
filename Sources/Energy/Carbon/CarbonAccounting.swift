/// Turns energy into kilograms of CO2-equivalent at one place and data centre.
///
/// ```
/// kg CO2eq = kWh × intensity (g/kWh) / 1000 × PUE
/// ```
///
/// The PUE (power usage effectiveness: the facility's energy over the IT equipment's) scales the
/// measured IT energy to what the building drew; 1.0 (the default) counts the machine alone, as
/// CodeCarbon does by default. CodeCarbon 3 applies its `pue` to the energy and power it reports;
/// ``EmissionsCSV`` does the same in its columns, so `emissions = energy_consumed × intensity`.
public struct CarbonAccounting: Codable, Sendable, Hashable {
    /// The grid's carbon intensity.
    public let intensity: GridIntensity
    /// The data centre's power usage effectiveness, 1 or more.
    public let pue: Double

    /// Accounting at `intensity` with `pue`.
    ///
    /// - Throws: ``EnergyError/Code/invalidPUE`` when `pue` is below 1 or not finite.
    public init(intensity: GridIntensity = .worldAverage, pue: Double = 1) throws(EnergyError) {
        guard pue.isFinite, pue >= 1 else {
            throw EnergyError(
                .invalidPUE,
                "PUE \(pue) is not valid: a data centre's power usage effectiveness is 1 or more "
                    + "(1.0 counts the machine alone, 1.1–1.6 is typical)")
        }
        self.intensity = intensity
        self.pue = pue
    }

    /// Kilograms of CO2-equivalent for `kilowattHours` of IT energy.
    public func kilogramsCO2(kilowattHours: Double) -> Double {
        kilowattHours * intensity.gramsPerKWh / 1000 * pue
    }

    /// Kilograms of CO2-equivalent for `reading`'s energy.
    public func kilogramsCO2(for reading: EnergyReading) -> Double {
        kilogramsCO2(kilowattHours: reading.kilowattHours)
    }
}

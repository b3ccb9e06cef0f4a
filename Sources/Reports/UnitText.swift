import Fleet

/// Numbers with their units, as the HTML report shows them: `0.123 kWh`, `45.6 g CO2eq`, `12 epochs`.
enum UnitText {
    /// Energy in kWh.
    static func kilowattHours(_ value: Double) -> String { NumberText.short(value) + " kWh" }

    /// Emissions in g CO2eq below 1 kg, in kg CO2eq from there.
    static func co2(kilograms value: Double) -> String {
        abs(value) < 1 && value != 0 ? NumberText.short(value * 1000) + " g CO2eq" : NumberText.short(value) + " kg CO2eq"
    }

    /// Grid intensity in g CO2eq/kWh.
    static func intensity(_ gramsPerKWh: Double) -> String { NumberText.short(gramsPerKWh) + " g CO2eq/kWh" }

    /// A fraction as a percentage: `0.0909` → `9.09 %`.
    static func percent(_ fraction: Double) -> String { NumberText.short(fraction * 100) + " %" }

    /// Whole epochs.
    static func epochs(_ value: Int) -> String { value == 1 ? "1 epoch" : "\(value) epochs" }

    /// An estimate `value [low–high] unit`, written with `format` for each figure.
    static func estimate(_ estimate: CostEstimate, _ format: (Double) -> String) -> String {
        "\(format(estimate.value)) [\(format(estimate.low))–\(format(estimate.high))]"
    }

    /// An estimate of `cost` with its unit: kWh, kg CO2eq (or g) or epochs.
    static func estimate(_ value: CostEstimate, of cost: RankingCost) -> String {
        switch cost {
        case .kilowattHours: estimate(value, NumberText.short) + " kWh"
        case .epochs: estimate(value, NumberText.short) + " epochs"
        case .kilogramsCO2eq:
            abs(value.high) < 1 && value.high != 0
                ? estimate(value) { NumberText.short($0 * 1000) } + " g CO2eq"
                : estimate(value, NumberText.short) + " kg CO2eq"
        }
    }
}

import Datasets
import Energy
import Logging
import Networks
import Retraining
import Testing

private let data = BuiltinShapes(trainCount: 96, testCount: 48, seed: 21).generate()
private let model = try! Model(Architecture(.mlp, inputChannels: 3, inputHeight: 32, inputWidth: 32, classes: 10), seed: 22)

private func retrain(_ options: RetrainOptions, fromScratch: Bool = false) throws -> RetrainRecord {
    let meter = try EnergyMeter(options: EnergyOptions(method: .cpuModel, cpuWatts: 20))
    let accounting = try CarbonAccounting(intensity: try GridIntensity.custom(gramsPerKWh: 400), pue: 1.5)
    let retrainer = Retrainer(options: options, meter: meter, accounting: accounting)
    return try retrainer.run(
        model, shift: "identity", train: data.train, test: data.test!, fromScratch: fromScratch, logger: Logger(label: "test")
    ).record
}

@Test func runStopsAtTheEpochLimitWhenTheTargetIsOutOfReach() throws {
    let record = try retrain(try RetrainOptions(targetAccuracy: 1, maxEpochs: 3, augment: false))
    #expect(record.stop == .maxEpochs && record.epochs == 3 && record.history.count == 3)
}

@Test func runStopsAsSoonAsTheTargetIsReached() throws {
    // 5% is below chance on 10 classes: met before or after the first epoch.
    let record = try retrain(try RetrainOptions(targetAccuracy: 0.05, maxEpochs: 5))
    #expect(record.stop == .target && record.epochs <= 1)
}

@Test func eitherPlateauCutoffStopsTheRun() throws {
    // The first rule cannot fire within 5 epochs; the second fires once 2 epochs gain less than 100%.
    let options = try RetrainOptions(
        targetAccuracy: 1, cutoffs: [.init(accuracyGain: 0, epochs: 10), .init(accuracyGain: 1, epochs: 2)], maxEpochs: 5,
        augment: false)
    let record = try retrain(options)
    #expect(record.stop == .plateau && record.epochs == 3)
}

@Test func recordsCarryEnergyGradientsAndParameterChange() throws {
    let record = try retrain(try RetrainOptions(targetAccuracy: 1, maxEpochs: 2, augment: false))
    #expect(record.energy.method == .cpuModel)
    #expect(record.energy.joules > 0)
    #expect(abs(record.energy.joules - record.history.map(\.joules).reduce(0, +)) <= 1e-9 * record.energy.joules)
    #expect(abs(record.kilowattHours - record.energy.joules / 3.6e6) < 1e-15)
    #expect(abs(record.kilogramsCO2eq - record.kilowattHours * 400 / 1000 * 1.5) < 1e-15)
    let first = record.history[0], second = record.history[1]
    #expect(first.gradientNorm > 0)
    #expect(Set(first.changeFromStart.keys) == ["fc1", "fc2", "linear"])
    // After the first epoch the change from the start and from the previous epoch are the same thing.
    #expect(first.changeFromStart == first.changeFromPrevious)
    #expect(second.changeFromStart["fc1"]! > 0 && second.changeFromPrevious["fc1"]! > 0)
}

@Test func fromScratchStartsFromFreshWeights() throws {
    let reused = try retrain(try RetrainOptions(targetAccuracy: 1, maxEpochs: 1, augment: false))
    let scratch = try retrain(try RetrainOptions(targetAccuracy: 1, maxEpochs: 1, augment: false, seed: 5), fromScratch: true)
    #expect(scratch.fromScratch && !reused.fromScratch)
}

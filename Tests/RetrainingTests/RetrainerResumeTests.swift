import Datasets
import Energy
import Logging
import Networks
import Retraining
import Testing

private let data = BuiltinShapes(trainCount: 64, testCount: 32, seed: 31).generate()
private let model = try! Model(Architecture(.mlp, inputChannels: 3, inputHeight: 32, inputWidth: 32, classes: 10), seed: 32)

private func retrainer(maxEpochs: Int) throws -> Retrainer {
    Retrainer(
        options: try RetrainOptions(targetAccuracy: 1, maxEpochs: maxEpochs, batchSize: 16, augment: false),
        meter: try EnergyMeter(options: EnergyOptions(method: .cpuModel, cpuWatts: 20)),
        accounting: try CarbonAccounting(intensity: try GridIntensity.custom(gramsPerKWh: 400)))
}

@Test func afterEpochSeesEveryEpochsModelAndKnowsTheLast() throws {
    var seen: [(epoch: Int, isLast: Bool, parameters: [String: Double])] = []
    let (record, trained) = try retrainer(maxEpochs: 3).run(
        model, shift: "identity", train: data.train, test: data.test!, logger: Logger(label: "test"),
        afterEpoch: { epoch, model, isLast in
            seen.append((epoch.epoch, isLast, ParameterChange.perLayer(from: trained0, to: model.parameters)))
        })
    #expect(record.epochs == 3)
    #expect(seen.map(\.epoch) == [1, 2, 3] && seen.map(\.isLast) == [false, false, true])
    // The model handed over after the last epoch is the one returned.
    #expect(seen.last!.parameters == ParameterChange.perLayer(from: trained0, to: trained.parameters))
}

private let trained0 = model.parameters

@Test func aResumedRunTrainsOnlyTheEpochsLeftAndNumbersThemOn() throws {
    let (record, _) = try retrainer(maxEpochs: 3).run(
        model, shift: "identity", train: data.train, test: data.test!, epochsDone: 2, logger: Logger(label: "test"))
    #expect(record.epochs == 1 && record.history.map(\.epoch) == [3] && record.stop == .maxEpochs)
}

@Test func aResumedRunFromScratchKeepsTheGivenCheckpoint() throws {
    let (record, _) = try retrainer(maxEpochs: 2).run(
        model, shift: "identity", train: data.train, test: data.test!, fromScratch: true, epochsDone: 1,
        logger: Logger(label: "test"))
    var checkpoint = model
    let accuracy = try checkpoint.evaluate(try Batches(data.test!, batchSize: 256).labelled).accuracy
    #expect(record.fromScratch && record.startAccuracy == accuracy && record.epochs == 1)
}

@Test func aRunResumedPastItsEpochLimitTrainsNothing() throws {
    let (record, _) = try retrainer(maxEpochs: 2).run(
        model, shift: "identity", train: data.train, test: data.test!, epochsDone: 2, logger: Logger(label: "test"))
    #expect(record.epochs == 0 && record.history.isEmpty)
}

@Test func aNegativeEpochCountIsRefused() throws {
    #expect(throws: RetrainError.self) {
        try retrainer(maxEpochs: 2).run(
            model, shift: "identity", train: data.train, test: data.test!, epochsDone: -1, logger: Logger(label: "test"))
    }
}

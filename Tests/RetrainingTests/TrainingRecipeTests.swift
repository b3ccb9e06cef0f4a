import Datasets
import Logging
import Networks
import Retraining
import Testing

private let splits = BuiltinShapes(trainCount: 64, testCount: 32, seed: 8).generate()

@Test(arguments: [
    { try TrainingRecipe(epochs: 0) }, { try TrainingRecipe(batchSize: 0) }, { try TrainingRecipe(learningRate: 0) },
    { try TrainingRecipe(momentum: 1) }, { try TrainingRecipe(weightDecay: -1) },
] as [@Sendable () throws -> TrainingRecipe])
func recipeRejectsOptionsOutOfRange(make: @Sendable () throws -> TrainingRecipe) {
    #expect(throws: RetrainError.self) { try make() }
}

@Test func recipeResolvesItsDefaults() throws {
    #expect(try TrainingRecipe(optimizer: .sgd).initialLearningRate == 0.05)
    #expect(try TrainingRecipe(optimizer: .adamw).initialLearningRate == 1e-3)
    #expect(try TrainingRecipe(optimizer: .adam, learningRate: 0.01).initialLearningRate == 0.01)
    #expect(try TrainingRecipe(epochs: 8, schedule: .step).learningRateSchedule == .steps(milestones: [4, 6], factor: 0.1))
    #expect(try TrainingRecipe(epochs: 8).learningRateSchedule == .cosine(epochs: 8, minimum: 0))
    #expect(try TrainingRecipe().augmentation(for: splits.train) != nil)
    #expect(try TrainingRecipe(augment: false).augmentation(for: splits.train) == nil)
}

@Test func modelIsFittedToTheDataset() throws {
    let model = try TrainingRecipe().makeModel(.cnn, fittedTo: splits.train)
    #expect(model.architecture.classes == 10 && model.architecture.inputHeight == 32)
    let normalization = try #require(model.architecture.normalization)
    #expect(normalization.mean.count == 3 && normalization.std.allSatisfy { $0 > 0 })
}

@Test func trainingRecordsEveryEpochWithItsTestAccuracy() throws {
    let recipe = try TrainingRecipe(epochs: 2, batchSize: 32, optimizer: .adam, seed: 1)
    var epochs: [Int] = []
    var batches = 0
    let (model, history) = try recipe.train(
        .mlp, on: splits, logger: Logger(label: "test"), onBatch: { _ in batches += 1 }, onEpoch: { epochs.append($0.epoch) })
    #expect(history.count == 2 && epochs == [0, 1] && batches == 4)
    #expect(history.allSatisfy { $0.testAccuracy != nil })
    #expect(model.architecture.name == .mlp)
}

@Test func trainingIsTheSameForTheSameSeed() throws {
    let recipe = try TrainingRecipe(epochs: 1, batchSize: 32, seed: 4)
    let first = try recipe.train(.mlp, on: splits, logger: Logger(label: "test")).model
    let second = try recipe.train(.mlp, on: splits, logger: Logger(label: "test")).model
    #expect(first.parameters.map(\.value.scalars) == second.parameters.map(\.value.scalars))
}

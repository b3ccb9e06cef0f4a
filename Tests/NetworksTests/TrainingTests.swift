import Datasets
import Logging
import Networks
import Testing
import Tensors

private func batches(_ dataset: Dataset, epoch: Int, shuffled: Bool) throws -> [LabelledBatch] {
    try Batches(dataset, batchSize: 32, order: shuffled ? .shuffled(seed: 1) : .sequential, epoch: epoch)
        .map { LabelledBatch(images: $0.images, labels: $0.labels) }
}

@Test func trainingResNetMiniOnBuiltinShapesLowersLossAndBeatsChance() throws {
    let splits = BuiltinShapes(trainCount: 1_600, testCount: 400, seed: 3).generate()
    var model = try Model(Architecture(.resnetMini, inputChannels: 3, inputHeight: 32, inputWidth: 32, classes: 10), seed: 4)
    let before = try model.evaluate(try batches(splits.test!, epoch: 0, shuffled: false))
    var trainer = Trainer(optimizer: SGD(learningRate: 0.05, momentum: 0.9, weightDecay: 5e-4))
    var losses: [Double] = []
    for epoch in 0..<4 {
        let metrics = try trainer.trainEpoch(
            &model, epoch: epoch, batches: try batches(splits.train, epoch: epoch, shuffled: true),
            logger: Logger(label: "test"))
        losses.append(metrics.loss)
    }
    let after = try model.evaluate(try batches(splits.test!, epoch: 0, shuffled: false))
    #expect(losses.last! < losses.first! * 0.8, "training loss per epoch: \(losses)")
    #expect(after.loss < before.loss)
    // Chance is 10%: a wide margin above it after a few hundred steps.
    #expect(after.accuracy > 0.3, "test accuracy \(after.accuracy)")
}

@Test func trainingIsReproducibleForTheSameSeed() throws {
    let data = BuiltinShapes(trainCount: 64, testCount: 0, seed: 5).generate().train
    func trainedWeights() throws -> [Float] {
        var model = try Model(Architecture(.cnn, inputChannels: 3, inputHeight: 32, inputWidth: 32, classes: 10), seed: 6)
        var trainer = Trainer(optimizer: Adam(learningRate: 1e-3))
        _ = try trainer.trainEpoch(&model, epoch: 0, batches: try batches(data, epoch: 0, shuffled: true), logger: Logger(label: "test"))
        return model.stateDict.flatMap(\.value.scalars)
    }
    #expect(try trainedWeights() == trainedWeights())
}

@Test func trainingOnNaNImagesIsAClearErrorNotACrash() throws {
    var model = try Model(Architecture(.mlp, inputChannels: 1, inputHeight: 4, inputWidth: 4, classes: 3))
    var images = Tensor(zeros: [2, 1, 4, 4])
    images[flat: 3] = .nan
    var trainer = Trainer(optimizer: SGD(learningRate: 0.1))
    let error = try #require(throws: ModelError.self) {
        try trainer.trainEpoch(&model, epoch: 0, batches: [LabelledBatch(images: images, labels: [0, 1])], logger: Logger(label: "test"))
    }
    #expect(error.code == .invalidInput)
}

@Test func sgdAndAdamStepsFollowPyTorchFormulas() {
    var parameter = Parameter(name: "w", value: Tensor(shape: [2], scalars: [1, -2]))
    parameter.gradient = Tensor(shape: [2], scalars: [0.5, 0.25])
    var sgd = SGD(learningRate: 0.1, momentum: 0.9, weightDecay: 0.01)
    sgd.update(&parameter)
    // g = 0.5 + 0.01·1 = 0.51 → 1 − 0.051; g = 0.25 − 0.02 = 0.23 → −2 − 0.023.
    #expect(abs(parameter.value[flat: 0] - 0.949) < 1e-6 && abs(parameter.value[flat: 1] + 2.023) < 1e-6)
    var adam = Adam(learningRate: 0.1)
    var other = Parameter(name: "v", value: Tensor(shape: [1], scalars: [1]))
    other.gradient = Tensor(shape: [1], scalars: [3])
    adam.update(&other)
    // The first Adam step moves by lr·sign(g) (bias-corrected m/√v = g/|g|).
    #expect(abs(other.value[flat: 0] - 0.9) < 1e-6)
}

@Test func clippingTheGradientNormScalesLargeGradientsDownAndLeavesSmallOnesAlone() throws {
    var model = try Model(Architecture(.mlp, inputChannels: 1, inputHeight: 4, inputWidth: 4, classes: 3), seed: 2)
    let batch = LabelledBatch(images: Tensor(shape: [2, 1, 4, 4], scalars: (0..<32).map { Float($0) / 4 }), labels: [0, 2])
    let logits = try model.forward(batch.images, context: .training)
    model.backward(CrossEntropyLoss()(logits: logits, labels: batch.labels).gradient)
    let before = model.parameters.filter(\.isTrainable).flatMap(\.gradient.scalars)
    let norm = model.gradientNorm()
    #expect(norm > 0)

    // A limit above the norm changes nothing.
    var loose = model
    #expect(loose.clipGradientNorm(to: norm * 2) == norm)
    #expect(loose.parameters.filter(\.isTrainable).flatMap(\.gradient.scalars) == before)

    // A limit below it gives that norm, in the same direction.
    #expect(model.clipGradientNorm(to: norm / 4) == norm)
    let after = model.parameters.filter(\.isTrainable).flatMap(\.gradient.scalars)
    #expect(abs(model.gradientNorm() - norm / 4) < 1e-5 * norm)
    for (a, b) in zip(after, before) { #expect(abs(a - b / 4) <= 1e-6 * max(1, abs(b))) }
}

import Networks
import Testing
import Tensors
import TestSupport

private let inputs: [(channels: Int, height: Int, width: Int)] = [(3, 32, 32), (1, 28, 28), (1, 16, 16)]

@Test(arguments: Architecture.Name.allCases)
func everyArchitectureAdaptsToInputSizeAndClassCount(name: Architecture.Name) throws {
    for input in inputs {
        let architecture = Architecture(
            name, inputChannels: input.channels, inputHeight: input.height, inputWidth: input.width, classes: 7)
        var model = try Model(architecture, seed: 3)
        let logits = try model.forward(randomTensor(architecture.inputShape(batch: 2), in: 0...1, seed: 4))
        #expect(logits.shape == [2, 7])
    }
}

@Test func resnet18HasTheCIFARFlopCountAndPyTorchNames() throws {
    let model = try Model(Architecture(.resnet18, inputChannels: 3, inputHeight: 32, inputWidth: 32, classes: 10))
    // 0.556 G multiply-adds = 1.11 GFLOP per image.
    #expect(abs(Double(model.multiplyAdds()) * 2 / 1e9 - 1.11) < 0.01)
    let names = model.stateDict.map(\.name)
    #expect(names.first == "conv1.weight")
    #expect(names.contains("layer4.1.conv2.weight"))
    #expect(names.contains("layer2.0.shortcut.0.weight"))
    #expect(names.contains("layer2.0.shortcut.1.running_var"))
    #expect(names.last == "linear.bias")
    #expect(model.trainableParameterCount == 11_173_962)
}

@Test func architectureTooLargeForItsInputIsRejected() throws {
    let error = try #require(throws: ModelError.self) {
        try Model(Architecture(.vggMini, inputChannels: 3, inputHeight: 4, inputWidth: 4, classes: 10))
    }
    #expect(error.code == .invalidArchitecture)
}

@Test func foldedInferenceEqualsLayerByLayerInference() throws {
    var model = try Model(Architecture(.resnetMini, inputChannels: 3, inputHeight: 32, inputWidth: 32, classes: 10), seed: 5)
    // Non-trivial running statistics, so that folding BatchNorm into the convolution matters.
    model.visitParameters { p in
        if p.name.hasSuffix("running_var") || p.name.hasSuffix(".weight") && p.value.shape.rank == 1 {
            p.value = randomTensor(p.value.shape, in: 0.5...1.5, seed: UInt64(p.name.utf8.count))
        } else if p.name.hasSuffix("running_mean") {
            p.value = randomTensor(p.value.shape, in: -0.2...0.2, seed: 6)
        }
    }
    let images = randomTensor([3, 3, 32, 32], in: 0...1, seed: 7)
    let folded = try model.forward(images)
    var observed = 0
    let layered = try model.forward(images, context: ForwardContext(mode: .inference) { _, _ in observed += 1 })
    #expect(observed == 10)
    #expect(relativeError(folded, layered) < 1e-5)
}

@Test func inputOfTheWrongShapeOrWithNaNIsAClearError() throws {
    var model = try Model(Architecture(.cnn, inputChannels: 1, inputHeight: 28, inputWidth: 28, classes: 10))
    let wrong = try #require(throws: ModelError.self) { try model.forward(Tensor(zeros: [2, 3, 28, 28])) }
    #expect(wrong.code == .invalidInput)
    #expect(wrong.message.contains("[2, 3, 28, 28]"))
    var images = Tensor(zeros: [2, 1, 28, 28])
    images[flat: 5] = .nan
    let nan = try #require(throws: ModelError.self) { try model.forward(images) }
    #expect(nan.message.contains("nan"))
}

@Test func learningRateSchedulesFollowPyTorch() {
    #expect(LearningRateSchedule.steps(milestones: [2, 4], factor: 0.1).rate(epoch: 3, base: 1) == Float(0.1))
    #expect(abs(LearningRateSchedule.cosine(epochs: 10, minimum: 0).rate(epoch: 5, base: 1) - 0.5) < 1e-6)
    #expect(LearningRateSchedule.cosine(epochs: 10, minimum: 0.01).rate(epoch: 10, base: 1) == Float(0.01))
}

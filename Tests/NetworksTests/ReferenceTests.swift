import Networks
import Testing
import Tensors
import TestSupport

// Golden files from Tests/Fixtures/reference/make_reference.py: an independent numpy implementation
// (float64) of the same architectures, forward and one SGD training step.

private struct Reference: Sendable, CustomTestStringConvertible {
    var architecture: String
    var testDescription: String { architecture }

    func model() throws -> Model {
        try Model(contentsOfFile: fixturePath("reference/\(architecture)_weights.safetensors"))
    }

    func golden() throws -> SafeTensors {
        try SafeTensors(contentsOfFile: fixturePath("reference/\(architecture)_golden.safetensors"))
    }
}

private let references = [Reference(architecture: "cnn"), Reference(architecture: "resnet-mini")]
private let tolerance = 1e-4

@Test(arguments: references)
private func inferenceMatchesNumPyReference(_ reference: Reference) throws {
    var model = try reference.model()
    let golden = try reference.golden()
    let input = try golden.tensor("input")
    #expect(relativeError(try model.forward(input), try golden.tensor("logits_eval")) < tolerance)
    var activations: [String: Tensor] = [:]
    _ = try model.forward(input, context: ForwardContext(mode: .inference) { activations[$0] = $1 })
    let expected = golden.names.filter { $0.hasPrefix("activation.") }
    #expect(Set(activations.keys) == Set(expected.map { String($0.dropFirst("activation.".count)) }))
    for name in expected {
        let layer = String(name.dropFirst("activation.".count))
        #expect(relativeError(try #require(activations[layer]), try golden.tensor(name)) < tolerance, "\(layer)")
    }
}

@Test(arguments: references)
private func trainingStepMatchesNumPyReference(_ reference: Reference) throws {
    var model = try reference.model()
    let golden = try reference.golden()
    let labels = try golden.integers("labels").map(Int.init)
    let logits = try model.forward(try golden.tensor("input"), context: .training)
    #expect(relativeError(logits, try golden.tensor("logits_train")) < tolerance)
    let loss = CrossEntropyLoss()(logits: logits, labels: labels)
    #expect(abs(loss.loss - Double(try golden.tensor("loss_train")[flat: 0])) < 1e-5 * abs(loss.loss))
    model.backward(loss.gradient)
    for parameter in model.parameters where parameter.isTrainable {
        let expected = try golden.tensor("grad." + parameter.name)
        #expect(relativeError(parameter.gradient, expected) < tolerance, "gradient of \(parameter.name)")
    }
    var optimizer = SGD(learningRate: 0.1, momentum: 0.9, weightDecay: 5e-4)
    model.step(with: &optimizer)
    for parameter in model.parameters {
        let expected = try golden.tensor("sgd." + parameter.name)
        #expect(relativeError(parameter.value, expected) < tolerance, "\(parameter.name) after one step")
    }
}

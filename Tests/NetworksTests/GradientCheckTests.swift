import Networks
import Testing
import Tensors
import TestSupport

/// Checks a layer's backward pass against central finite differences of
/// `f = Σ r ⊙ layer(x)` for a fixed random `r`, accumulating `f` in Double.
///
/// Every input coordinate (up to `probes` of them, evenly spread) and the same number of
/// coordinates of each trainable parameter are probed.
private func checkGradients(
    of layer: some Layer, input: Tensor, probes: Int = 24, step: Float = 1e-2, tolerance: Double = 2e-2,
    sourceLocation: SourceLocation = #_sourceLocation
) throws {
    var layer = layer
    let output = try layer.forward(input, context: .training)
    let r = randomTensor(output.shape, seed: 99)
    var analytic = layer
    let gradInput = analytic.backward(r)
    var analyticParameters: [String: Tensor] = [:]
    analytic.visitParameters { if $0.isTrainable { analyticParameters[$0.name] = $0.gradient } }

    func objective(_ layer: some Layer, _ x: Tensor) throws -> Double {
        var copy = layer
        let y = try copy.forward(x, context: .training)
        return zip(y.scalars, r.scalars).reduce(0.0) { $0 + Double($1.0) * Double($1.1) }
    }
    func expectClose(_ analytic: Float, _ numeric: Double, _ what: String) {
        let error = abs(Double(analytic) - numeric) / max(1, abs(numeric))
        #expect(error < tolerance, "\(what): analytic \(analytic), numeric \(numeric)", sourceLocation: sourceLocation)
    }

    for index in stride(from: 0, to: input.count, by: max(1, input.count / probes)) {
        var plus = input, minus = input
        plus[flat: index] += step
        minus[flat: index] -= step
        let numeric = (try objective(layer, plus) - objective(layer, minus)) / Double(2 * step)
        expectClose(gradInput[flat: index], numeric, "∂/∂input[\(index)]")
    }
    for (name, gradient) in analyticParameters {
        for index in stride(from: 0, to: gradient.count, by: max(1, gradient.count / probes)) {
            func perturbed(_ delta: Float) -> some Layer {
                var copy = layer
                copy.visitParameters { if $0.name == name { $0.value[flat: index] += delta } }
                return copy
            }
            let numeric = (try objective(perturbed(step), input) - objective(perturbed(-step), input)) / Double(2 * step)
            expectClose(gradient[flat: index], numeric, "∂/∂\(name)[\(index)]")
        }
    }
}

@Test func conv2dGradientsMatchFiniteDifferences() throws {
    var generator = SeededGenerator(seed: 1)
    try checkGradients(
        of: Conv2d("conv", 3, 4, kernel: 3, stride: 2, padding: 1, bias: true, generator: &generator),
        input: randomTensor([2, 3, 7, 7], seed: 2))
}

@Test func linearGradientsMatchFiniteDifferences() throws {
    var generator = SeededGenerator(seed: 3)
    try checkGradients(of: Linear("fc", 12, 5, generator: &generator), input: randomTensor([4, 12], seed: 4))
}

@Test func batchNormTrainingGradientsMatchFiniteDifferences() throws {
    var layer = BatchNorm2d("bn", 3)
    layer.visitParameters { p in
        if p.isTrainable { p.value = randomTensor(p.value.shape, in: 0.5...1.5, seed: 5) }
    }
    try checkGradients(of: layer, input: randomTensor([4, 3, 3, 3], seed: 6), step: 1e-2, tolerance: 3e-2)
}

@Test func reluGradientsMatchFiniteDifferences() throws {
    try checkGradients(of: ReLU(), input: randomTensor([3, 2, 4, 4], seed: 7), step: 1e-3)
}

@Test(arguments: [Pool2d.Kind.max, .average])
func poolingGradientsMatchFiniteDifferences(kind: Pool2d.Kind) throws {
    try checkGradients(of: Pool2d(kind, kernel: 2), input: randomTensor([2, 2, 5, 5], seed: 8), step: 1e-3)
}

@Test func globalAveragePoolingGradientsMatchFiniteDifferences() throws {
    try checkGradients(of: Pool2d.globalAverage, input: randomTensor([2, 3, 4, 4], seed: 9))
}

@Test func flattenGradientsMatchFiniteDifferences() throws {
    try checkGradients(of: Flatten(), input: randomTensor([2, 3, 2, 2], seed: 10))
}

@Test(arguments: [1, 2])
func basicBlockGradientsMatchFiniteDifferences(stride: Int) throws {
    var generator = SeededGenerator(seed: 11)
    let block = BasicBlock("layer1.0", 3, stride == 1 ? 3 : 4, stride: stride, generator: &generator)
    try checkGradients(of: block, input: randomTensor([3, 3, 6, 6], seed: 12), step: 1e-3, tolerance: 5e-2)
}

@Test(arguments: [false, true])
func convStageGradientsMatchFiniteDifferences(skipped: Bool) throws {
    var generator = SeededGenerator(seed: 13), adapters = SeededGenerator(seed: 14)
    var stage = ConvStage(
        "stage1", body: [Conv2d("conv1", 3, 4, kernel: 3, padding: 1, generator: &generator), BatchNorm2d("bn1", 4), ReLU(),
                         Pool2d(.average, kernel: 2)],  // smooth, unlike max-pooling's kinks
        inChannels: 3, outChannels: 4, withAdapter: true, adapterGenerator: &adapters)
    stage.isSkipped = skipped
    try checkGradients(of: stage, input: randomTensor([3, 3, 6, 6], seed: 15), step: 1e-3, tolerance: 5e-2)
}

@Test(arguments: [1, 2])
func skippedBasicBlockGradientsMatchFiniteDifferences(stride: Int) throws {
    var generator = SeededGenerator(seed: 11)
    var block = BasicBlock("layer1.0", 3, stride == 1 ? 3 : 4, stride: stride, generator: &generator)
    block.isSkipped = true
    try checkGradients(of: block, input: randomTensor([3, 3, 6, 6], seed: 12), step: 1e-3, tolerance: 5e-2)
}

@Test func dropoutPassesGradientThroughTheSameMaskAsForward() throws {
    var layer = Dropout(probability: 0.5, seed: 13)
    let x = randomTensor([4, 50], in: 1...2, seed: 14)
    let y = try layer.forward(x, context: .training)
    let g = layer.backward(Tensor(zeros: x.shape, value: 1))
    for i in 0..<x.count {
        #expect(g[flat: i] == y[flat: i] / x[flat: i] || (g[flat: i] == 0 && y[flat: i] == 0))
    }
    let dropped = y.scalars.filter { $0 == 0 }.count
    #expect(dropped > 60 && dropped < 140)
    var inference = Dropout(probability: 0.5, seed: 13)
    #expect(try inference.forward(x, context: .inference) == x)
}

/// Checks a loss's gradient by central differences on the logits, in Double.
private func checkLossGradient(
    _ loss: (Tensor) -> (Double, Tensor), logits: Tensor, sourceLocation: SourceLocation = #_sourceLocation
) {
    let (_, gradient) = loss(logits)
    let step: Float = 1e-2
    for index in 0..<logits.count {
        var plus = logits, minus = logits
        plus[flat: index] += step
        minus[flat: index] -= step
        let numeric = (loss(plus).0 - loss(minus).0) / Double(2 * step)
        #expect(abs(Double(gradient[flat: index]) - numeric) < 1e-3, sourceLocation: sourceLocation)
    }
}

@Test func crossEntropyGradientMatchesFiniteDifferences() {
    let loss = CrossEntropyLoss()
    checkLossGradient({ let r = loss(logits: $0, labels: [0, 3, 2]); return (r.loss, r.gradient) },
        logits: randomTensor([3, 4], in: -3...3, seed: 15))
}

@Test func crossEntropyIsStableForHugeLogits() {
    let result = CrossEntropyLoss()(logits: Tensor(shape: [1, 3], scalars: [1000, 0, -1000]), labels: [0])
    #expect(result.loss.isFinite && result.loss < 1e-6)
    #expect(result.correct == 1)
}

@Test func distillationGradientMatchesFiniteDifferences() {
    let teacher = randomTensor([3, 5], in: -2...2, seed: 16)
    let loss = DistillationLoss(temperature: 3)
    checkLossGradient({ let r = loss(student: $0, teacher: teacher); return (r.loss, r.gradient) },
        logits: randomTensor([3, 5], in: -2...2, seed: 17))
    #expect(abs(loss(student: teacher, teacher: teacher).loss) < 1e-9)
}

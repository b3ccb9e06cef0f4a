import Networks
import Tensors
import Testing
import TestSupport

@Test func passesOverConsecutiveLayerRangesChainIntoTheWholePass() throws {
    let architecture = Architecture(.resnetMini, inputChannels: 3, inputHeight: 8, inputWidth: 8, classes: 4)
    var whole = try Model(architecture, seed: 1)
    var chained = whole
    let images = randomTensor([3, 3, 8, 8], in: 0...1, seed: 2)
    let gradLogits = randomTensor([3, 4], seed: 3)
    let logits = try whole.forward(images, context: .training)
    whole.backward(gradLogits)

    let point = chained.branchPoint(skipping: ["layer3.0", "layer2.0"])
    #expect(point == 4, "conv1, bn1, relu, layer1.0, then layer2.0")
    let pass = try chained.forward(images, context: .training, keepingInputsOf: [point])
    let kept = try #require(pass.inputs[point])
    #expect(kept.shape == [3, 16, 8, 8])
    #expect(relativeError(pass.logits, logits) <= 1e-6)
    let gradKept = chained.backward(gradLogits, layers: point..<chained.layerCount)
    _ = chained.backward(gradKept, layers: 0..<point)
    let expected = Dictionary(uniqueKeysWithValues: whole.parameters.map { ($0.name, $0.gradient) })
    for parameter in chained.parameters where parameter.isTrainable {
        #expect(relativeError(parameter.gradient, try #require(expected[parameter.name])) <= 1e-6, "\(parameter.name)")
    }
    #expect(chained.branchPoint(skipping: ["no-such-block"]) == chained.layerCount)
    let fromImages = try chained.forward(images, keepingInputsOf: [0])
    #expect(fromImages.inputs[0] == images, "what enters layer 0 is the images, normalised by the pass that resumes")
    #expect(relativeError(fromImages.logits, try chained.forward(images)) <= 1e-6)
    #expect(chained.parameters(layers: 0..<point).map(\.name).last == "layer1.0.bn2.running_var")
}

@Test func cumulativeRunningStatisticsAreTheMeanOfTheBatchStatistics() throws {
    var layer = BatchNorm2d("bn", 2)
    let batches = (0..<3).map { randomTensor([4, 2, 3, 3], in: -2...5, seed: 10 + UInt64($0)) }
    for (index, batch) in batches.enumerated() {
        let context = ForwardContext(mode: .training, runningStatistics: .cumulative(batch: index + 1))
        _ = try layer.forward(batch, context: context)
    }
    // Per channel, the mean of the batch means and of the unbiased batch variances.
    for channel in 0..<2 {
        var means: [Double] = [], variances: [Double] = []
        for batch in batches {
            let values = (0..<4).flatMap { sample in
                (0..<9).map { Double(batch.scalars[(sample * 2 + channel) * 9 + $0]) }
            }
            let mean = values.reduce(0, +) / Double(values.count)
            means.append(mean)
            variances.append(values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(values.count - 1))
        }
        #expect(abs(Double(layer.runningMean.value.scalars[channel]) - means.reduce(0, +) / 3) <= 1e-5)
        #expect(abs(Double(layer.runningVariance.value.scalars[channel]) - variances.reduce(0, +) / 3) <= 1e-4)
    }
}

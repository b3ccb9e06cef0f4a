import Datasets
import Logging
import Measures
import Networks
import Shifts
import Testing
import Tensors

/// A resnet-mini trained briefly on builtin:shapes: enough that its features mean something.
private func trainedModel() throws -> Model {
    let data = BuiltinShapes(trainCount: 2_000, testCount: 0, seed: 11).generate().train
    var model = try Model(Architecture(.resnetMini, inputChannels: 3, inputHeight: 32, inputWidth: 32, classes: 10), seed: 12)
    var trainer = Trainer(optimizer: SGD(learningRate: 0.05, momentum: 0.9, weightDecay: 5e-4))
    for epoch in 0..<3 {
        let batches = try Batches(data, batchSize: 64, order: .shuffled(seed: 13), epoch: epoch)
        _ = try trainer.trainEpoch(
            &model, epoch: epoch, batches: batches.lazy.map { LabelledBatch(images: $0.images, labels: $0.labels) },
            logger: Logger(label: "test"))
    }
    return model
}

private let levels: [(kind: String, levels: [Double])] = [
    ("gaussian", [0.02, 0.05, 0.1, 0.2]),
    ("blur", [0.5, 1, 1.5, 2]),
    ("salt-pepper", [0.01, 0.03, 0.06, 0.1]),
]

@Test func indexGrowsWithShiftIntensity() throws {
    let model = try trainedModel()
    for (kind, levels) in levels {
        try expectIndexGrows(kind: kind, levels: levels, model: model)
    }
}

private func expectIndexGrows(kind: String, levels: [Double], model: Model) throws {
    let shifts = try levels.map { try Shift(parsing: "\(kind):\($0)") }
    let data = BuiltinShapes(trainCount: 300, testCount: 0, seed: 14).generate().train
    var measurement = try Measurement(model: model, shiftCount: shifts.count)
    var first = 0
    for batch in try Batches(data, batchSize: 100) {
        try measurement.add(
            clean: batch.images, shifted: shifts.map { $0.apply(to: batch.images, firstSampleIndex: first) },
            labels: batch.labels)
        first += batch.count
    }
    let results = try shifts.indices.map { try measurement.finish(shiftIndex: $0, shift: shifts[$0].description) }
    func increasing(_ values: [Double]) -> Bool { zip(values, values.dropFirst()).allSatisfy { $0 < $1 } }
    #expect(increasing(results.map(\.preindex)), "preindex: \(results.map(\.preindex))")
    for bins in PreIndexComponents.binCounts {
        for distance in [Distance.js, .bhattacharyya] {
            let values = results.map { $0.p.value(distance, bins: bins) }
            #expect(increasing(values), "\(kind) p.\(distance).\(bins): \(values)")
        }
    }
}

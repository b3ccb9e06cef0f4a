import Datasets
import Foundation
import Measures
import Networks
import Shifts
import Tensors

/// Runs the streaming measurement of a model on a dataset split under several shifts, with
/// progress: the one place `measure`, `calibrate` and `estimate` measure.
struct ShiftMeasurement {
    var model: Model
    var data: Dataset
    var shifts: [Shift]
    var embeddingLayer: String?
    var mode: Distance.WassersteinMode = .reference
    var formula: Formula = .default
    var batchSize = 128

    /// Picks the split and a seeded subset, checking classes and image size against the model.
    static func data(
        spec: String, test: Bool, samples: Int?, seed: UInt64, for model: Model
    ) throws -> Dataset {
        let splits = try DatasetSpec(parsing: spec).load()
        guard var data = test ? splits.test : splits.train else {
            throw MeasureError(.mismatch, "\(spec) has no test split; measure on the train split")
        }
        let classes = model.architecture.classes
        guard data.classCount == classes else {
            throw MeasureError(.mismatch, "the model has \(classes) classes but \(data.name) has \(data.classCount)")
        }
        let expected = Array(model.architecture.inputShape(batch: 1).dimensions.dropFirst())
        guard data.imageShape.dimensions == expected else {
            throw MeasureError(.mismatch, "\(data.name) has \(data.imageShape) images but the model expects \(Shape(expected))")
        }
        if let samples, samples < data.count {
            var generator = SeededGenerator(seed: seed)
            data = data.subset(Array(generator.permutation(of: data.count).prefix(samples)).sorted())
        }
        return data
    }

    /// One result per shift; when `dumpDirectory` is given, what each was computed from is written there.
    func run(dumpDirectory: String? = nil, seed: UInt64 = 0) throws -> [MeasureResult] {
        var measurement = try Measurement(
            model: model, shiftCount: shifts.count, embeddingLayer: embeddingLayer, mode: mode,
            expectedSamples: data.count, recordsDump: dumpDirectory != nil)
        var bar = ProgressBar()
        var first = 0
        for batch in try Batches(data, batchSize: batchSize) {
            let shifted = shifts.map { $0.apply(to: batch.images, firstSampleIndex: first) }
            try measurement.add(clean: batch.images, shifted: shifted, labels: batch.labels)
            first += batch.count
            bar.update(fraction: Double(first) / Double(data.count), "measured \(first)/\(data.count) samples")
        }
        bar.finish("measured \(first) samples under \(shifts.count) shift(s)")
        var results: [MeasureResult] = []
        for (index, shift) in shifts.enumerated() {
            results.append(try measurement.finish(shiftIndex: index, shift: shift.description, formula: formula))
            if let directory = dumpDirectory {
                let target = shifts.count == 1 ? directory : directory + "/" + shift.description.replacingOccurrences(of: ":", with: "_")
                try measurement.writeDump(to: target, shiftIndex: index, shift: shift.description, seed: seed)
            }
        }
        return results
    }

    /// Parses `type:level[@seed]` specs, giving those without their own seed `seed`.
    static func shifts(_ texts: [String], seed: UInt64) throws -> [Shift] {
        try texts.map { text throws(ShiftError) in
            let parsed = try Shift(parsing: text)
            return text.contains("@") ? parsed : try Shift(kind: parsed.kind, level: parsed.level, seed: seed)
        }
    }
}

import Datasets
import Foundation
import Measures
import Networks
import Shifts
import Tensors

/// The streaming measurement of a model on a dataset split under several shifts: what `preindex measure`,
/// `calibrate`, `estimate` and a cluster worker's measure and calibrate tasks all run.
///
/// Batches of the clean samples go through the model once, shared by every shift, and once per shift
/// (see `Measurement`); the result is one `MeasureResult` per shift, in the order of ``shifts``. The
/// shifts' noise is indexed by sample, so the same inputs give the same numbers in any process.
public struct ShiftedMeasurement: Sendable {
    /// The model measured.
    public var model: Model
    /// The samples measured, already checked against the model (see ``data(from:named:testSplit:samples:seed:for:)``).
    public var data: Dataset
    /// The shifts, each with its seed; one result per shift.
    public var shifts: [Shift]
    /// The layer k-means clusters; `nil` for the model's default.
    public var embeddingLayer: String?
    /// How W1 treats histogram bins.
    public var mode: Distance.WassersteinMode
    /// The single `preindex` value reported.
    public var formula: Formula
    /// Images per forward pass.
    public var batchSize: Int
    /// Where the k-means runs start (class centroids unless set).
    public var kMeansStart: KMeans.Start = .classCentroids

    /// A measurement from its parts.
    public init(
        model: Model, data: Dataset, shifts: [Shift], embeddingLayer: String? = nil,
        mode: Distance.WassersteinMode = .reference, formula: Formula = .default, batchSize: Int = 128
    ) {
        precondition(batchSize >= 1, "batchSize must be positive")
        self.model = model
        self.data = data
        self.shifts = shifts
        self.embeddingLayer = embeddingLayer
        self.mode = mode
        self.formula = formula
        self.batchSize = batchSize
    }

    /// Loads `spec` and picks the samples to measure (see ``data(from:named:testSplit:samples:seed:for:)``).
    ///
    /// - Throws: `DatasetError` when the spec is malformed or its files cannot be read, `MeasureError` as
    ///   ``data(from:named:testSplit:samples:seed:for:)`` does.
    public static func data(spec: String, testSplit: Bool, samples: Int?, seed: UInt64, for model: Model) throws
        -> Dataset
    {
        try data(
            from: try DatasetSpec(parsing: spec).load(), named: spec, testSplit: testSplit, samples: samples, seed: seed,
            for: model)
    }

    /// Picks the training or test split of `splits` and, when `samples` is smaller than it, a subset of that
    /// many samples drawn with `seed` (kept in dataset order), after checking classes and image size against
    /// `model`.
    ///
    /// - Parameter spec: How the dataset is named in messages (its spec).
    /// - Throws: `MeasureError` with code `mismatch` when the split is absent or its classes or image size
    ///   differ from the model's, `noSamples` when `samples` is below 1.
    public static func data(
        from splits: DatasetSplits, named spec: String, testSplit: Bool, samples: Int?, seed: UInt64, for model: Model
    ) throws(MeasureError) -> Dataset {
        if let samples, samples < 1 {
            throw MeasureError(.noSamples, "the number of samples to measure must be at least 1, got \(samples)")
        }
        guard var data = testSplit ? splits.test : splits.train else {
            throw MeasureError(.mismatch, "\(spec) has no test split; measure on the train split")
        }
        let classes = model.architecture.classes
        guard data.classCount == classes else {
            throw MeasureError(.mismatch, "the model has \(classes) classes but \(data.name) has \(data.classCount)")
        }
        let expected = Array(model.architecture.inputShape(batch: 1).dimensions.dropFirst())
        guard data.imageShape.dimensions == expected else {
            throw MeasureError(
                .mismatch, "\(data.name) has \(data.imageShape) images but the model expects \(Shape(expected))")
        }
        if let samples, samples < data.count {
            var generator = SeededGenerator(seed: seed)
            data = data.subset(Array(generator.permutation(of: data.count).prefix(samples)).sorted())
        }
        return data
    }

    /// Parses `type:level[@seed]` specs, giving those without their own seed `seed`.
    ///
    /// - Throws: `ShiftError` naming the spec that is malformed or out of range.
    public static func shifts(_ texts: [String], seed: UInt64) throws(ShiftError) -> [Shift] {
        try texts.map { text throws(ShiftError) in
            let parsed = try Shift(parsing: text)
            return text.contains("@") ? parsed : try Shift(kind: parsed.kind, level: parsed.level, seed: seed)
        }
    }

    /// Measures every batch and returns one result per shift, in the order of ``shifts``.
    ///
    /// - Parameters:
    ///   - dumpDirectory: When given, what each result was computed from is written there (one
    ///     subdirectory per shift, named after it with `:` as `_`, when there are several shifts).
    ///   - seed: The seed recorded in the dump's metadata.
    ///   - progress: Called after every batch with the fraction of samples measured (0…1) and a status line.
    /// - Throws: `MeasureError` for no shifts, an unknown embedding layer or a model with no measurable layer,
    ///   `ModelError` when the images do not fit the model or hold NaN.
    public func run(
        dumpDirectory: String? = nil, seed: UInt64 = 0, progress: (_ fraction: Double, _ status: String) -> Void = { _, _ in }
    ) throws -> [MeasureResult] {
        guard !shifts.isEmpty else {
            throw MeasureError(.mismatch, "there is no shift to measure under; give at least one")
        }
        var measurement = try Measurement(
            model: model, shiftCount: shifts.count, embeddingLayer: embeddingLayer, mode: mode,
            expectedSamples: data.count, recordsDump: dumpDirectory != nil)
        var first = 0
        for batch in try Batches(data, batchSize: batchSize) {
            let shifted = shifts.map { $0.apply(to: batch.images, firstSampleIndex: first) }
            try measurement.add(clean: batch.images, shifted: shifted, labels: batch.labels)
            first += batch.count
            progress(Double(first) / Double(data.count), "measured \(first)/\(data.count) samples")
        }
        var results: [MeasureResult] = []
        for (index, shift) in shifts.enumerated() {
            results.append(
                try measurement.finish(shiftIndex: index, shift: shift.description, formula: formula, kMeansStart: kMeansStart))
            if let directory = dumpDirectory {
                let target =
                    shifts.count == 1
                    ? directory : directory + "/" + shift.description.replacingOccurrences(of: ":", with: "_")
                try measurement.writeDump(to: target, shiftIndex: index, shift: shift.description, seed: seed)
            }
        }
        return results
    }
}

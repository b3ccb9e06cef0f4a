import Datasets
import Measures
import Networks
import Retraining
import Shifts

extension TaskRunner {
    /// Measures the payload's model under every shift level in one streaming pass (the clean pass is shared).
    func measure(_ payload: MeasurePayload) throws -> MeasureTaskResult {
        let model = try loadModel(payload.model)
        let splits = try loadDataset(payload.dataset, files: payload.datasetFiles)
        let measurement = try Self.measurement(
            of: model, on: splits, named: payload.dataset, shifts: payload.shifts, options: payload.measure)
        return MeasureTaskResult(results: try measurement.run(), megaFLOPs: model.megaFLOPs)
    }

    /// The measurement a task with `options` runs of `model` on `splits` (named `spec`) under `shifts`.
    ///
    /// - Throws: `MeasureError` when the dataset does not fit the model or there are no shifts or samples.
    static func measurement(
        of model: Model, on splits: DatasetSplits, named spec: String, shifts: [Shift], options: MeasureOptions
    ) throws(MeasureError) -> ShiftedMeasurement {
        let data = try ShiftedMeasurement.data(
            from: splits, named: spec, testSplit: options.split == .test, samples: options.samples, seed: options.seed,
            for: model)
        return ShiftedMeasurement(
            model: model, data: data, shifts: shifts, embeddingLayer: options.embeddingLayer, mode: options.mode,
            formula: options.formula)
    }
}

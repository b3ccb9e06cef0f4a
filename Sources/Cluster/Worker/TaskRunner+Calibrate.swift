import Logging
import Retraining

extension TaskRunner {
    /// Measures the payload's model under its calibration shift, then retrains it under that shift to the target.
    func calibrate(_ payload: CalibratePayload, logger: Logger) throws -> CalibrateTaskResult {
        let model = try loadModel(payload.model)
        let splits = try loadDataset(payload.dataset, files: payload.datasetFiles)
        let measurement = try Self.measurement(
            of: model, on: splits, named: payload.dataset, shifts: [payload.shift], options: payload.measure)
        let measure = try measurement.run()[0]
        let shifted = try ShiftedData(splits: splits, shift: payload.shift)
        let retrainer = Retrainer(options: payload.retrain, meter: meter, accounting: accounting)
        let (record, _) = try retrainer.run(
            model, shift: payload.shift.description, train: shifted.train, test: shifted.test, logger: logger)
        return CalibrateTaskResult(
            point: CalibrationPoint(measure: measure, retrain: record), measure: measure, retrain: record,
            architecture: model.architecture)
    }
}

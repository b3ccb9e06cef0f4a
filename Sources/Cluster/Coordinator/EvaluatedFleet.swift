import Fleet
import Foundation
import Retraining

/// The fleet of an evaluation job as its stored results describe it: each model's measurements, calibration points
/// (with the retrains its plans really ran), costs, and the artifact it is.
struct EvaluatedFleet {
    /// The job as submitted (with every digest filled in).
    var spec: JobSpec
    /// One member per model of the job, in job order.
    var members: [FleetMember]
    /// The SHA-256 of each member's model file, by member name; missing while a model is not trained yet.
    var modelSHA256: [String: String]

    init(job: JobRecord, database: ClusterDatabase) throws {
        let (spec, plan) = try job.evaluationPlan()
        let results = try database.results(ofJob: job.id!)
        var members = spec.models.enumerated().map { index, model in
            FleetMember(
                name: Self.name(of: model, at: index, in: spec.models), architecture: model.arch ?? "",
                calibrationPoints: [], measurements: [], maxEpochs: spec.calibration?.maxEpochs,
                targetAccuracy: spec.calibration?.targetAccuracy)
        }
        // Which member each model identity belongs to: files by their digest, trained models by what training made.
        var memberOfModel: [String: Int] = [:]
        for (index, model) in spec.models.enumerated() {
            if let sha256 = model.sha256 { memberOfModel[ModelReference.file(path: "", sha256: sha256).identity] = index }
        }
        let trainKeys = Dictionary(
            plan.tasks.filter { $0.kind == .train }.map { ($0.contentKey, $0.modelIndex) }, uniquingKeysWith: { a, _ in a })
        for (task, result) in results where task.kind == .train {
            guard let key = task.contentKey, let index = trainKeys[key] else { continue }
            let trained = try TrainTaskResult.decode(Array(result.payload))
            memberOfModel[ModelReference.file(path: "", sha256: trained.model.sha256).identity] = index
            members[index].architecture = trained.arch.rawValue
            members[index].scratchCost = MeasuredCost(
                kilowattHours: trained.kilowattHours, kilogramsCO2eq: trained.kilogramsCO2eq, epochs: trained.epochs)
        }
        let energy = try database.energyByTask(results.map { $0.result.taskID })
        var evaluation: [Int: (kWh: Double, kg: Double)] = [:]
        for (task, result) in results where task.kind != .train {
            let payload = try JSONDecoder().decode(TaskPayload.self, from: task.payload)
            guard let identity = payload.model?.identity, let index = memberOfModel[identity] else { continue }
            switch task.kind {
            case .measure:
                let measured = try MeasureTaskResult.decode(Array(result.payload))
                members[index].measurements += measured.results
                members[index].megaFLOPs = measured.megaFLOPs ?? members[index].megaFLOPs
                if let spent = energy[result.taskID] {
                    evaluation[index, default: (0, 0)].kWh += spent.kilowattHours
                    evaluation[index, default: (0, 0)].kg += spent.kgCO2eq
                }
            case .calibrate:
                let calibrated = try CalibrateTaskResult.decode(Array(result.payload))
                members[index].calibrationPoints.append(calibrated.point)
                members[index].architecture = calibrated.architecture.name.rawValue
            default:
                continue
            }
        }
        for (index, cost) in evaluation {
            members[index].evaluationCost = MeasuredCost(kilowattHours: cost.kWh, kilogramsCO2eq: cost.kg)
        }
        // Retrains that plans of this job really ran: measured costs, and calibration points for the refit.
        for plan in try database.plans(of: job.id!) {
            for (task, result) in try database.results(ofJob: plan.id!) where task.kind == .retrain {
                let retrained = try RetrainTaskResult.decode(Array(result.payload))
                guard let index = memberOfModel[ModelReference.file(path: "", sha256: retrained.source).identity],
                    !retrained.record.fromScratch
                else { continue }
                let shift = retrained.record.shift
                members[index].retrainCosts[shift] = MeasuredCost(
                    kilowattHours: retrained.record.kilowattHours, kilogramsCO2eq: retrained.record.kilogramsCO2eq,
                    epochs: retrained.record.epochs)
                if let measure = members[index].measurements.first(where: { $0.shift == shift }) {
                    members[index].calibrationPoints.append(CalibrationPoint(measure: measure, retrain: retrained.record))
                }
            }
        }
        self.spec = spec
        self.members = members
        self.modelSHA256 = Dictionary(
            memberOfModel.compactMap { identity, index in
                identity.hasPrefix("sha256:") ? (members[index].name, String(identity.dropFirst("sha256:".count))) : nil
            }, uniquingKeysWith: { first, _ in first })
    }

    /// A member's name: the model file's name, or the architecture (numbered when the job trains it twice).
    private static func name(of model: ModelSpec, at index: Int, in models: [ModelSpec]) -> String {
        if let file = model.file { return URL(fileURLWithPath: file).lastPathComponent }
        let arch = model.arch ?? "model"
        let same = models.filter { $0.arch == model.arch }.count
        return same > 1 ? "\(arch)#\(index)" : arch
    }
}

import Foundation
import Retraining
import Shifts

/// What a retrain task produced: the retrained model file, handed to the coordinator as an artifact, and the
/// record of the retraining.
///
/// The task's energy travels beside the result, as for every kind.
public struct RetrainTaskResult: TaskResult {
    /// The kind of task this is the result of.
    public static let kind = TaskKind.retrain

    /// The retrained model's file, named as ``modelName(source:shift:fromScratch:)`` says.
    public var model: TrainTaskResult.ModelFile
    /// The SHA-256 of the source model the task retrained (or whose architecture it trained from scratch).
    public var source: String
    /// The retraining run of this attempt: when resumed, its epochs, history and energy cover only the epochs run
    /// after the checkpoint, and its history numbers them on from ``resumedFromEpoch``.
    public var record: RetrainRecord
    /// The plan row the task carried out.
    public var plan: PlanTaskReference
    /// The epochs the checkpoint this attempt continued from had done; `nil` when it started from the source model.
    public var resumedFromEpoch: Int?

    /// Every epoch of the retraining, those before the checkpoint included.
    public var totalEpochs: Int { (resumedFromEpoch ?? 0) + record.epochs }

    /// The value from its fields.
    public init(
        model: TrainTaskResult.ModelFile, source: String, record: RetrainRecord, plan: PlanTaskReference,
        resumedFromEpoch: Int?
    ) {
        self.model = model
        self.source = source
        self.record = record
        self.plan = plan
        self.resumedFromEpoch = resumedFromEpoch
    }

    /// The name of the model file a retrain task writes for source model file `source` (a name or path in the
    /// job) under `shift`: `<source name without .safetensors>-<shift>-retrained.safetensors`, or
    /// `…-<shift>-scratch.safetensors` for a model trained from scratch.
    ///
    /// Only the last path component of `source` is used, so the name never holds a `/`.
    public static func modelName(source: String, shift: Shift, fromScratch: Bool) -> String {
        var stem = Substring(source.split(separator: "/").last ?? "model")
        if stem.hasSuffix(".safetensors") { stem = stem.dropLast(".safetensors".count) }
        let shiftName = shift.description.replacingOccurrences(of: "/", with: "_")
        return "\(stem)-\(shiftName)-\(fromScratch ? "scratch" : "retrained").safetensors"
    }
}

import Datasets
import Energy
import Measures
import Networks
import Retraining
import Shifts

extension JobSpec {
    /// Checks every value of the job and throws on the first problem, in document order.
    ///
    /// Each value is checked by the code that will use it: the dataset by `DatasetSpec(parsing:)`,
    /// levels by `Shift(kind:level:seed:)`, the formula by `Formula(parsing:)`, cutoffs by
    /// `PlateauCutoff(parsing:)`, the region by `GridIntensity.lookup(_:)`; their messages are kept,
    /// prefixed with the JSON path. Files are not touched: a model file is hashed, and a dataset
    /// loaded, by whoever runs the job.
    ///
    /// - Throws: ``JobError`` with code ``JobError/Code/invalidValue``.
    public func validate() throws(JobError) {
        _ = try resolved()
    }

    /// The job's values as the types that use them, checked.
    func resolved() throws(JobError) -> ResolvedJob {
        guard !name.allSatisfy(\.isWhitespace) else {
            throw JobError(.invalidValue, path: "name", "the job's name is empty; give it a name people will recognise")
        }
        let dataset: DatasetSpec
        do {
            dataset = try DatasetSpec(parsing: self.dataset)
        } catch {
            throw JobError(.invalidValue, path: "dataset", error.message)
        }
        let datasetFiles = try resolvedDatasetFiles(of: dataset)
        guard !models.isEmpty else {
            throw JobError(
                .invalidValue, path: "models",
                "the job has no models; give at least one {\"file\": PATH} or {\"arch\": NAME}")
        }
        var resolvedModels: [ResolvedModel] = []
        for (index, model) in models.enumerated() {
            let path = "models[\(index)]"
            if let first = models[..<index].firstIndex(of: model) {
                throw JobError(.invalidValue, path: path, "the same model as models[\(first)]; list each model once")
            }
            resolvedModels.append(try model.resolved(at: path))
        }
        guard !shifts.isEmpty else {
            throw JobError(
                .invalidValue, path: "shifts",
                "the job has no shifts; give at least one {\"type\": TYPE, \"levels\": [LEVEL, …]}")
        }
        var resolvedShifts: [[Shift]] = []
        var seen: [Shift: String] = [:]
        for (index, entry) in shifts.enumerated() {
            let levels = try entry.resolved(at: "shifts[\(index)]")
            for (level, shift) in levels.enumerated() {
                let path = "shifts[\(index)].levels[\(level)]"
                if let other = seen[shift] {
                    throw JobError(.invalidValue, path: path, "\(shift) is already listed at \(other)")
                }
                seen[shift] = path
            }
            resolvedShifts.append(levels)
        }
        let measure = try self.measure.resolved(at: "measure")
        let calibration = try self.calibration?.resolved(at: "calibration")
        if let region {
            do {
                _ = try GridIntensity.lookup(region)
            } catch {
                throw JobError(.invalidValue, path: "region", error.message)
            }
        }
        return ResolvedJob(
            dataset: dataset, datasetFiles: datasetFiles, models: resolvedModels, shifts: resolvedShifts,
            measure: measure, calibration: calibration
        )
    }
}

extension JobSpec {
    /// ``datasetFiles`` checked against `dataset`, with lowercase digests; empty when not given.
    private func resolvedDatasetFiles(of dataset: DatasetSpec) throws(JobError) -> [String: String] {
        guard let datasetFiles else { return [:] }
        for (file, sha256) in datasetFiles.sorted(by: { $0.key < $1.key }) where !isSHA256Digest(sha256) {
            throw JobError(
                .invalidValue, path: "datasetFiles",
                "the digest '\(sha256)' of '\(file)' is not a SHA-256 digest (64 hexadecimal digits); "
                    + "leave \"datasetFiles\" out to have the digests computed")
        }
        do {
            try dataset.checkFiles(datasetFiles.keys)
        } catch {
            throw JobError(.invalidValue, path: "datasetFiles", error.message)
        }
        return datasetFiles.mapValues { $0.lowercased() }
    }
}

/// A job's values checked and typed: what ``JobPlan`` expands.
struct ResolvedJob {
    var dataset: DatasetSpec
    /// The digests of the dataset's files (lowercase), keyed by path; empty when not given.
    var datasetFiles: [String: String]
    var models: [ResolvedModel]
    /// One list per shift entry, in the entry's level order.
    var shifts: [[Shift]]
    var measure: MeasureOptions
    var calibration: ResolvedCalibration?
}

/// A model entry, checked.
enum ResolvedModel {
    /// A model file, by its name in the job, with its digest when the job gives it.
    case file(String, sha256: String?)
    /// An architecture to train.
    case trained(Architecture.Name, TrainOptions)
}

/// A calibration, checked.
struct ResolvedCalibration {
    var shifts: [Shift]
    var options: RetrainOptions
}

extension ModelSpec {
    func resolved(at path: String) throws(JobError) -> ResolvedModel {
        switch (file, arch) {
        case (nil, nil):
            throw JobError(
                .invalidValue, path: path,
                "give \"file\" (a model file to measure) or \"arch\" (an architecture to train)")
        case (.some, .some):
            throw JobError(
                .invalidValue, path: path, "give either \"file\" or \"arch\", not both: a model is a file or is trained"
            )
        case (let file?, nil):
            if let sha256, !isSHA256Digest(sha256) {
                throw JobError(
                    .invalidValue, path: "\(path).sha256",
                    "'\(sha256)' is not a SHA-256 digest (64 hexadecimal digits); leave it out to have it computed")
            }
            guard train == nil else {
                throw JobError(
                    .invalidValue, path: "\(path).train",
                    "only a model given by \"arch\" is trained; remove \"train\" or give \"arch\" instead of \"file\"")
            }
            guard !file.allSatisfy(\.isWhitespace) else {
                throw JobError(.invalidValue, path: "\(path).file", "the file name is empty")
            }
            if let depths {
                guard !depths.isEmpty, depths.allSatisfy({ $0 >= 0 }), Set(depths).count == depths.count else {
                    throw JobError(
                        .invalidValue, path: "\(path).depths",
                        "the depths \(depths) are not a list of distinct depths ≥ 0; leave \"depths\" out for all of them")
                }
                guard sha256 == nil else {
                    throw JobError(
                        .invalidValue, path: "\(path).depths",
                        "a cooperative package is expanded into one model per depth by `preindex submit`; "
                            + "submit the job with it instead of sending \"depths\" with a digest")
                }
            }
            return .file(file, sha256: sha256?.lowercased())
        case (nil, let arch?):
            guard depths == nil else {
                throw JobError(
                    .invalidValue, path: "\(path).depths",
                    "only a cooperative package file has depths; remove \"depths\" or give \"file\" instead of \"arch\"")
            }
            guard sha256 == nil else {
                throw JobError(
                    .invalidValue, path: "\(path).sha256", "only a model given by \"file\" has a digest; remove \"sha256\"")
            }
            guard let name = Architecture.Name(rawValue: arch.lowercased()) else {
                throw JobError(
                    .invalidValue, path: "\(path).arch",
                    "unknown architecture '\(arch)'; valid architectures are \(choices(Architecture.Name.self))")
            }
            return .trained(name, try (train ?? TrainSpec()).resolved(at: "\(path).train"))
        }
    }
}

extension TrainSpec {
    func resolved(at path: String) throws(JobError) -> TrainOptions {
        guard epochs >= 1 else {
            throw JobError(.invalidValue, path: "\(path).epochs", "the epoch count must be at least 1, got \(epochs)")
        }
        guard batchSize >= 1 else {
            throw JobError(
                .invalidValue, path: "\(path).batchSize", "the batch size must be at least 1, got \(batchSize)")
        }
        let optimizer = try choice(TrainOptions.Optimizer.self, self.optimizer, "optimizer", at: "\(path).optimizer")
        if let learningRate, !(learningRate > 0 && learningRate.isFinite && Float(learningRate) > 0) {
            throw JobError(
                .invalidValue, path: "\(path).learningRate",
                "the learning rate must be a positive number, got \(learningRate)")
        }
        guard momentum >= 0, momentum < 1 else {
            throw JobError(.invalidValue, path: "\(path).momentum", "the momentum must be in [0, 1), got \(momentum)")
        }
        guard weightDecay >= 0, weightDecay.isFinite else {
            throw JobError(
                .invalidValue, path: "\(path).weightDecay", "the weight decay must be 0 or more, got \(weightDecay)")
        }
        let schedule = try choice(TrainOptions.Schedule.self, self.schedule, "schedule", at: "\(path).schedule")
        return TrainOptions(
            epochs: epochs, batchSize: batchSize, optimizer: optimizer,
            learningRate: learningRate ?? TrainOptions.defaultLearningRate(for: optimizer), momentum: momentum,
            weightDecay: weightDecay, schedule: schedule, augment: augment, seed: seed)
    }
}

extension ShiftSpec {
    /// One shift per level, in the order given.
    func resolved(at path: String) throws(JobError) -> [Shift] {
        guard let kind = ShiftKind(rawValue: type.lowercased()) else {
            throw JobError(
                .invalidValue, path: "\(path).type",
                "unknown shift type '\(type)'; valid types are \(ShiftKind.validNames)")
        }
        guard !levels.isEmpty else {
            throw JobError(.invalidValue, path: "\(path).levels", "give at least one level of \(kind.rawValue)")
        }
        var shifts: [Shift] = []
        for (index, level) in levels.enumerated() {
            do {
                shifts.append(try Shift(kind: kind, level: level, seed: seed))
            } catch {
                throw JobError(.invalidValue, path: "\(path).levels[\(index)]", error.message)
            }
        }
        return shifts
    }
}

extension MeasureSpec {
    func resolved(at path: String) throws(JobError) -> MeasureOptions {
        guard samples >= 1 else {
            throw JobError(
                .invalidValue, path: "\(path).samples", "the sample count must be at least 1, got \(samples)")
        }
        let split = try choice(MeasureOptions.Split.self, self.split, "split", at: "\(path).split")
        let mode = try choice(Distance.WassersteinMode.self, self.mode, "mode", at: "\(path).mode")
        let formula: Formula
        do {
            formula = try Formula(parsing: self.formula)
        } catch {
            throw JobError(.invalidValue, path: "\(path).formula", error.message)
        }
        if let embeddingLayer, embeddingLayer.allSatisfy(\.isWhitespace) {
            throw JobError(
                .invalidValue, path: "\(path).embeddingLayer",
                "the layer name is empty; give a Conv2d/Linear layer name such as layer3.0.conv2, "
                    + "or null for the default"
            )
        }
        return MeasureOptions(
            samples: samples, split: split, mode: mode, formula: formula, embeddingLayer: embeddingLayer, seed: seed)
    }
}

extension CalibrationSpec {
    /// The minimum number of calibration shifts: a cost fit with leave-one-out error needs at least four points.
    static let minimumShiftCount = 4

    func resolved(at path: String) throws(JobError) -> ResolvedCalibration {
        guard shifts.count >= Self.minimumShiftCount else {
            throw JobError(
                .invalidValue, path: "\(path).shifts",
                "calibration needs at least \(Self.minimumShiftCount) shifts to fit the costs, got \(shifts.count)")
        }
        var parsed: [Shift] = []
        for (index, text) in shifts.enumerated() {
            let shift: Shift
            do {
                shift = try Shift(parsing: text)
            } catch {
                throw JobError(.invalidValue, path: "\(path).shifts[\(index)]", error.message)
            }
            if let first = parsed.firstIndex(of: shift) {
                throw JobError(
                    .invalidValue, path: "\(path).shifts[\(index)]",
                    "\(shift) is already listed at \(path).shifts[\(first)]")
            }
            parsed.append(shift)
        }
        do {
            _ = try RetrainOptions(targetAccuracy: targetAccuracy)
        } catch {
            throw JobError(.invalidValue, path: "\(path).targetAccuracy", error.message)
        }
        var plateaus: [PlateauCutoff] = []
        for (index, text) in cutoffs.enumerated() {
            do {
                plateaus.append(try PlateauCutoff(parsing: text))
            } catch {
                throw JobError(.invalidValue, path: "\(path).cutoffs[\(index)]", error.message)
            }
        }
        guard maxEpochs >= 1 else {
            throw JobError(
                .invalidValue, path: "\(path).maxEpochs", "the epoch limit must be at least 1, got \(maxEpochs)")
        }
        guard batchSize >= 1 else {
            throw JobError(
                .invalidValue, path: "\(path).batchSize", "the batch size must be at least 1, got \(batchSize)")
        }
        guard learningRate > 0, Float(learningRate) > 0, Float(learningRate).isFinite else {
            throw JobError(
                .invalidValue, path: "\(path).learningRate",
                "the learning rate must be a positive number, got \(learningRate)")
        }
        guard weightDecay >= 0, Float(weightDecay).isFinite else {
            throw JobError(
                .invalidValue, path: "\(path).weightDecay", "the weight decay must be 0 or more, got \(weightDecay)")
        }
        let options: RetrainOptions
        do {
            options = try RetrainOptions(
                targetAccuracy: targetAccuracy, cutoffs: plateaus, maxEpochs: maxEpochs, batchSize: batchSize,
                learningRate: Float(learningRate), weightDecay: Float(weightDecay), augment: augment, seed: seed)
        } catch {
            throw JobError(.invalidValue, path: "\(path).cutoffs", error.message)
        }
        return ResolvedCalibration(shifts: parsed, options: options)
    }
}

/// The case of `Choice` named `name` (ignoring case), or an error listing the valid names.
private func choice<Choice: RawRepresentable<String> & CaseIterable>(
    _: Choice.Type, _ name: String, _ what: String, at path: String
) throws(JobError) -> Choice {
    guard let value = Choice(rawValue: name.lowercased()) else {
        throw JobError(.invalidValue, path: path, "unknown \(what) '\(name)'; valid ones are \(choices(Choice.self))")
    }
    return value
}

/// The raw values of `Choice`'s cases, comma-separated.
private func choices<Choice: RawRepresentable<String> & CaseIterable>(_: Choice.Type) -> String {
    Choice.allCases.map(\.rawValue).joined(separator: ", ")
}

/// Whether `text` is a SHA-256 digest: 64 hexadecimal digits, in either case.
func isSHA256Digest(_ text: String) -> Bool {
    text.utf8.count == 64
        && text.utf8.allSatisfy { (48...57).contains($0) || (65...70).contains($0) || (97...102).contains($0) }
}

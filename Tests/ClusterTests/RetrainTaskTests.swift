import Cluster
import Energy
import Foundation
import Logging
import Networks
import Retraining
import Shifts
import Synchronization
import TestSupport
import Testing

/// Artifacts in a directory that also remember the name and task of every file published, in order.
private final class RecordingArtifacts: ArtifactAccess {
    struct Published: Hashable {
        var sha256: String
        var name: String
        var taskID: String
    }

    let directory: DirectoryArtifacts
    private let log = Mutex<[Published]>([])

    init(directory: String) throws {
        self.directory = try DirectoryArtifacts(directory: directory)
    }

    var published: [Published] { log.withLock { $0 } }

    func localPath(ofArtifact sha256: String) throws -> String {
        try directory.localPath(ofArtifact: sha256)
    }

    func publish(file path: String, sha256: String, name: String, taskID: String) throws {
        try directory.publish(file: path, sha256: sha256, name: name, taskID: taskID)
        log.withLock { $0.append(Published(sha256: sha256, name: name, taskID: taskID)) }
    }
}

/// A runner over fresh recording artifacts, measuring energy with the CPU model so every machine gives joules.
private struct Fixture {
    let directory = temporaryPath("retrain-task")
    let artifacts: RecordingArtifacts
    let runner: TaskRunner

    static let dataset = "builtin:shapes?train=48&test=24&seed=3"
    static let shift = try! Shift(parsing: "gaussian:0.1@4")
    static let plan = PlanTaskReference(job: 12, row: 3)

    init() throws {
        artifacts = try RecordingArtifacts(directory: directory + "/artifacts")
        runner = try TaskRunner(
            nodeID: "node-a", region: "FRA", energy: EnergyOptions(method: .cpuModel, cpuWatts: 20), artifacts: artifacts,
            workDirectory: directory + "/work", logger: Logger(label: "test"))
    }

    /// Publishes a fresh MLP for 32×32×3 images and 10 classes as `models/m.safetensors`, and returns its reference.
    ///
    /// Its seed is not the retraining's, so that a model trained from scratch starts from other weights.
    func storeModel() throws -> ModelReference {
        let model = try Model(Architecture(.mlp, inputChannels: 3, inputHeight: 32, inputWidth: 32, classes: 10), seed: 7)
        let path = directory + "/m.safetensors"
        try model.write(toFile: path)
        let sha256 = SHA256.hex(try SHA256.hash(file: path))
        try artifacts.directory.publish(file: path, sha256: sha256, name: "m.safetensors", taskID: "setup")
        return .file(path: "models/m.safetensors", sha256: sha256)
    }

    /// A payload retraining `model` for at most `maxEpochs` epochs toward an accuracy out of reach.
    static func payload(
        _ model: ModelReference, maxEpochs: Int = 2, fromScratch: Bool = false, resume: RetrainCheckpoint? = nil
    ) throws -> RetrainPayload {
        RetrainPayload(
            model: model, dataset: dataset, shift: shift,
            retrain: try RetrainOptions(targetAccuracy: 1, maxEpochs: maxEpochs, batchSize: 16, augment: false, seed: 2),
            fromScratch: fromScratch, plan: plan, resume: resume)
    }

    func run(_ payload: RetrainPayload, taskID: String = "t-1") throws -> (RetrainTaskResult, ResultPayload) {
        let output = try runner.run(
            TaskAssignment(taskID: taskID, attempt: 1, payload: Array(try CanonicalJSON.encode(TaskPayload.retrain(payload)))))
        return (try RetrainTaskResult.decode(output.json), output)
    }

    /// The failure running `payload` throws.
    func failure(_ payload: RetrainPayload) throws -> TaskFailure {
        try #require(throws: TaskFailure.self) { try run(payload, taskID: "t-2") }
    }

    /// The names published by task `taskID`, in order.
    func names(of taskID: String) -> [String] {
        artifacts.published.filter { $0.taskID == taskID }.map(\.name)
    }

    func removeAll() {
        try? FileManager.default.removeItem(atPath: directory)
    }
}

@Test func retrainTaskPublishesACheckpointAfterEachEpochButTheLastThenTheRetrainedModel() throws {
    let fixture = try Fixture()
    defer { fixture.removeAll() }
    let source = try fixture.storeModel()
    let (result, output) = try fixture.run(try Fixture.payload(source, maxEpochs: 3))

    #expect(result.record.epochs == 3 && result.record.stop == .maxEpochs)
    #expect(result.record.history.map(\.epoch) == [1, 2, 3])
    #expect(!result.record.fromScratch && result.record.shift == Fixture.shift.description)
    #expect(
        fixture.names(of: "t-1") == [
            "checkpoint-t-1-epoch-1.safetensors", "checkpoint-t-1-epoch-2.safetensors",
            "m-gaussian:0.1@4-retrained.safetensors",
        ])
    #expect(result.model.name == "m-gaussian:0.1@4-retrained.safetensors")
    #expect(result.source == source.identity.dropFirst("sha256:".count).description)
    #expect(result.plan == Fixture.plan && result.resumedFromEpoch == nil && result.totalEpochs == 3)
    #expect(try #require(output.energy).joules > 0)

    let path = try fixture.artifacts.localPath(ofArtifact: result.model.sha256)
    #expect(try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int == result.model.byteCount)
    let retrained = try Model(contentsOfFile: path)
    #expect(retrained.architecture.name == .mlp && retrained.architecture.classes == 10)
    // Every checkpoint is a model of its own, and each is another state of the weights.
    let published = fixture.artifacts.published.filter { $0.taskID == "t-1" }
    #expect(Set(published.map(\.sha256)).count == 3 && !published.contains { $0.sha256 == result.source })
    for checkpoint in published.dropLast() {
        let model = try Model(contentsOfFile: try fixture.artifacts.localPath(ofArtifact: checkpoint.sha256))
        #expect(model.architecture == retrained.architecture)
    }
}

@Test func resumedTaskRunsOnlyTheEpochsLeftAfterItsCheckpoint() throws {
    let fixture = try Fixture()
    defer { fixture.removeAll() }
    let source = try fixture.storeModel()
    let (first, _) = try fixture.run(try Fixture.payload(source, maxEpochs: 2))
    let checkpoint = try #require(fixture.artifacts.published.first { $0.name == "checkpoint-t-1-epoch-1.safetensors" })

    let resume = RetrainCheckpoint(sha256: checkpoint.sha256, epochs: 1)
    let (resumed, _) = try fixture.run(try Fixture.payload(source, maxEpochs: 2, resume: resume), taskID: "t-2")
    #expect(resumed.resumedFromEpoch == 1 && resumed.totalEpochs == 2)
    #expect(resumed.record.epochs == 1 && resumed.record.history.map(\.epoch) == [2])
    // It starts where the first attempt was after its first epoch.
    #expect(resumed.record.startAccuracy == first.record.history[0].testAccuracy)
    // Its only epoch is the last one: no checkpoint, just the retrained model, named after the source model.
    #expect(fixture.names(of: "t-2") == ["m-gaussian:0.1@4-retrained.safetensors"])
    #expect(resumed.source == first.source && resumed.model.name == first.model.name)
    _ = try Model(contentsOfFile: try fixture.artifacts.localPath(ofArtifact: resumed.model.sha256))
}

@Test func taskResumedFromItsLastEpochRetrainsNoMore() throws {
    let fixture = try Fixture()
    defer { fixture.removeAll() }
    let source = try fixture.storeModel()
    _ = try fixture.run(try Fixture.payload(source, maxEpochs: 2))
    let checkpoint = try #require(fixture.artifacts.published.first { $0.name == "checkpoint-t-1-epoch-1.safetensors" })

    let resume = RetrainCheckpoint(sha256: checkpoint.sha256, epochs: 1)
    let (result, _) = try fixture.run(try Fixture.payload(source, maxEpochs: 1, resume: resume), taskID: "t-2")
    #expect(result.record.epochs == 0 && result.totalEpochs == 1 && result.record.stop == .maxEpochs)
    #expect(fixture.names(of: "t-2") == ["m-gaussian:0.1@4-retrained.safetensors"])
}

@Test func fromScratchTrainsAFreshModelOfTheSourceArchitecture() throws {
    let fixture = try Fixture()
    defer { fixture.removeAll() }
    let source = try fixture.storeModel()
    let (reused, _) = try fixture.run(try Fixture.payload(source, maxEpochs: 1), taskID: "t-reuse")
    let (scratch, _) = try fixture.run(try Fixture.payload(source, maxEpochs: 1, fromScratch: true), taskID: "t-scratch")

    #expect(scratch.record.fromScratch && scratch.record.epochs == 1)
    #expect(scratch.model.name == "m-gaussian:0.1@4-scratch.safetensors")
    #expect(scratch.model.sha256 != reused.model.sha256)
    // Its checkpoints and result start from fresh weights: its first epoch changed them from those, not the source's.
    #expect(scratch.record.history[0].changeFromStart != reused.record.history[0].changeFromStart)
    let model = try Model(contentsOfFile: try fixture.artifacts.localPath(ofArtifact: scratch.model.sha256))
    #expect(model.architecture.name == .mlp && model.architecture.classes == 10)
}

@Test func anUnknownModelIsANonRetryableFailureNamingIt() throws {
    let fixture = try Fixture()
    defer { fixture.removeAll() }
    let missing = String(repeating: "ab", count: 32)
    let failure = try fixture.failure(try Fixture.payload(.file(path: "gone.safetensors", sha256: missing)))
    #expect(!failure.retryable)
    #expect(failure.message.hasPrefix("retrain task t-2: ") && failure.message.contains(missing))
}

@Test func aMissingCheckpointIsANonRetryableFailureNamingIt() throws {
    let fixture = try Fixture()
    defer { fixture.removeAll() }
    let source = try fixture.storeModel()
    let missing = String(repeating: "cd", count: 32)
    let failure = try fixture.failure(
        try Fixture.payload(source, resume: RetrainCheckpoint(sha256: missing, epochs: 1)))
    #expect(!failure.retryable)
    #expect(
        failure.message.contains("the checkpoint to resume from (artifact \(missing), after 1 epochs) cannot be fetched"))
    #expect(fixture.names(of: "t-2").isEmpty)
}

@Test func aCheckpointThatIsNotAModelOrHasANegativeEpochCountIsANonRetryableFailure() throws {
    let fixture = try Fixture()
    defer { fixture.removeAll() }
    let source = try fixture.storeModel()
    let text = fixture.directory + "/not-a-model"
    try Data("not a model".utf8).write(to: URL(fileURLWithPath: text))
    let sha256 = SHA256.hex(try SHA256.hash(file: text))
    try fixture.artifacts.directory.publish(file: text, sha256: sha256, name: "x", taskID: "setup")

    let corrupt = try fixture.failure(try Fixture.payload(source, resume: RetrainCheckpoint(sha256: sha256, epochs: 1)))
    #expect(!corrupt.retryable && corrupt.message.contains("cannot be loaded as a model"))
    let negative = try fixture.failure(try Fixture.payload(source, resume: RetrainCheckpoint(sha256: sha256, epochs: -1)))
    #expect(!negative.retryable && negative.message.contains("negative epoch count"))
}

@Test func aModelNotResolvedToAFileIsANonRetryableFailure() throws {
    let fixture = try Fixture()
    defer { fixture.removeAll() }
    let failure = try fixture.failure(try Fixture.payload(.trained(task: 0, key: "k")))
    #expect(!failure.retryable && failure.message.contains("needs a model file"))
}

@Test func aRetrainPayloadIsThisJSONAndRoundTrips() throws {
    let digest = String(repeating: "0", count: 64)
    var payload = try Fixture.payload(.file(path: "models/m.safetensors", sha256: digest))
    let json = String(decoding: try CanonicalJSON.encode(TaskPayload.retrain(payload)), as: UTF8.self)
    #expect(
        json
            == #"{"dataset":"builtin:shapes?train=48&test=24&seed=3","fromScratch":false,"model":{"file":"models/m.safetensors","sha256":"\#(digest)"},"plan":{"job":12,"row":3},"retrain":{"augment":false,"batchSize":16,"cutoffs":[],"learningRate":0.001,"maxEpochs":2,"seed":2,"targetAccuracy":1,"weightDecay":1e-05},"shift":"gaussian:0.1@4","task":"retrain"}"#
    )
    #expect(try JSONDecoder().decode(TaskPayload.self, from: Data(json.utf8)) == .retrain(payload))

    payload.resume = RetrainCheckpoint(sha256: digest, epochs: 1)
    payload.datasetFiles = ["/data/x.bin": digest]
    let full = try CanonicalJSON.encode(TaskPayload.retrain(payload))
    #expect(String(decoding: full, as: UTF8.self).contains(#""resume":{"epochs":1,"sha256":"\#(digest)"}"#))
    let back = try JSONDecoder().decode(TaskPayload.self, from: Data(full))
    #expect(back == .retrain(payload) && back.kind == .retrain && back.model == payload.model)
    #expect(back.datasetFiles == payload.datasetFiles)
}

@Test func aRetrainContentKeyIgnoresTheCheckpointButNotThePlanRowOrFromScratch() throws {
    let payload = try Fixture.payload(.file(path: "m.safetensors", sha256: String(repeating: "0", count: 64)))
    let key = try TaskPayload.retrain(payload).contentKey()
    #expect(key.count == 64)
    var resumed = payload
    resumed.resume = RetrainCheckpoint(sha256: String(repeating: "1", count: 64), epochs: 1)
    #expect(try TaskPayload.retrain(resumed).contentKey() == key)
    var renamed = payload
    renamed.model = .file(path: "elsewhere.safetensors", sha256: String(repeating: "0", count: 64))
    #expect(try TaskPayload.retrain(renamed).contentKey() == key)
    var otherRow = payload
    otherRow.plan.row = 4
    var scratch = payload
    scratch.fromScratch = true
    let others = try [otherRow, scratch].map { try TaskPayload.retrain($0).contentKey() }
    #expect(Set(others + [key]).count == 3)
}

@Test func aCalibratePayloadKeepsItsJSONAndContentKey() throws {
    let digest = String(repeating: "0", count: 64)
    let payload = CalibratePayload(
        model: .file(path: "m.safetensors", sha256: digest), dataset: Fixture.dataset, shift: Fixture.shift,
        measure: MeasureOptions(samples: 24, split: .train, seed: 5),
        retrain: try RetrainOptions(targetAccuracy: 0.5, maxEpochs: 2, batchSize: 16, augment: false, seed: 2))
    let json = String(decoding: try CanonicalJSON.encode(TaskPayload.calibrate(payload)), as: UTF8.self)
    let keys = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any]).keys
    #expect(Set(keys) == ["dataset", "measure", "model", "retrain", "shift", "task"])
    #expect(try TaskPayload.calibrate(payload).contentKey() == calibrateKey)
}

/// The content key of the payload of ``aCalibratePayloadKeepsItsJSONAndContentKey()``: Python's `hashlib.sha256` of
/// `{"dataset":"builtin:shapes?train=48&test=24&seed=3","engine":"preindex-engine/1","measure":{"formula":"p.js.64",
/// "mode":"reference","samples":24,"seed":5,"split":"train"},"model":"sha256:000…0","retrain":{"augment":false,
/// "batchSize":16,"cutoffs":[],"learningRate":0.001,"maxEpochs":2,"seed":2,"targetAccuracy":0.5,"weightDecay":1e-05},
/// "shifts":["gaussian:0.1@4"],"task":"calibrate"}` (without line breaks): no field of a retrain task's material.
private let calibrateKey = "4e45584affa579068db05e4c472e65e170d54873b075895c760e8b5688e5e453"

@Test func checkpointNamesCarryTheTaskAndEpochCount() {
    #expect(RetrainCheckpoint.name(taskID: "42", epochs: 3) == "checkpoint-42-epoch-3.safetensors")
    #expect(RetrainCheckpoint.parse(name: "checkpoint-42-epoch-3.safetensors")! == ("42", 3))
    #expect(RetrainCheckpoint.parse(name: "checkpoint-a-epoch-b-epoch-10.safetensors")! == ("a-epoch-b", 10))
    for other in [
        "m.safetensors", "checkpoint-42-epoch-.safetensors", "checkpoint--epoch-3.safetensors",
        "checkpoint-42-epoch-3.bin", "checkpoint-42-epoch--3.safetensors", "checkpoint-42-epoch-٣.safetensors",
    ] {
        #expect(RetrainCheckpoint.parse(name: other) == nil, "\(other)")
    }
}

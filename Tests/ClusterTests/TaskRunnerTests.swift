import Cluster
import Datasets
import Energy
import Foundation
import Logging
import Measures
import Networks
import Retraining
import Shifts
import TestSupport
import Testing

/// A runner over a fresh artifact directory, measuring energy with the CPU model so every machine gives joules.
private struct Fixture {
    let directory = temporaryPath("runner")
    let artifacts: DirectoryArtifacts
    let runner: TaskRunner

    static let dataset = "builtin:shapes?train=48&test=24&seed=3"

    init() throws {
        artifacts = try DirectoryArtifacts(directory: directory + "/artifacts")
        runner = try TaskRunner(
            nodeID: "node-a", region: "FRA", energy: EnergyOptions(method: .cpuModel, cpuWatts: 20), artifacts: artifacts,
            workDirectory: directory + "/work", logger: Logger(label: "test"))
    }

    /// Publishes a fresh `arch` model for 32×32×3 images and `classes` classes, and returns its reference.
    func storeModel(_ arch: Architecture.Name = .mlp, classes: Int = 10) throws -> (ModelReference, Model) {
        let model = try Model(Architecture(arch, inputChannels: 3, inputHeight: 32, inputWidth: 32, classes: classes), seed: 2)
        let path = directory + "/\(arch.rawValue)-\(classes).safetensors"
        try model.write(toFile: path)
        let sha256 = SHA256.hex(try SHA256.hash(file: path))
        try artifacts.publish(file: path, sha256: sha256, name: "m.safetensors", taskID: "setup")
        return (.file(path: "m.safetensors", sha256: sha256), model)
    }

    func run(_ payload: TaskPayload) throws -> ResultPayload {
        try runner.run(TaskAssignment(taskID: "t-1", attempt: 1, payload: Array(try CanonicalJSON.encode(payload))))
    }

    /// The failure running `bytes` as a payload throws.
    func failure(_ bytes: [UInt8]) throws -> TaskFailure {
        try #require(throws: TaskFailure.self) {
            try runner.run(TaskAssignment(taskID: "t-2", attempt: 1, payload: bytes))
        }
    }

    func failure(_ payload: TaskPayload) throws -> TaskFailure {
        try failure(Array(try CanonicalJSON.encode(payload)))
    }

    func removeAll() {
        try? FileManager.default.removeItem(atPath: directory)
    }
}

private let measureOptions = MeasureOptions(samples: 24, split: .train, seed: 5)

@Test func trainTaskPublishesAModelWhoseDigestMatchesItsBytesAndWhichLoads() throws {
    let fixture = try Fixture()
    defer { fixture.removeAll() }
    let options = TrainOptions(
        epochs: 1, batchSize: 16, optimizer: .adam, learningRate: 1e-3, momentum: 0.9, weightDecay: 0,
        schedule: .constant, augment: false, seed: 1)
    let payload = TaskPayload.train(TrainPayload(arch: .mlp, dataset: Fixture.dataset, train: options))
    // The runner is what a worker executes.
    let executor: Worker.Executor = fixture.runner.run
    let output = try executor(TaskAssignment(taskID: "t-1", attempt: 1, payload: Array(try CanonicalJSON.encode(payload))))
    let result = try TrainTaskResult.decode(output.json)

    #expect(result.model.name == "mlp-\(try payload.contentKey().prefix(12)).safetensors")
    let path = try fixture.artifacts.localPath(ofArtifact: result.model.sha256)
    #expect(SHA256.hex(try SHA256.hash(file: path)) == result.model.sha256)
    #expect(try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int == result.model.byteCount)
    let model = try Model(contentsOfFile: path)
    #expect(model.architecture.name == .mlp && model.architecture.classes == 10)
    #expect(model.architecture.normalization != nil)
    #expect(result.arch == .mlp && result.epochs == 1)
    #expect(try #require(result.testAccuracy) >= 0)
    #expect(result.kilowattHours > 0 && result.kilogramsCO2eq > 0 && result.wallSeconds > 0)
    let energy = try #require(output.energy)
    #expect(energy.nodeID == "node-a" && energy.region == "FRA" && energy.method == "cpu-model")
    #expect(energy.joules > 0 && energy.gridIntensity > 0 && energy.gridIntensity != GridIntensity.worldAverage.gramsPerKWh)
    // The model file left the work directory once published.
    #expect(try FileManager.default.contentsOfDirectory(atPath: fixture.directory + "/work").isEmpty)
}

@Test func measureTaskGivesOneResultPerLevelEqualToTheLibraryMeasurement() throws {
    let fixture = try Fixture()
    defer { fixture.removeAll() }
    let (reference, model) = try fixture.storeModel(.cnn)
    let shifts = try ShiftedMeasurement.shifts(["gaussian:0.05", "gaussian:0.2", "gaussian:0.4"], seed: 9)
    let payload = MeasurePayload(model: reference, dataset: Fixture.dataset, shifts: shifts, measure: measureOptions)
    let output = try fixture.run(.measure(payload))
    let result = try MeasureTaskResult.decode(output.json)

    #expect(result.results.map(\.shift) == shifts.map(\.description))
    #expect(result.results.allSatisfy { $0.preindex.isFinite && $0.samples == 24 })
    #expect(try #require(output.energy).joules > 0)

    let data = try ShiftedMeasurement.data(spec: Fixture.dataset, testSplit: false, samples: 24, seed: 5, for: model)
    let inProcess = try ShiftedMeasurement(model: model, data: data, shifts: shifts).run()
    let megaFLOPs = model.megaFLOPs
    #expect(result.megaFLOPs == megaFLOPs)
    #expect(try MeasureTaskResult(results: inProcess, megaFLOPs: megaFLOPs).encoded() == output.json)
}

@Test func calibrateTaskReturnsAPointWithItsMeasureRetrainingAndEnergy() throws {
    let fixture = try Fixture()
    defer { fixture.removeAll() }
    let (reference, model) = try fixture.storeModel()
    let shift = try Shift(parsing: "gaussian:0.1@4")
    let retrain = try RetrainOptions(targetAccuracy: 0.99, maxEpochs: 1, batchSize: 16, augment: false, seed: 2)
    let payload = CalibratePayload(
        model: reference, dataset: Fixture.dataset, shift: shift, measure: measureOptions, retrain: retrain)
    let output = try fixture.run(.calibrate(payload))
    let result = try CalibrateTaskResult.decode(output.json)

    #expect(result.point.epochs >= 0 && result.point.epochs <= 1)
    #expect(result.point.shift == shift.description && result.measure.shift == shift.description)
    #expect(result.point.predictors["preindex"] == result.measure.preindex)
    #expect(result.retrain.epochs == result.point.epochs && result.retrain.options == retrain)
    #expect(result.architecture == model.architecture)
    #expect(try #require(output.energy).joules > 0)
    #expect(result.point.kilowattHours >= 0 && result.point.energyMethod == "cpu-model")
}

@Test func resultsKeepNonFiniteNumbersAsStrings() throws {
    let result = TrainTaskResult(
        model: .init(sha256: String(repeating: "0", count: 64), byteCount: 1, name: "m"), arch: .cnn, epochs: 1,
        testAccuracy: .nan, kilowattHours: .infinity, kilogramsCO2eq: 0, wallSeconds: 1)
    let json = try result.encoded()
    #expect(String(decoding: json, as: UTF8.self).contains("\"nan\""))
    let back = try TrainTaskResult.decode(json)
    #expect(back.testAccuracy?.isNaN == true && back.kilowattHours == .infinity)
    #expect(throws: TaskFailure.self) { try MeasureTaskResult.decode(Array("{}".utf8)) }
}

@Test func malformedPayloadIsANonRetryableFailure() throws {
    let fixture = try Fixture()
    defer { fixture.removeAll() }
    let garbage = try fixture.failure(Array("not json".utf8))
    #expect(!garbage.retryable && garbage.message.contains("t-2") && garbage.message.contains("not a valid task"))
    let unknownArch = try fixture.failure(
        Array(#"{"task":"train","arch":"resnet50","dataset":"builtin:shapes","train":{}}"#.utf8))
    #expect(!unknownArch.retryable && unknownArch.message.contains("resnet50") && unknownArch.message.contains("resnet-mini"))
}

@Test func unknownArtifactIsANonRetryableFailure() throws {
    let fixture = try Fixture()
    defer { fixture.removeAll() }
    let missing = String(repeating: "0", count: 64)
    let payload = MeasurePayload(
        model: .file(path: "gone.safetensors", sha256: missing), dataset: Fixture.dataset,
        shifts: [try Shift(parsing: "blur:1")], measure: measureOptions)
    let failure = try fixture.failure(.measure(payload))
    #expect(!failure.retryable && failure.message.contains(missing))
}

@Test func modelOfAnotherTrainTaskIsANonRetryableFailure() throws {
    let fixture = try Fixture()
    defer { fixture.removeAll() }
    let payload = MeasurePayload(
        model: .trained(task: 0, key: "k"), dataset: Fixture.dataset, shifts: [try Shift(parsing: "blur:1")],
        measure: measureOptions)
    let failure = try fixture.failure(.measure(payload))
    #expect(!failure.retryable && failure.message.contains("train task 0"))
}

@Test func datasetWithOtherClassesThanTheModelIsANonRetryableFailure() throws {
    let fixture = try Fixture()
    defer { fixture.removeAll() }
    let (reference, _) = try fixture.storeModel(classes: 4)
    let payload = MeasurePayload(
        model: reference, dataset: Fixture.dataset, shifts: [try Shift(parsing: "blur:1")], measure: measureOptions)
    let failure = try fixture.failure(.measure(payload))
    #expect(!failure.retryable && failure.message.contains("4 classes") && failure.message.contains("measure task"))
}

@Test func measureTaskWithoutShiftsIsANonRetryableFailure() throws {
    let fixture = try Fixture()
    defer { fixture.removeAll() }
    let (reference, _) = try fixture.storeModel()
    let payload = MeasurePayload(model: reference, dataset: Fixture.dataset, shifts: [], measure: measureOptions)
    #expect(try !fixture.failure(.measure(payload)).retryable)
}

@Test func directoryArtifactsRefuseCorruptFilesAndMalformedDigests() throws {
    let fixture = try Fixture()
    defer { fixture.removeAll() }
    let (reference, _) = try fixture.storeModel()
    guard case .file(_, let sha256) = reference else { return }
    let path = try fixture.artifacts.localPath(ofArtifact: sha256)
    let handle = try #require(FileHandle(forWritingAtPath: path))
    try handle.seekToEnd()
    try handle.write(contentsOf: Data([1]))
    try handle.close()
    let corrupt = try #require(throws: TaskFailure.self) { try fixture.artifacts.localPath(ofArtifact: sha256) }
    #expect(!corrupt.retryable && corrupt.message.contains("corrupt"))
    let malformed = try #require(throws: TaskFailure.self) { try fixture.artifacts.localPath(ofArtifact: "../etc/passwd") }
    #expect(!malformed.retryable)
}

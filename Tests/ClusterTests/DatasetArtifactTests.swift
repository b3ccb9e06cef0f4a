import Cluster
import Datasets
import Energy
import Foundation
import Logging
import Measures
import Networks
import Retraining
import Shifts
import Tensors
import TestSupport
import Testing

/// A tiny `.npy` dataset of 3 × 8 × 8 byte images in 4 classes, written into `directory`.
private struct NumPyDataset {
    static let count = 24
    let images: String
    let labels: String

    /// Writes `images.npy` and `labels.npy`; `twist` changes one pixel, for data that differs by one byte.
    init(in directory: String, twist: UInt8 = 0) throws {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        var pixels = (0..<(Self.count * 3 * 8 * 8)).map { UInt8(truncatingIfNeeded: $0 * 37 + $0 / 64 * 11) }
        pixels[0] &+= twist
        images = directory + "/images.npy"
        labels = directory + "/labels.npy"
        try NumPyArray(uint8: pixels, shape: [Self.count, 3, 8, 8]).write(toFile: images)
        try NumPyArray(int64: (0..<Self.count).map { $0 % 4 }).write(toFile: labels)
    }

    var spec: String { "npy:\(images),\(labels)?layout=nchw" }

    /// The SHA-256 of each file, keyed by its path.
    func digests() throws -> [String: String] {
        [images: SHA256.hex(try SHA256.hash(file: images)), labels: SHA256.hex(try SHA256.hash(file: labels))]
    }
}

private let measureOptions = MeasureOptions(samples: 16, split: .train, seed: 5)

@Test func aMeasureTaskReadsItsFileDatasetFromArtifactsNeverFromItsPaths() throws {
    let directory = temporaryPath("dataset-artifacts-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(atPath: directory) }
    let artifacts = try DirectoryArtifacts(directory: directory + "/artifacts")
    let runner = try TaskRunner(
        nodeID: "node-a", region: "FRA", energy: EnergyOptions(method: .cpuModel, cpuWatts: 20), artifacts: artifacts,
        workDirectory: directory + "/work", logger: Logger(label: "test"))
    let dataset = try NumPyDataset(in: directory + "/original")
    let digests = try dataset.digests()
    for (path, sha256) in digests {
        try artifacts.publish(file: path, sha256: sha256, name: "data.npy", taskID: "setup")
    }
    let model = try Model(Architecture(.mlp, inputChannels: 3, inputHeight: 8, inputWidth: 8, classes: 4), seed: 2)
    let modelPath = directory + "/m.safetensors"
    try model.write(toFile: modelPath)
    let modelDigest = SHA256.hex(try SHA256.hash(file: modelPath))
    try artifacts.publish(file: modelPath, sha256: modelDigest, name: "m.safetensors", taskID: "setup")
    let shifts = try ShiftedMeasurement.shifts(["gaussian:0.1", "gaussian:0.3"], seed: 9)
    let data = try ShiftedMeasurement.data(spec: dataset.spec, testSplit: false, samples: 16, seed: 5, for: model)
    let expected = MeasureTaskResult(
        results: try ShiftedMeasurement(model: model, data: data, shifts: shifts).run(),
        megaFLOPs: model.megaFLOPs)

    try FileManager.default.removeItem(atPath: directory + "/original")
    let payload = TaskPayload.measure(
        MeasurePayload(
            model: .file(path: "m.safetensors", sha256: modelDigest), dataset: dataset.spec, datasetFiles: digests,
            shifts: shifts, measure: measureOptions))
    let output = try runner.run(
        TaskAssignment(taskID: "t-1", attempt: 1, payload: Array(try CanonicalJSON.encode(payload))))
    #expect(try MeasureTaskResult.decode(output.json).encoded() == expected.encoded())

    // Without digests the worker reads the paths, which are gone.
    var local = payload
    if case .measure(var measure) = payload {
        measure.datasetFiles = nil
        local = .measure(measure)
    }
    let failure = try #require(throws: TaskFailure.self) {
        try runner.run(TaskAssignment(taskID: "t-2", attempt: 1, payload: Array(try CanonicalJSON.encode(local))))
    }
    #expect(failure.message.contains(dataset.images) && failure.retryable)
}

@Test func aTrainTaskReadsADirectoryDatasetThroughLinksToItsArtifacts() throws {
    let directory = temporaryPath("dataset-links-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(atPath: directory) }
    let artifacts = try DirectoryArtifacts(directory: directory + "/artifacts")
    let runner = try TaskRunner(
        nodeID: "node-a", region: "FRA", energy: EnergyOptions(method: .cpuModel, cpuWatts: 20), artifacts: artifacts,
        workDirectory: directory + "/work", logger: Logger(label: "test"))
    // An MNIST-style directory, copied so that it can be removed before the task runs.
    let original = directory + "/mnist"
    try FileManager.default.copyItem(atPath: fixturePath("datasets/mnist"), toPath: original)
    let spec = try DatasetSpec(parsing: "mnist:\(original)")
    var digests: [String: String] = [:]
    for file in try spec.localFiles() {
        digests[file] = SHA256.hex(try SHA256.hash(file: file))
        try artifacts.publish(file: file, sha256: digests[file]!, name: "mnist", taskID: "setup")
    }
    let expected = try spec.load()
    try FileManager.default.removeItem(atPath: original)

    let payload = TaskPayload.train(
        TrainPayload(
            arch: .mlp, dataset: spec.description, datasetFiles: digests,
            train: TrainOptions(
                epochs: 1, batchSize: 2, optimizer: .adam, learningRate: 1e-3, momentum: 0.9, weightDecay: 0,
                schedule: .constant, augment: false, seed: 1)))
    let output = try runner.run(
        TaskAssignment(taskID: "t-1", attempt: 1, payload: Array(try CanonicalJSON.encode(payload))))
    let result = try TrainTaskResult.decode(output.json)
    let model = try Model(contentsOfFile: try artifacts.localPath(ofArtifact: result.model.sha256))
    #expect(model.architecture.inputChannels == 1)
    #expect(model.architecture.inputHeight == expected.train.height)
    #expect(model.architecture.inputWidth == expected.train.width)
    // The loader read a directory of links named like the originals.
    let links = try FileManager.default.subpathsOfDirectory(atPath: directory + "/work/datasets")
    #expect(links.contains { $0.hasSuffix("/t10k-labels-idx1-ubyte.gz") })
}

@Test func contentKeysFollowTheDatasetBytesNotTheirPaths() throws {
    let directory = temporaryPath("dataset-keys-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(atPath: directory) }
    let here = try NumPyDataset(in: directory + "/here")
    let there = try NumPyDataset(in: directory + "/there")
    let changed = try NumPyDataset(in: directory + "/changed", twist: 1)

    func key(_ dataset: NumPyDataset) throws -> String {
        let job = JobSpec(
            name: "keys", dataset: dataset.spec, models: [ModelSpec(arch: "mlp")],
            shifts: [ShiftSpec(type: "blur", levels: [1])], datasetFiles: try dataset.digests())
        return try JobPlan.expand(job, modelDigests: [:]).tasks[0].contentKey
    }
    #expect(try key(here) == key(there))
    #expect(try key(here) != key(changed))

    // Files of a directory are keyed by their names in it.
    func directoryKey(_ root: String, _ digest: String) throws -> String {
        let payload = TaskPayload.train(
            TrainPayload(
                arch: .mlp, dataset: "mnist:\(root)?classes=10",
                datasetFiles: ["\(root)/train-images-idx3-ubyte": digest, "\(root)/train-labels-idx1-ubyte": digest],
                train: TrainOptions(
                    epochs: 1, batchSize: 8, optimizer: .adam, learningRate: 1e-3, momentum: 0.9, weightDecay: 0,
                    schedule: .constant, augment: false, seed: 1)))
        return try payload.contentKey()
    }
    let digest = String(repeating: "a", count: 64)
    #expect(try directoryKey("/one", digest) == directoryKey("/two/mnist", digest))
    #expect(try directoryKey("/one", digest) != directoryKey("/one", String(repeating: "b", count: 64)))

    // A built-in dataset's payload and key are as before: no digests, no `datasetFiles`.
    let builtin = MeasurePayload(
        model: .file(path: "m", sha256: digest), dataset: "builtin:shapes?train=10&test=5&seed=1", datasetFiles: [:],
        shifts: [], measure: measureOptions)
    #expect(builtin.datasetFiles == nil)
    let json = String(decoding: try CanonicalJSON.encode(TaskPayload.measure(builtin)), as: UTF8.self)
    #expect(!json.contains("datasetFiles"))
}

@Test func datasetFileDigestsAreCheckedAgainstTheDataset() throws {
    func problem(_ dataset: String, _ files: String) throws -> JobError {
        let json = """
            {"name":"x","dataset":"\(dataset)","datasetFiles":\(files),"models":[{"arch":"mlp"}],
             "shifts":[{"type":"blur","levels":[1]}]}
            """
        return try #require(throws: JobError.self) { try JobSpec(json: Array(json.utf8)) }
    }
    let digest = String(repeating: "C", count: 64)
    let malformed = try problem("npy:/d/x.npy,/d/y.npy", #"{"/d/x.npy":"abc","/d/y.npy":"\#(digest)"}"#)
    #expect(malformed.path == "datasetFiles" && malformed.message.contains("'abc'"))
    let foreign = try problem("npy:/d/x.npy,/d/y.npy", #"{"/d/x.npy":"\#(digest)","/d/z.npy":"\#(digest)"}"#)
    #expect(foreign.path == "datasetFiles" && foreign.message.contains("'/d/z.npy'"))
    let builtin = try problem("builtin:shapes", #"{"/d/x.npy":"\#(digest)"}"#)
    #expect(builtin.message.contains("built in"))
    let notStrings = try problem("npy:/d/x.npy,/d/y.npy", #"{"/d/x.npy":1}"#)
    #expect(notStrings.code == .wrongType)

    let json = """
        {"name":"x","dataset":"mnist:/d/m","datasetFiles":{"/d/m/train-images-idx3-ubyte":"\(digest)"},
         "models":[{"arch":"mlp"}],"shifts":[{"type":"blur","levels":[1]}]}
        """
    let job = try JobSpec(json: Array(json.utf8))
    let plan = try JobPlan.expand(job, modelDigests: [:])
    #expect(plan.tasks[0].payload.datasetFiles == ["/d/m/train-images-idx3-ubyte": digest.lowercased()])
}

/// A job on a file dataset through a coordinator and in-process workers.
@Suite(.serialized)
struct DatasetArtifactClusterTests: ServiceFixtures {
    @Test func aJobOnAnNpyDatasetGivenByPathIsRegisteredByTheCoordinatorAndCompletes() throws {
        let directory = temporaryPath("dataset-cluster-\(UUID().uuidString)")
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let database = try ClusterDatabase(path: directory + "/state.sqlite")
        let cluster = try LocalCluster(
            database: database, regions: ["FRA"], artifactDirectory: directory + "/artifacts",
            configuration: fastCoordinator, logger: quietLogger)
        defer { cluster.stop() }
        let client = try cluster.client(timeout: .seconds(60))

        let dataset = try NumPyDataset(in: directory + "/data")
        let job = JobSpec(
            name: "npy", dataset: dataset.spec,
            models: [ModelSpec(arch: "mlp", train: TrainSpec(epochs: 1, batchSize: 8, seed: 1))],
            shifts: [ShiftSpec(type: "gaussian", levels: [0.1, 0.3])], measure: MeasureSpec(samples: 16))
        let expected = try dataset.digests()
        let accepted = try client.submit(job: Array(try job.canonicalJSON()))
        // The coordinator holds the files now; the workers fetch them from it.
        try FileManager.default.removeItem(atPath: directory + "/data")
        let record = try #require(try database.job(Int64(accepted.jobID)!))
        let digests = try #require(try JobSpec(json: Array(record.spec.utf8)).datasetFiles)
        #expect(digests == expected)
        #expect(Set(try database.artifacts(kind: "dataset").map(\.sha256)) == Set(digests.values))

        let progress = try client.waitUntilFinished(
            jobID: accepted.jobID, interval: .milliseconds(50), timeout: .seconds(120))
        #expect(progress.total == 2 && progress.done == 2 && progress.failed == 0)
    }
}

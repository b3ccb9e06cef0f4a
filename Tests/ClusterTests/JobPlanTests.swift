import Cluster
import Foundation
import Shifts
import TestSupport
import Testing

struct JobPlanTests {
    /// A made-up digest for the small job's model file.
    static let digest = String(repeating: "ab", count: 32)
    static let digests = ["models/cnn.safetensors": digest]

    @Test func smallJobExpandsIntoTrainCalibrateAndMeasureTasksInOrder() throws {
        let plan = try JobPlan.expand(try smallJob(), modelDigests: Self.digests)

        // The file model: 4 calibrate, then 2 measure (gaussian, blur); the trained model: train first, then the same.
        #expect(plan.tasks.count == 13)
        let kinds: [TaskKind] = [.calibrate, .calibrate, .calibrate, .calibrate, .measure, .measure]
        #expect(plan.tasks.map(\.kind) == kinds + [.train] + kinds)
        let priorities = [20, 20, 20, 20, 10, 10]
        #expect(plan.tasks.map(\.priority) == priorities + [30] + priorities)
        #expect(plan.tasks.map(\.modelIndex) == Array(repeating: 0, count: 6) + Array(repeating: 1, count: 7))
        #expect(plan.tasks[0..<7].allSatisfy { $0.dependencies.isEmpty })
        #expect(plan.tasks[7...].allSatisfy { $0.dependencies == [6] })
        #expect(TaskPriority.train > TaskPriority.calibrate && TaskPriority.calibrate > TaskPriority.measure)
    }

    @Test func payloadsCarryTheModelDatasetShiftsAndOptions() throws {
        let plan = try JobPlan.expand(try smallJob(), modelDigests: Self.digests)
        let dataset = "builtin:shapes?train=4000&test=1000&seed=0"
        let file = ModelReference.file(path: "models/cnn.safetensors", sha256: Self.digest)

        guard case .calibrate(let calibrate) = plan.tasks[1].payload else { Issue.record("not calibrate"); return }
        #expect(calibrate.model == file)
        #expect(calibrate.dataset == dataset)
        #expect(calibrate.shift == (try Shift(parsing: "blur:1")))
        #expect(calibrate.measure == MeasureOptions())
        #expect(calibrate.retrain.targetAccuracy == 0.85)
        #expect(calibrate.retrain.cutoffs.map(\.description) == ["0.005:3"])
        #expect(calibrate.retrain.maxEpochs == 8)
        #expect(calibrate.retrain.learningRate == 1e-3)

        guard case .measure(let gaussian) = plan.tasks[4].payload, case .measure(let blur) = plan.tasks[5].payload
        else {
            Issue.record("not measure")
            return
        }
        #expect(gaussian.model == file)
        #expect(gaussian.shifts.map(\.description) == ["gaussian:0.05", "gaussian:0.1", "gaussian:0.2"])
        #expect(blur.shifts.map(\.description) == ["blur:1@7", "blur:2@7", "blur:3@7"])

        guard case .train(let train) = plan.tasks[6].payload else { Issue.record("not train"); return }
        #expect(train.arch.rawValue == "resnet-mini")
        #expect(train.dataset == dataset)
        #expect(
            train.train
                == TrainOptions(
                    epochs: 3, batchSize: 64, optimizer: .sgd, learningRate: 0.05, momentum: 0.9, weightDecay: 5e-4,
                    schedule: .cosine, augment: nil, seed: 0))
        #expect(plan.tasks[7].payload.model == .trained(task: 6, key: plan.tasks[6].contentKey))
        #expect(plan.tasks[12].payload.model == .trained(task: 6, key: plan.tasks[6].contentKey))
    }

    @Test func contentKeysAreStableAcrossRunsAndDistinct() throws {
        let keys = try JobPlan.expand(try smallJob(), modelDigests: Self.digests).tasks.map(\.contentKey)
        #expect(Set(keys).count == keys.count)
        #expect(keys.allSatisfy { $0.count == 64 && $0.allSatisfy(\.isHexDigit) })
        // Pinned: a change here means every stored result would stop being reused; bump EngineVersion instead
        // when that is intended.
        #expect(keys[0] == "08f2308f989643bab6c65b53e5a9afe1e863d2c24d4df00eb0d8f5936bdc9950")
        #expect(keys[4] == "1c96a157340f371ba9030395b97ecff11c44212a9574d15a4fbcf89e9a4c7031")
        #expect(keys[6] == "4bf9c30180ef18234c4b50badc03add2b1f6a418fbe68d3838f6ea4d627e849c")
        #expect(keys[12] == "34a118c485d35504965862d00f735832f7606d164981919ef9589661dcb27551")
    }

    /// The canonical JSON that the keys of tasks 4 (measure) and 6 (train) hash, as Python's
    /// `json.dumps(material, sort_keys=True, separators=(",", ":"))` writes it; `hashlib.sha256` gives the same keys.
    @Test func aContentKeyIsTheSHA256OfItsCanonicalMaterial() throws {
        let keys = try JobPlan.expand(try smallJob(), modelDigests: Self.digests).tasks.map(\.contentKey)
        let measure =
            #"{"dataset":"builtin:shapes?train=4000&test=1000&seed=0","engine":"preindex-engine/1","measure":{"formula":"p.js.64","mode":"reference","samples":2000,"seed":0,"split":"train"},"model":"sha256:\#(Self.digest)","shifts":["gaussian:0.05","gaussian:0.1","gaussian:0.2"],"task":"measure"}"#
        let train =
            #"{"arch":"resnet-mini","dataset":"builtin:shapes?train=4000&test=1000&seed=0","engine":"preindex-engine/1","task":"train","train":{"batchSize":64,"epochs":3,"learningRate":0.05,"momentum":0.9,"optimizer":"sgd","schedule":"cosine","seed":0,"weightDecay":0.0005}}"#
        #expect(SHA256.hex(SHA256.hash(measure.utf8)) == keys[4])
        #expect(SHA256.hex(SHA256.hash(train.utf8)) == keys[6])
    }

    @Test func keyOrderWhitespaceNumberSpellingAndLevelOrderDoNotChangeTheKeys() throws {
        let keys = try JobPlan.expand(try smallJob(), modelDigests: Self.digests).tasks.map(\.contentKey)
        let reordered = try fixtureJob("small-reordered.json")
        #expect(try JobPlan.expand(reordered, modelDigests: Self.digests).tasks.map(\.contentKey) == keys)

        var levelsReversed = try smallJob()
        levelsReversed.shifts[0].levels.reverse()
        #expect(try JobPlan.expand(levelsReversed, modelDigests: Self.digests).tasks.map(\.contentKey) == keys)
    }

    @Test func aRenamedFileWithTheSameContentKeepsItsKeys() throws {
        let keys = try JobPlan.expand(try smallJob(), modelDigests: Self.digests).tasks.map(\.contentKey)
        var renamed = try smallJob()
        renamed.models[0].file = "elsewhere/same-model.safetensors"
        let plan = try JobPlan.expand(
            renamed, modelDigests: ["elsewhere/same-model.safetensors": Self.digest.uppercased()])
        #expect(plan.tasks.map(\.contentKey) == keys)
        #expect(plan.tasks[0].payload.model == .file(path: "elsewhere/same-model.safetensors", sha256: Self.digest))
    }

    /// A change to the job, its model digests or the engine version.
    typealias Change = @Sendable (inout JobSpec, inout [String: String], inout String) -> Void

    /// Changes to the small job and the tasks whose keys each must change (all others keep theirs).
    static let changes: [(name: String, changed: Set<Int>, change: Change)] = [
        (
            "model digest", Set(0..<6),
            { _, digests, _ in digests["models/cnn.safetensors"] = String(repeating: "cd", count: 32) }
        ),
        ("gaussian level", [4, 11], { job, _, _ in job.shifts[0].levels[2] = 0.3 }),
        ("blur seed", [5, 12], { job, _, _ in job.shifts[1].seed = 8 }),
        ("measure samples", Set(0..<13).subtracting([6]), { job, _, _ in job.measure.samples = 1_000 }),
        ("measure formula", Set(0..<13).subtracting([6]), { job, _, _ in job.measure.formula = "p.w1.16" }),
        ("measure split", Set(0..<13).subtracting([6]), { job, _, _ in job.measure.split = "test" }),
        ("calibration target", [0, 1, 2, 3, 7, 8, 9, 10], { job, _, _ in job.calibration?.targetAccuracy = 0.9 }),
        ("calibration shift level", [2, 9], { job, _, _ in job.calibration?.shifts[2] = "frost:3" }),
        ("calibration shift seed", [2, 9], { job, _, _ in job.calibration?.shifts[2] = "frost:2@1" }),
        ("calibration seed", [0, 1, 2, 3, 7, 8, 9, 10], { job, _, _ in job.calibration?.seed = 1 }),
        ("training seed", Set(6..<13), { job, _, _ in job.models[1].train?.seed = 1 }),
        ("training epochs", Set(6..<13), { job, _, _ in job.models[1].train?.epochs = 4 }),
        ("dataset", Set(0..<13), { job, _, _ in job.dataset = "builtin:shapes?train=4000&test=1000&seed=1" }),
        ("engine version", Set(0..<13), { _, _, engine in engine = "preindex-engine/test" }),
    ]

    @Test(arguments: changes)
    func changingAnInputChangesExactlyTheKeysOfTheTasksUsingIt(name: String, changed: Set<Int>, change: Change) throws {
        let before = try JobPlan.expand(try smallJob(), modelDigests: Self.digests).tasks.map(\.contentKey)
        var job = try smallJob()
        var digests = Self.digests
        var engine = EngineVersion.current
        change(&job, &digests, &engine)
        let after = try JobPlan.expand(job, modelDigests: digests, engineVersion: engine).tasks.map(\.contentKey)
        #expect(after.count == before.count)
        let different = Set(before.indices.filter { before[$0] != after[$0] })
        #expect(different == changed, "\(name)")
    }

    @Test func aJobWithoutCalibrationHasOnlyTrainAndMeasureTasks() throws {
        var job = try smallJob()
        job.calibration = nil
        let plan = try JobPlan.expand(job, modelDigests: Self.digests)
        #expect(plan.tasks.map(\.kind) == [.measure, .measure, .train, .measure, .measure])
        #expect(plan.tasks.map(\.dependencies) == [[], [], [], [2], [2]])
    }

    @Test func expandingWithoutAModelsDigestNamesTheFile() throws {
        let error = #expect(throws: JobError.self) { try JobPlan.expand(try smallJob(), modelDigests: [:]) }
        #expect(error?.code == .missingDigest)
        #expect(
            error?.message
                == "models[0].file: no SHA-256 digest was given for 'models/cnn.safetensors'; hash the file before expanding the job"
        )
    }

    @Test func aMalformedDigestIsRefused() throws {
        let error = #expect(throws: JobError.self) {
            try JobPlan.expand(try smallJob(), modelDigests: ["models/cnn.safetensors": "abc"])
        }
        #expect(
            error?.message
                == "models[0].file: the digest 'abc' of 'models/cnn.safetensors' is not 64 hexadecimal digits")
    }

    @Test func twoFilesWithTheSameContentAreOneModelListedTwice() throws {
        var job = try smallJob()
        job.models[1] = ModelSpec(file: "copy.safetensors")
        let error = #expect(throws: JobError.self) {
            try JobPlan.expand(
                job, modelDigests: ["models/cnn.safetensors": Self.digest, "copy.safetensors": Self.digest])
        }
        #expect(
            error?.message == "models[1]: the same model as models[0] (sha256:\(Self.digest)); list each model once")
    }

    @Test func anInvalidJobIsNotExpanded() throws {
        var job = try smallJob()
        job.shifts[1].levels[2] = 30
        let error = #expect(throws: JobError.self) { try JobPlan.expand(job, modelDigests: Self.digests) }
        #expect(error?.message == "shifts[1].levels[2]: blur level 30 is out of range 0…10")
    }

    @Test func storeTasksCarryTheCanonicalPayloadKeyAndPriority() throws {
        let plan = try JobPlan.expand(try smallJob(), modelDigests: Self.digests)
        let tasks = try plan.newTasks(maxAttempts: 5)
        #expect(tasks.count == plan.tasks.count)
        for (new, planned) in zip(tasks, plan.tasks) {
            #expect(new.kind == planned.kind)
            #expect(new.contentKey == planned.contentKey)
            #expect(new.priority == planned.priority)
            #expect(new.maxAttempts == 5)
            #expect(try JSONDecoder().decode(TaskPayload.self, from: new.payload) == planned.payload)
            #expect(try CanonicalJSON.canonicalize(new.payload) == new.payload)
        }
    }

    @Test func aMeasurePayloadIsThisJSON() throws {
        let plan = try JobPlan.expand(try smallJob(), modelDigests: Self.digests)
        let json = String(decoding: try plan.tasks[5].newTask().payload, as: UTF8.self)
        #expect(
            json
                == #"{"dataset":"builtin:shapes?train=4000&test=1000&seed=0","measure":{"formula":"p.js.64","mode":"reference","samples":2000,"seed":0,"split":"train"},"model":{"file":"models/cnn.safetensors","sha256":"\#(Self.digest)"},"shifts":["blur:1@7","blur:2@7","blur:3@7"],"task":"measure"}"#
        )
    }

    @Test func aPayloadOfAnUnknownTaskIsRefused() {
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode(TaskPayload.self, from: Data(#"{"task":"dance"}"#.utf8))
        }
    }

    private func smallJob() throws -> JobSpec {
        try fixtureJob("small.json")
    }

    private func fixtureJob(_ name: String) throws -> JobSpec {
        try JobSpec(json: Array(try Data(contentsOf: URL(fileURLWithPath: fixturePath("jobs/\(name)")))))
    }
}

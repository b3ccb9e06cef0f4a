import Cluster
import Foundation
import TestSupport
import Testing

struct JobSpecTests {
    @Test func smallJobDecodesWithEveryValueAndDefault() throws {
        let job = try JobSpec(json: try fixture("small.json"))

        #expect(job.name == "fleet-small")
        #expect(job.dataset == "builtin:shapes?train=4000&test=1000")
        #expect(
            job.models == [
                ModelSpec(file: "models/cnn.safetensors"), ModelSpec(arch: "resnet-mini", train: TrainSpec(epochs: 3)),
            ])
        #expect(
            job.shifts == [
                ShiftSpec(type: "gaussian", levels: [0.05, 0.1, 0.2]),
                ShiftSpec(type: "blur", levels: [1, 2, 3], seed: 7),
            ])
        #expect(job.measure == MeasureSpec())
        #expect(
            job.calibration
                == CalibrationSpec(
                    shifts: ["gaussian:0.05", "blur:1", "frost:2", "contrast:0.5"], targetAccuracy: 0.85,
                    cutoffs: ["0.005:3"], maxEpochs: 8))
        #expect(job.region == "FRA")
    }

    @Test func aMinimalJobTakesTheDefaults() throws {
        let job = try JobSpec(json: Array(minimalJob.utf8))
        #expect(job.measure == MeasureSpec(samples: 2_000, split: "train", mode: "reference", formula: "p.js.64"))
        #expect(job.calibration == nil)
        #expect(job.region == nil)
        #expect(job.shifts[0].seed == 0)
    }

    @Test func encodingAndDecodingAgainGivesTheSameJob() throws {
        let job = try JobSpec(json: try fixture("small.json"))
        let again = try JobSpec(json: try job.canonicalJSON())
        #expect(again == job)
    }

    @Test func reorderedKeysWhitespaceAndNumberSpellingGiveTheSameCanonicalJob() throws {
        let job = try JobSpec(json: try fixture("small.json"))
        let reordered = try JobSpec(json: try fixture("small-reordered.json"))
        // The dataset is kept as written (its options are in another order); everything else is equal.
        #expect(reordered.dataset == "builtin:shapes?test=1000&train=4000")
        var same = reordered
        same.dataset = job.dataset
        #expect(try same.canonicalJSON() == (try job.canonicalJSON()))
    }

    /// Every invalid fixture of Tests/Fixtures/jobs with the code and the whole message it must give.
    static let invalidFixtures: [(file: String, code: JobError.Code, message: String)] = [
        (
            "malformed.json", .malformedJSON,
            "the job is not valid JSON at line 4, column 3: expected ',' or '}' after a member of an object, found '\"'"
        ),
        ("blur-level-out-of-range.json", .invalidValue, "shifts[1].levels[2]: blur level 30 is out of range 0…10"),
        (
            "unknown-shift-type.json", .invalidValue,
            "shifts[0].type: unknown shift type 'fog'; valid types are identity, gaussian, salt-pepper, blur, shot, "
                + "impulse, frost, brightness, contrast"
        ),
        (
            "bad-dataset.json", .invalidValue,
            "dataset: unknown dataset scheme 'imagenet' in 'imagenet:/data/imagenet'; valid schemes are builtin, "
                + "cifar, cifar10, cifar100, mnist, fashion-mnist, npy"
        ),
        (
            "model-file-and-arch.json", .invalidValue,
            "models[1]: give either \"file\" or \"arch\", not both: a model is a file or is trained"
        ),
        (
            "model-without-file-or-arch.json", .invalidValue,
            "models[0]: give \"file\" (a model file to measure) or \"arch\" (an architecture to train)"
        ),
        (
            "unknown-arch.json", .invalidValue,
            "models[0].arch: unknown architecture 'resnet50'; valid architectures are mlp, cnn, vgg-mini, "
                + "resnet-mini, resnet18"
        ),
        (
            "target-accuracy-out-of-range.json", .invalidValue,
            "calibration.targetAccuracy: the target accuracy must be in (0, 1], got 1.5"
        ),
        (
            "bad-cutoff.json", .invalidValue,
            "calibration.cutoffs[1]: cutoff '0.01' must be acc_diff:epochs with acc_diff ≥ 0 and epochs ≥ 1, e.g. 0.01:3"
        ),
        ("zero-samples.json", .invalidValue, "measure.samples: the sample count must be at least 1, got 0"),
        (
            "too-few-calibration-shifts.json", .invalidValue,
            "calibration.shifts: calibration needs at least 4 shifts to fit the costs, got 2"
        ),
        (
            "misspelt-key.json", .unknownKey,
            "measure.sampels: unknown key; the keys here are samples, split, mode, formula, embeddingLayer, seed; "
                + "did you mean \"samples\"?"
        ),
        ("string-for-number.json", .wrongType, "shifts[0].levels[1]: expected a number, found the string \"0.2\""),
        ("fractional-epochs.json", .wrongType, "models[0].train.epochs: expected a whole number, found 2.5"),
        ("missing-shifts.json", .missingKey, "the job has no \"shifts\", which is required"),
    ]

    @Test(arguments: invalidFixtures)
    func invalidFixtureGivesItsOwnMessage(file: String, code: JobError.Code, message: String) throws {
        let bytes = try fixture(file)
        let error = #expect(throws: JobError.self) { try JobSpec(json: bytes) }
        #expect(error?.code == code)
        #expect(error?.message == message)
    }

    @Test func badFormulaNamesTheComponentAndTheKnownOnes() throws {
        let bytes = try fixture("bad-formula.json")
        let error = #expect(throws: JobError.self) { try JobSpec(json: bytes) }
        #expect(error?.path == "measure.formula")
        #expect(
            error?.message.hasPrefix(
                "measure.formula: unknown component 'p.js.65' in formula 'p.js.65'; known: p.w1.16,") == true)
    }

    /// Inline jobs and their messages: each replaces one part of ``minimalJob``.
    static let invalidInline: [(json: String, path: String, message: String)] = [
        (#"[1, 2]"#, "", "the job must be a JSON object, found an array"),
        (minimal(name: #""  ""#), "name", "name: the job's name is empty; give it a name people will recognise"),
        (
            minimal(models: "[]"), "models",
            #"models: the job has no models; give at least one {"file": PATH} or {"arch": NAME}"#
        ),
        (
            minimal(models: #"[{"file": "a.safetensors"}, {"file": "a.safetensors"}]"#), "models[1]",
            "models[1]: the same model as models[0]; list each model once"
        ),
        (
            minimal(models: #"[{"file": "a.safetensors", "train": {}}]"#), "models[0].train",
            #"models[0].train: only a model given by "arch" is trained; remove "train" or give "arch" instead of "file""#
        ),
        (
            minimal(models: #"[{"arch": "cnn", "train": {"optimizer": "rmsprop"}}]"#), "models[0].train.optimizer",
            "models[0].train.optimizer: unknown optimizer 'rmsprop'; valid ones are sgd, adam, adamw"
        ),
        (
            minimal(models: #"[{"arch": "cnn", "train": {"momentum": 1}}]"#), "models[0].train.momentum",
            "models[0].train.momentum: the momentum must be in [0, 1), got 1.0"
        ),
        (
            minimal(shifts: "[]"), "shifts",
            #"shifts: the job has no shifts; give at least one {"type": TYPE, "levels": [LEVEL, …]}"#
        ),
        (
            minimal(shifts: #"[{"type": "gaussian", "levels": []}]"#), "shifts[0].levels",
            "shifts[0].levels: give at least one level of gaussian"
        ),
        (
            minimal(shifts: #"[{"type": "frost", "levels": [1.5]}]"#), "shifts[0].levels[0]",
            "shifts[0].levels[0]: frost level 1.5 is not a whole number; frost takes a severity 0…10"
        ),
        (
            minimal(
                shifts: #"[{"type": "gaussian", "levels": [0.1, 0.2]}, {"type": "Gaussian", "levels": [0.3, 0.1]}]"#),
            "shifts[1].levels[1]", "shifts[1].levels[1]: gaussian:0.1 is already listed at shifts[0].levels[0]"
        ),
        (
            minimal(shifts: #"[{"type": "gaussian", "levels": [0.1], "seed": -1}]"#), "shifts[0].seed",
            "shifts[0].seed: expected a whole number from 0 to 18446744073709551615, found -1"
        ),
        (
            minimal(extra: #""measure": {"split": "validation"}"#), "measure.split",
            "measure.split: unknown split 'validation'; valid ones are train, test"
        ),
        (
            minimal(extra: #""measure": {"mode": "exact"}"#), "measure.mode",
            "measure.mode: unknown mode 'exact'; valid ones are reference, principled"
        ),
        (
            minimal(extra: #""measure": [2000]"#), "measure", "measure: expected an object, found an array"
        ),
        (
            minimal(extra: #""calibration": {"shifts": ["gaussian:0.05", "blur:1", "gaussian:0.05", "frost:1"]}"#),
            "calibration.shifts[2]", "calibration.shifts[2]: gaussian:0.05 is already listed at calibration.shifts[0]"
        ),
        (
            minimal(extra: #""calibration": {"shifts": ["gaussian:0.05", "blur:1", "fog:2", "frost:1"]}"#),
            "calibration.shifts[2]",
            "calibration.shifts[2]: unknown shift type 'fog' in 'fog:2'; valid types are identity, gaussian, "
                + "salt-pepper, blur, shot, impulse, frost, brightness, contrast"
        ),
        (
            minimal(
                extra:
                    #""calibration": {"shifts": ["gaussian:0.05", "blur:1", "frost:2", "shot:1"], "cutoffs": ["0.1:1", "0.1:2", "0.1:3"]}"#
            ),
            "calibration.cutoffs", "calibration.cutoffs: at most two cutoffs are allowed, got 3"
        ),
        (
            minimal(
                extra: #""calibration": {"shifts": ["gaussian:0.05", "blur:1", "frost:2", "shot:1"], "maxEpochs": 0}"#),
            "calibration.maxEpochs", "calibration.maxEpochs: the epoch limit must be at least 1, got 0"
        ),
        (
            minimal(extra: #""calibration": {"targetAccuracy": 0.9}"#), "calibration.shifts",
            #"calibration has no "shifts", which is required"#
        ),
        (
            minimal(extra: #""region": "Atlantis""#), "region",
            "region: unknown region 'Atlantis' (similar: ATG): give an ISO 3166 alpha-3 country code (FRA, USA, DEU) or a cloud region "
                + "(GCP us-central1, AWS eu-west-3, Azure westeurope; GridIntensity.all lists them), or give the intensity "
                + "itself with --grid-intensity"
        ),
        (
            minimal(extra: #""Name": "twice""#), "Name",
            #"Name: unknown key; the keys of a job are name, dataset, datasetFiles, models, shifts, measure, calibration, region; did you mean "name"?"#
        ),
        (
            minimal(extra: #""name": "twice""#), "",
            #"the job is not valid JSON at line 1, column 140: the key "name" appears twice in one object"#
        ),
    ]

    @Test(arguments: invalidInline)
    func invalidValueIsReportedAtItsPath(json: String, path: String, message: String) {
        let error = #expect(throws: JobError.self) { try JobSpec(json: Array(json.utf8)) }
        #expect(error?.path == path)
        #expect(error?.message == message)
    }

    @Test func deeplyNestedInputIsRefusedWithoutCrashing() {
        let json = String(repeating: "[", count: 100_000)
        let error = #expect(throws: JobError.self) { try JobSpec(json: Array(json.utf8)) }
        #expect(error?.code == .malformedJSON)
        #expect(error?.message.contains("nested deeper than 128 levels") == true)
    }

    @Test func randomBytesGiveAnErrorNeverATrap() {
        var generator = SeededBytes(seed: 42)
        let valid = Array(minimalJob.utf8)
        for round in 0..<2_000 {
            var bytes = valid
            for _ in 0..<(1 + round % 4) {
                let index = Int(generator.next() % UInt64(bytes.count))
                bytes[index] = UInt8(truncatingIfNeeded: generator.next())
            }
            if round % 7 == 0 { bytes = Array(bytes.prefix(Int(generator.next() % UInt64(bytes.count)))) }
            _ = try? JobSpec(json: bytes)
        }
    }

    /// A valid job with only the required keys; ``minimal(name:models:shifts:extra:)`` varies it.
    static let minimalJob = minimal()

    private var minimalJob: String { Self.minimalJob }

    static func minimal(
        name: String = #""minimal""#, models: String = #"[{"file": "m.safetensors"}]"#,
        shifts: String = #"[{"type": "gaussian", "levels": [0.1]}]"#, extra: String? = nil
    ) -> String {
        #"{"name": \#(name), "dataset": "builtin:shapes", "models": \#(models), "shifts": \#(shifts)"#
            + (extra.map { ", \($0)" } ?? "") + "}"
    }

    private func fixture(_ name: String) throws -> [UInt8] {
        Array(try Data(contentsOf: URL(fileURLWithPath: fixturePath("jobs/\(name)"))))
    }
}

/// A SplitMix64 stream, for reproducible mutations.
struct SeededBytes {
    var state: UInt64

    init(seed: UInt64) {
        state = seed
    }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

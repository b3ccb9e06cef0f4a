import Foundation
import Tensors
import Testing
import TestSupport

@Test func preindex_HelpListsTheCommands() throws {
    let result = try preindex("--help")
    #expect(result.status == 0)
    #expect(result.stdout == """
        OVERVIEW: Estimate what retraining each model costs under each distribution
        shift, before spending it.

        USAGE: preindex <subcommand>

        OPTIONS:
          --version               Show the version.
          -h, --help              Show help information.

        SUBCOMMANDS:
          demo                    Run the embedded default end to end: a whole cluster
                                  job in one process, then its ranking.
          train                   Train a model on a dataset and write it as
                                  .safetensors.
          measure                 Measure the PreIndex and ARM components of a model
                                  under one or more shifts.
          retrain                 Retrain a model under a shift to a target accuracy
                                  and report what it cost.
          calibrate               Retrain under calibration shifts for real and fit
                                  PreIndex → epochs, kWh, kg CO2eq.
          estimate                Predict retraining costs of new shifts from PreIndex
                                  alone, with intervals.
          coordinator             Serve a cluster: hand tasks to workers, store
                                  results, answer submit/status/ranking.
          worker                  Join a cluster: run the train, measure, calibrate and
                                  retrain tasks a coordinator leases.
          submit                  Send a job to the coordinator and print its id
                                  (--wait follows it to the end).
          status                  Progress of one job or of all jobs, and the energy
                                  each node used.
          ranking                 The cost ranking of a job: per model, shift and
                                  level, what retraining would cost.
          cancel                  Stop a job, or rows of a plan: queued and running
                                  tasks are cancelled, results already stored are kept.
          decide                  Plan which models to retrain after a finished
                                  evaluation job, how, and where.
          artifacts               Stored models and files with their lineage, and
                                  fetching any of them by its sha256.
          report                  A job's ranking as one self-contained HTML page, with
                                  charts and the plans run after it.
          keygen                  Create a CURVE key pair for a coordinator, worker or
                                  client.
          bench                   Measure the engine's speed, as ratios against
                                  references measured in the same run.

          See 'preindex help <subcommand>' for detailed help.

        """)
}

@Test func train_UnknownDatasetSchemeIsOneClearLineAndNonZeroExit() throws {
    let result = try preindex("train", "--dataset", "imagenet:/nowhere", "--out", temporaryPath("x.safetensors"))
    #expect(result.status != 0)
    #expect(result.stderr.contains("imagenet"))
    #expect(result.stderr.split(separator: "\n").count == 1)
}

@Test func train_InvalidArgumentsAreRejectedBeforeAnyWork() throws {
    let epochs = try preindex("train", "--epochs", "0")
    #expect(epochs.status != 0)
    #expect(epochs.stderr.contains("--epochs must be at least 1"))
    let arch = try preindex("train", "--arch", "resnet50")
    #expect(arch.status != 0)
    #expect(arch.stderr.contains("resnet50"))
}

@Test func train_GradientClippingIsACooperativeOptionWithAPositiveLimit() throws {
    let alone = try preindex("train", "--clip-grad-norm", "2", "--out", temporaryPath("x.safetensors"))
    #expect(alone.status != 0)
    #expect(alone.stderr.contains("--clip-grad-norm needs --cooperative"))
    let zero = try preindex(
        "train", "--cooperative", "--arch", "cnn", "--clip-grad-norm=0", "--dataset", "builtin:shapes?train=8&test=0",
        "--out", temporaryPath("x.safetensors"))
    #expect(zero.status != 0)
    #expect(zero.stderr.contains("the gradient norm limit must be a number > 0, got 0.0"))
    #expect(zero.stderr.split(separator: "\n").count == 1)
}

@Test func train_SubnetworkDrawIsACooperativeOptionNamingAKnownDraw() throws {
    let alone = try preindex("train", "--subnetwork-draw", "uniform", "--out", temporaryPath("x.safetensors"))
    #expect(alone.status != 0)
    #expect(alone.stderr.contains("--subnetwork-draw needs --cooperative"))
    let unknown = try preindex(
        "train", "--cooperative", "--subnetwork-draw", "deepest", "--dataset", "builtin:shapes?train=8&test=0",
        "--out", temporaryPath("x.safetensors"))
    #expect(unknown.status != 0)
    #expect(unknown.stderr.contains("by-skipped-blocks"))
}

@Test func train_CooperativeResnet18UsesItsMeasuredDefaultsUnlessTold() throws {
    let path = temporaryPath("coop18.safetensors")
    defer { removeFile(path) }
    let tiny = [
        "train", "--cooperative", "--arch", "resnet18", "--dataset", "builtin:shapes?train=4&test=0", "--epochs", "1",
        "--recalibration-steps", "0",
    ]
    let defaults = try runCommand(preindexExecutable, tiny + ["--out", path])
    #expect(defaults.status == 0, "\(defaults.stderr)")
    #expect(defaults.stdout.contains("resnet18 cooperative defaults: learning rate 0.01, 3 sub-networks of each Teammate per step"))
    #expect(!defaults.stdout.contains("0.0%"), "no test split: accuracies are unknown, not 0")
    let told = try runCommand(preindexExecutable, tiny + ["--lr", "0.02", "--subnetworks-per-step", "1", "--out", path])
    #expect(told.status == 0, "\(told.stderr)")
    #expect(!told.stdout.contains("cooperative defaults"))
}

@Test func train_WritesAModelFileThatLoadsBack() throws {
    let path = temporaryPath("tiny.safetensors")
    defer { removeFile(path) }
    let result = try preindex(
        "train", "--arch", "mlp", "--dataset", "builtin:shapes?train=200&test=50&seed=1", "--epochs", "1",
        "--out", path, "--json")
    #expect(result.status == 0, "\(result.stderr)")
    let history = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]]
    #expect(history?.count == 1)
    #expect(history?.first?["testAccuracy"] != nil)
    #expect(FileManager.default.fileExists(atPath: path))
    // Progress goes to stderr as plain lines when it is not a terminal.
    #expect(result.stderr.contains("epoch 1/1"))
}

@Test func train_CorruptDatasetFileIsAClearError() throws {
    let images = temporaryPath("images.npy"), labels = temporaryPath("labels.npy")
    defer { removeFile(images); removeFile(labels) }
    try Data("not a numpy file".utf8).write(to: URL(fileURLWithPath: images))
    try Data("not a numpy file".utf8).write(to: URL(fileURLWithPath: labels))
    let result = try preindex("train", "--dataset", "npy:\(images),\(labels)", "--out", temporaryPath("m.safetensors"))
    #expect(result.status != 0)
    #expect(result.stderr.contains(images))
}

@Test func measure_PrintsARowPerShiftAndDumpsWhatNumPyReads() throws {
    let model = temporaryPath("m.safetensors"), dump = temporaryPath("dump")
    defer { removeFile(model); try? FileManager.default.removeItem(atPath: dump) }
    let train = try preindex(
        "train", "--arch", "cnn", "--dataset", "builtin:shapes?train=200&test=0&seed=1", "--epochs", "1", "--out", model)
    #expect(train.status == 0, "\(train.stderr)")
    let result = try preindex(
        "measure", "--model", model, "--dataset", "builtin:shapes?train=60&test=0", "--shift", "gaussian:0.1",
        "--shift", "blur:1", "--dump-activations", dump)
    #expect(result.status == 0, "\(result.stderr)")
    #expect(result.stdout.contains("gaussian:0.1") && result.stdout.contains("blur:1"))
    for file in ["meta.json", "labels.npy", "embedding_clean.npy", "clean/conv1.npy", "shifted/fc1.npy"] {
        #expect(FileManager.default.fileExists(atPath: "\(dump)/gaussian_0.1/\(file)"), "\(file)")
    }
    // Recomputing from the dump gives the same index as the live measurement.
    let live = try preindex(
        "measure", "--model", model, "--dataset", "builtin:shapes?train=60&test=0", "--shift", "gaussian:0.1", "--json")
    let fromDump = try preindex("measure", "--from-dump", "\(dump)/gaussian_0.1", "--json")
    func index(_ json: String) throws -> Double {
        let results = try JSONSerialization.jsonObject(with: Data(json.utf8)) as! [[String: Any]]
        return results[0]["preindex"] as! Double
    }
    #expect(abs(try index(live.stdout) - index(fromDump.stdout)) < 1e-9)
}

@Test func measure_BadInputIsOneClearError() throws {
    let model = temporaryPath("m4.safetensors")
    defer { removeFile(model) }
    _ = try preindex(
        "train", "--arch", "mlp", "--dataset", "builtin:shapes?train=50&test=0", "--epochs", "1", "--out", model)
    let unknownShift = try preindex("measure", "--model", model, "--shift", "fog:1")
    #expect(unknownShift.status != 0 && unknownShift.stderr.contains("fog"))
    let level = try preindex("measure", "--model", model, "--shift", "blur:30")
    #expect(level.status != 0 && level.stderr.contains("out of range"))
    let layer = try preindex("measure", "--model", model, "--shift", "blur:1", "--embedding-layer", "nope")
    #expect(layer.status != 0 && layer.stderr.contains("nope"))
    // A dataset of 3 classes against a model of 10.
    let images = temporaryPath("i.npy"), labels = temporaryPath("l.npy")
    defer { removeFile(images); removeFile(labels) }
    try NumPyArray(uint8: [UInt8](repeating: 128, count: 6 * 32 * 32 * 3), shape: [6, 32, 32, 3]).write(toFile: images)
    try NumPyArray(int64: [0, 1, 2, 0, 1, 2], shape: [6]).write(toFile: labels)
    let classes = try preindex("measure", "--model", model, "--dataset", "npy:\(images),\(labels)", "--shift", "blur:1")
    #expect(classes.status != 0 && classes.stderr.contains("10 classes"), "\(classes.stderr)")
    let corrupt = temporaryPath("corrupt.safetensors")
    defer { removeFile(corrupt) }
    try Data([1, 2, 3]).write(to: URL(fileURLWithPath: corrupt))
    let bad = try preindex("measure", "--model", corrupt, "--shift", "blur:1")
    #expect(bad.status != 0 && bad.stderr.contains(corrupt))
}

@Test func retrainCalibrateEstimate_WorkEndToEndOnATinyModel() throws {
    let model = temporaryPath("tiny.safetensors"), calibration = temporaryPath("tiny.calibration.json")
    let emissions = temporaryPath("emissions.csv")
    defer { removeFile(model); removeFile(calibration); removeFile(emissions) }
    let data = "builtin:shapes?train=120&test=40&seed=3"
    #expect(try preindex("train", "--arch", "mlp", "--dataset", data, "--epochs", "1", "--out", model).status == 0)
    let retrain = try preindex(
        "retrain", "--model", model, "--dataset", data, "--shift", "gaussian:0.1", "--target-accuracy", "0.99",
        "--max-epochs", "2", "--energy-method", "cpu-model", "--region", "FRA", "--emissions", emissions, "--json")
    #expect(retrain.status == 0, "\(retrain.stderr)")
    let records = try JSONSerialization.jsonObject(with: Data(retrain.stdout.utf8)) as! [[String: Any]]
    #expect(records[0]["epochs"] as? Int == 2 && records[0]["stop"] as? String == "max-epochs")
    let csv = try String(contentsOfFile: emissions, encoding: .utf8).split(separator: "\n")
    #expect(csv.count == 2 && csv[0].hasPrefix("timestamp,project_name,run_id") && csv[0].hasSuffix("node,task,method"))
    #expect(csv[1].hasSuffix(",cpu-model"))

    let calibrate = try preindex(
        "calibrate", "--model", model, "--dataset", data, "--shift", "gaussian:0.05", "--shift", "gaussian:0.2",
        "--shift", "blur:1", "--shift", "blur:2", "--samples", "40", "--target-accuracy", "0.99", "--max-epochs", "1",
        "--energy-method", "cpu-model", "--out", calibration)
    #expect(calibrate.status == 0, "\(calibrate.stderr)")
    #expect(calibrate.stdout.contains("LOO MAPE"))
    let estimate = try preindex(
        "estimate", "--model", model, "--dataset", data, "--shift", "gaussian:0.1", "--calibration", calibration,
        "--samples", "40", "--json")
    #expect(estimate.status == 0, "\(estimate.stderr)")
    let rows = try JSONSerialization.jsonObject(with: Data(estimate.stdout.utf8)) as! [[String: Any]]
    #expect((rows[0]["estimates"] as! [[String: Any]]).count == 3)
}

@Test func retrain_BadOptionsAreOneClearError() throws {
    let model = temporaryPath("tiny2.safetensors")
    defer { removeFile(model) }
    _ = try preindex("train", "--arch", "mlp", "--dataset", "builtin:shapes?train=50&test=10", "--epochs", "1", "--out", model)
    let target = try preindex("retrain", "--model", model, "--shift", "blur:1", "--target-accuracy", "1.5")
    #expect(target.status != 0 && target.stderr.contains("(0, 1]"))
    let region = try preindex("retrain", "--model", model, "--shift", "blur:1", "--region", "ATLANTIS")
    #expect(region.status != 0 && region.stderr.contains("ATLANTIS"))
    let watts = try preindex("retrain", "--model", model, "--shift", "blur:1", "--cpu-watts", "-5")
    #expect(watts.status != 0 && watts.stderr.contains("--cpu-watts"))
    let missing = try preindex("estimate", "--model", model, "--shift", "blur:1", "--calibration", "/nonexistent.json")
    #expect(missing.status != 0 && missing.stderr.contains("preindex calibrate"))
}

@Test func keygen_WritesAKeyPairAndRefusesToOverwriteIt() throws {
    let directory = temporaryPath("keys")
    try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: directory) }
    let first = try preindex("keygen", "worker1", "--directory", directory)
    #expect(first.status == 0)
    #expect(first.stdout.trimmingCharacters(in: .whitespacesAndNewlines).count == 40)
    #expect(try String(contentsOfFile: directory + "/worker1.pub", encoding: .utf8).contains(first.stdout.trimmingCharacters(in: .whitespacesAndNewlines)))
    let again = try preindex("keygen", "worker1", "--directory", directory)
    #expect(again.status != 0 && again.stderr.contains("worker1"))
}

import Foundation
import Testing
import TestSupport

/// A training run small enough for a test: a 2-layer perceptron, one epoch of 600 images.
private func trainArguments(out: String) -> [String] {
    ["train", "--arch", "mlp", "--dataset", "builtin:shapes?train=600&test=100&seed=3", "--epochs", "1", "--out", out]
}

@Test func train_JSONAndQuietPrintOnlyTheJSON() throws {
    let path = temporaryPath("quiet.safetensors")
    defer { removeFile(path) }
    let result = try runCommand(preindexExecutable, trainArguments(out: path) + ["--json", "--quiet"])
    #expect(result.status == 0, "\(result.stderr)")
    #expect(result.stderr.isEmpty, "--quiet shows no progress: \(result.stderr)")
    let history = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]]
    #expect(history?.count == 1, "standard output is the JSON alone")
}

@Test func train_ProgressOffATerminalIsPlainLinesAtTheInterval() throws {
    let path = temporaryPath("plain.safetensors")
    defer { removeFile(path) }
    let every = try runCommand(preindexExecutable, trainArguments(out: path) + ["--progress-interval", "0", "--json"])
    #expect(every.status == 0, "\(every.stderr)")
    #expect(!every.stderr.contains("\r"), "no redrawing off a terminal")
    let lines = every.stderr.split(separator: "\n")
    let progress = lines.filter { $0.contains("epoch 1/1  batch") && $0.contains("%  ") }
    #expect(progress.count >= 5, "a line per batch at interval 0: \(every.stderr)")
    #expect(progress.allSatisfy { !$0.contains("█") }, "no bar off a terminal")
    #expect(lines.last?.hasPrefix("epoch 1/1  loss") == true, "then the epoch's line")

    // At the default interval (10 s) a run this short shows only the epoch's line.
    let quiet = try runCommand(preindexExecutable, trainArguments(out: path) + ["--json"])
    #expect(quiet.stderr.split(separator: "\n").map { $0.hasPrefix("epoch 1/1  loss") } == [true], "\(quiet.stderr)")
}

@Test func usageMistakesAreOneLineThatSaysWhereToReadMore() throws {
    let epochs = try preindex("train", "--epochs", "0")
    #expect(epochs.status == 64)
    #expect(epochs.stderr == "Error: --epochs must be at least 1, got 0 (see 'preindex train --help')\n")
    let option = try preindex("train", "--epochz", "3")
    #expect(option.stderr.split(separator: "\n").count == 1, "\(option.stderr)")
    #expect(option.stderr.hasPrefix("Error: Unknown option '--epochz'") && option.stderr.contains("'preindex train --help'"))
    let nested = try preindex("artifacts", "get")
    #expect(nested.stderr.split(separator: "\n").count == 1 && nested.stderr.contains("'preindex artifacts get --help'"))
    let interval = try preindex("train", "--progress-interval=-1")
    #expect(interval.status == 64 && interval.stderr.contains("--progress-interval must be"), "\(interval.stderr)")
}

@Test func runtimeErrorsAreOneLineNamingTheFile() throws {
    let missing = temporaryPath("no-such-job.json")
    let submit = try preindex("submit", missing, "--connect", "tcp://127.0.0.1:9", "--timeout", "1", "--insecure")
    #expect(submit.status != 0)
    #expect(submit.stderr.split(separator: "\n").count == 1 && submit.stderr.contains(missing), "\(submit.stderr)")
    let model = try preindex("measure", "--model", missing, "--shift", "gaussian:0.1")
    #expect(model.status == 1)
    #expect(model.stderr.split(separator: "\n").count == 1 && model.stderr.contains(missing), "\(model.stderr)")
}

@Test func helpAndVersionStillGoToStandardOutput() throws {
    let version = try preindex("--version")
    #expect(version.status == 0 && version.stdout == "0.1.0\n" && version.stderr.isEmpty)
    let help = try preindex("train", "--help")
    #expect(help.status == 0 && help.stdout.contains("--quiet") && help.stdout.contains("--progress-interval"))
}

import Foundation
import Testing
import TestSupport

/// Runs the built `preindex` binary (next to this test executable) and captures its output.
private func preindex(_ arguments: String...) throws -> (status: Int32, stdout: String, stderr: String) {
    let executable = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        .deletingLastPathComponent().appendingPathComponent("preindex")
    let process = Process()
    process.executableURL = executable
    process.arguments = arguments
    let out = Pipe(), err = Pipe()
    process.standardOutput = out
    process.standardError = err
    try process.run()
    let stdout = out.fileHandleForReading.readDataToEndOfFile()
    let stderr = err.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (process.terminationStatus, String(decoding: stdout, as: UTF8.self), String(decoding: stderr, as: UTF8.self))
}

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
          demo                    Run the embedded default end to end on built-in data.
          train                   Train a model on a dataset and write it as
                                  .safetensors.
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

import Foundation
import Networks
import Testing
import Tensors
import TestSupport

private let cnn = Architecture(.cnn, inputChannels: 1, inputHeight: 16, inputWidth: 16, classes: 4)

@Test func modelFileRoundTripsWeightsAndArchitecture() throws {
    let path = temporaryPath("model.safetensors")
    defer { removeFile(path) }
    var original = try Model(
        Architecture(.resnetMini, inputChannels: 3, inputHeight: 16, inputWidth: 16, classes: 5,
            normalization: InputNormalization(mean: [0.1, 0.2, 0.3], std: [0.5, 0.6, 0.7])),
        seed: 9)
    try original.write(toFile: path)
    var loaded = try Model(contentsOfFile: path)
    #expect(loaded.architecture == original.architecture)
    #expect(loaded.stateDict.map(\.name) == original.stateDict.map(\.name))
    let images = randomTensor([2, 3, 16, 16], in: 0...1, seed: 10)
    #expect(try loaded.forward(images) == original.forward(images))
    // PyTorch's int64 counters are written too, so a strict load_state_dict accepts the file.
    #expect(try SafeTensors(contentsOfFile: path).integers("layer1.0.bn1.num_batches_tracked") == [0])
}

@Test func truncatedModelFileIsAClearError() throws {
    let path = temporaryPath("truncated.safetensors")
    defer { removeFile(path) }
    try Model(cnn).write(toFile: path)
    let bytes = try Data(contentsOf: URL(fileURLWithPath: path))
    for length in [0, 5, 100, bytes.count / 2, bytes.count - 1] {
        try bytes.prefix(length).write(to: URL(fileURLWithPath: path))
        let error = try #require(throws: ModelError.self) { try Model(contentsOfFile: path) }
        #expect(error.code == .invalidFile)
        #expect(error.message.contains(path))
    }
}

@Test func modelFileWithMismatchedShapeUnknownOrMissingNameIsRejected() throws {
    let path = temporaryPath("edited.safetensors")
    defer { removeFile(path) }
    let model = try Model(cnn)
    let json = String(decoding: try JSONEncoder().encode(cnn), as: UTF8.self)
    func write(_ tensors: [(String, Tensor)]) throws {
        try SafeTensorsWriter(tensors: tensors.map { (name: $0.0, tensor: $0.1) }, metadata: ["preindex.arch": json])
            .write(toFile: path)
    }
    let state = model.stateDict.map { ($0.name, $0.value) }

    try write(state.map { $0.0 == "conv1.weight" ? ($0.0, Tensor(zeros: [32, 3, 3, 3])) : $0 })
    let shape = try #require(throws: ModelError.self) { try Model(contentsOfFile: path) }
    #expect(shape.code == .parameterShape)
    #expect(shape.message.contains("conv1.weight"))

    try write(state + [("layer9.conv.weight", Tensor(zeros: [1]))])
    #expect(try #require(throws: ModelError.self) { try Model(contentsOfFile: path) }.code == .unknownParameter)

    try write(Array(state.dropLast()))
    #expect(try #require(throws: ModelError.self) { try Model(contentsOfFile: path) }.code == .missingParameter)

    try write(state.map { $0.0 == "linear.bias" ? ($0.0, Tensor(shape: [4], scalars: [0, .nan, 0, 0])) : $0 })
    #expect(try #require(throws: ModelError.self) { try Model(contentsOfFile: path) }.code == .invalidInput)
}

@Test func plainPyTorchExportLoadsWithAnExplicitArchitecture() throws {
    let path = temporaryPath("export.safetensors")
    defer { removeFile(path) }
    let model = try Model(cnn, seed: 2)
    try SafeTensorsWriter(tensors: model.stateDict.map { (name: $0.name, tensor: $0.value) }).write(toFile: path)
    let missing = try #require(throws: ModelError.self) { try Model(contentsOfFile: path) }
    #expect(missing.message.contains("preindex.arch"))
    #expect(try Model(contentsOfFile: path, architecture: cnn).stateDict.map(\.value) == model.stateDict.map(\.value))
}

import Foundation
import Tensors
import Testing

struct SafeTensorsWriterTests {
    /// A writer holding tensors of several shapes, special values, Int64 tensors and metadata.
    private func makeWriter() throws -> SafeTensorsWriter {
        let special: [Float] = [
            -0.0, .infinity, -.infinity, .nan, Float(bitPattern: 0x7FA0_0001),
            .leastNonzeroMagnitude, .greatestFiniteMagnitude,
        ]
        let weights = Tensor(shape: [2, 3, 2, 2], scalars: (0..<24).map { Float($0) * 0.37 - 4 })
        return try SafeTensorsWriter(
            tensors: [
                ("conv.weight", weights),
                ("conv.bias", Tensor(shape: [2], scalars: [0.5, -0.25])),
                ("scale", Tensor(shape: [], scalars: [3])),
                ("special", Tensor(shape: [7], scalars: special)),
                ("empty", Tensor(zeros: [0, 4])),
            ],
            integers: [
                ("bn.num_batches_tracked", [Int64.max], []),
                ("labels", [-1, 0, Int64.min, 7], [2, 2]),
            ],
            metadata: ["preindex.arch": #"{"arch":"cnn","note":"tab\there, quote \" and é"}"#, "a": "b\u{1}"]
        )
    }

    @Test func roundTripKeepsOrderShapesBitsIntegersAndMetadata() throws {
        let writer = try makeWriter()
        let file = try SafeTensors(bytes: writer.serialized())

        #expect(
            file.names == ["conv.weight", "conv.bias", "scale", "special", "empty", "bn.num_batches_tracked", "labels"]
        )
        #expect(file.entries == writer.entries)
        #expect(file.metadata == writer.metadata)
        #expect(
            try file.tensor("conv.weight")
                == Tensor(shape: [2, 3, 2, 2], scalars: (0..<24).map { Float($0) * 0.37 - 4 })
        )
        #expect(try file.tensor("scale").shape == [])
        let special = try file.tensor("special").scalars.map(\.bitPattern)
        #expect(special == [0x8000_0000, 0x7F80_0000, 0xFF80_0000, Float.nan.bitPattern, 0x7FA0_0001, 1, 0x7F7F_FFFF])
        #expect(try file.tensor("empty").shape == [0, 4])
        #expect(try file.integers("bn.num_batches_tracked") == [Int64.max])
        #expect(try file.integers("labels") == [-1, 0, Int64.min, 7])
        #expect(file.entry("labels")?.dtype == .int64)
        #expect(file.entry("conv.bias")?.dtype == .float32)
    }

    @Test func twoWritesGiveIdenticalBytes() throws {
        #expect(try makeWriter().serialized() == makeWriter().serialized())
        let rewritten = try SafeTensors(bytes: makeWriter().serialized())
        var copy = SafeTensorsWriter(metadata: rewritten.metadata)
        for entry in rewritten.entries {
            if entry.dtype == .int64 {
                try copy.append(entry.name, integers: rewritten.integers(entry.name), shape: entry.shape)
            } else {
                try copy.append(entry.name, rewritten.tensor(entry.name))
            }
        }
        #expect(try copy.serialized() == makeWriter().serialized())
    }

    @Test func rewritingPythonsFileInItsOrderReproducesItsBytes() throws {
        let original = try SafeTensorsFixtures.bytes("f32_i64.safetensors")
        let file = try SafeTensors(bytes: original)
        var writer = SafeTensorsWriter(metadata: file.metadata)
        for entry in file.entries {
            if entry.dtype.isFloatingPoint {
                try writer.append(entry.name, file.tensor(entry.name))
            } else {
                try writer.append(entry.name, integers: file.integers(entry.name), shape: entry.shape)
            }
        }
        #expect(writer.serialized() == original)
    }

    @Test func emptyFilesMatchThePythonPackagesBytes() throws {
        // The byte sequences the reference implementation's own tests pin for these inputs.
        #expect(SafeTensorsWriter().serialized() == [8, 0, 0, 0, 0, 0, 0, 0, 123, 125, 32, 32, 32, 32, 32, 32])
        let withMetadata = SafeTensorsWriter(metadata: ["framework": "pt"]).serialized()
        #expect(withMetadata == SafeTensorsFixtures.make(header: #"{"__metadata__":{"framework":"pt"}}     "#))
    }

    @Test(arguments: 1...16)
    func headerIsPaddedWithSpacesToAMultipleOfEight(nameLength: Int) throws {
        let name = String(repeating: "w", count: nameLength)
        let bytes = try SafeTensorsWriter(tensors: [(name, Tensor(shape: [1], scalars: [1]))]).serialized()
        let headerLength = Int(bytes[0]) | Int(bytes[1]) << 8
        #expect(headerLength % 8 == 0)
        #expect(bytes.count == 8 + headerLength + 4)
        let header = try #require(String(bytes: bytes[8..<8 + headerLength], encoding: .utf8))
        let json = #"{"\#(name)":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}"#
        #expect(header == json + String(repeating: " ", count: headerLength - json.utf8.count))
    }

    @Test func metadataKeysAreSortedAndStringsEscapedAsPythonDoes() throws {
        let writer = SafeTensorsWriter(metadata: ["b": "quote \" slash \\ /", "a": "é\n\t\u{1F}😀"])
        let bytes = writer.serialized()
        let header = String(decoding: bytes[8...], as: UTF8.self).trimmingCharacters(in: .whitespaces)
        #expect(header == #"{"__metadata__":{"a":"é\n\t\u001f😀","b":"quote \" slash \\ /"}}"#)
        #expect(try SafeTensors(bytes: bytes).metadata == writer.metadata)
    }

    @Test func writeToFileReplacesTheFileAndLeavesNoTemporaryFile() throws {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("safetensors-writer-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("model.safetensors").path
        try Data("old contents".utf8).write(to: URL(fileURLWithPath: path))

        let writer = try makeWriter()
        try writer.write(toFile: path)

        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == ["model.safetensors"])
        let file = try SafeTensors(contentsOfFile: path)
        #expect(file.entries == writer.entries)
        #expect(try [UInt8](Data(contentsOf: URL(fileURLWithPath: path))) == writer.serialized())
    }

    @Test func writeIntoAMissingDirectoryThrowsFileSystemError() throws {
        let path = FileManager.default.temporaryDirectory
            .appendingPathComponent("no-such-dir-\(UUID().uuidString)/model.safetensors").path
        let error = #expect(throws: SafeTensorsError.self) { try SafeTensorsWriter().write(toFile: path) }
        #expect(error?.code == .fileSystem)
        #expect(error?.message.contains("model.safetensors") == true)
    }

    @Test func duplicateEmptyAndReservedNamesAreRejected() throws {
        var writer = SafeTensorsWriter()
        try writer.append("w", Tensor(zeros: [1]))
        let duplicate = #expect(throws: SafeTensorsError.self) { try writer.append("w", integers: [1], shape: [1]) }
        #expect(duplicate?.code == .duplicateName)
        let empty = #expect(throws: SafeTensorsError.self) { try writer.append("", Tensor(zeros: [1])) }
        #expect(empty?.code == .invalidName)
        let reserved = #expect(throws: SafeTensorsError.self) { try writer.append("__metadata__", Tensor(zeros: [1])) }
        #expect(reserved?.code == .invalidName)
        #expect(writer.entries.map(\.name) == ["w"])
    }

    @Test func integerCountMustMatchShape() throws {
        var writer = SafeTensorsWriter()
        let error = #expect(throws: SafeTensorsError.self) { try writer.append("n", integers: [1, 2], shape: [3]) }
        #expect(error?.code == .sizeMismatch)
        #expect(error?.message.contains("'n'") == true)
        #expect(writer.entries.isEmpty)
    }
}

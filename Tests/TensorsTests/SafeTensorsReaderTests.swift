import Foundation
import Tensors
import Testing
import TestSupport

/// The files written by `Tests/Fixtures/safetensors/make_fixtures.py` with the Python package,
/// and helpers to build safetensors bytes by hand; shared by the SafeTensors test suites.
enum SafeTensorsFixtures {
    /// `Tests/Fixtures/safetensors/`.
    static let directory = URL(fileURLWithPath: fixturePath("safetensors"))

    static func path(_ name: String) -> String {
        directory.appendingPathComponent(name).path
    }

    static func bytes(_ name: String) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: directory.appendingPathComponent(name)))
    }

    /// What `expected.json` says one fixture file holds.
    struct File: Decodable {
        var metadata: [String: String]
        /// Tensor names in data-offset order.
        var order: [String]
        var tensors: [String: Expected]
    }

    /// One tensor's expected contents: float values as Float32 bit patterns, integers as Int64.
    struct Expected: Decodable {
        var shape: [Int]
        var kind: String
        var values: [Int64]
    }

    static func expected(_ name: String) throws -> File {
        let data = try Data(contentsOf: directory.appendingPathComponent("expected.json"))
        let all = try JSONDecoder().decode([String: File].self, from: data)
        return try #require(all[name])
    }

    /// A file made of an 8-byte length, `header` and `data`; the length is the header's unless
    /// `declaredLength` overrides it.
    static func make(header: String, data: [UInt8] = [], declaredLength: UInt64? = nil) -> [UInt8] {
        let headerBytes = Array(header.utf8)
        return littleEndianBytes(declaredLength ?? UInt64(headerBytes.count)) + headerBytes + data
    }

    static func littleEndianBytes<Word: FixedWidthInteger>(_ value: Word) -> [UInt8] {
        (0..<MemoryLayout<Word>.size).map { UInt8(truncatingIfNeeded: value >> ($0 * 8)) }
    }

    static func floatBytes(_ values: [Float]) -> [UInt8] {
        values.flatMap { littleEndianBytes($0.bitPattern) }
    }
}

struct SafeTensorsReaderTests {
    static let fixtureNames = ["reference.safetensors", "f32_i64.safetensors"]

    @Test(arguments: fixtureNames)
    func pythonWrittenFileListsTensorsInOffsetOrderWithShapesAndMetadata(name: String) throws {
        let expected = try SafeTensorsFixtures.expected(name)
        let file = try SafeTensors(contentsOfFile: SafeTensorsFixtures.path(name))

        #expect(file.names == expected.order)
        #expect(file.metadata == expected.metadata)
        #expect(file.metadata["preindex.arch"]?.hasPrefix("{\"arch\":\"cnn\"") == true)
        for entry in file.entries {
            let tensor = try #require(expected.tensors[entry.name])
            #expect(entry.shape == Shape(tensor.shape), "\(entry.name)")
            #expect(entry.dtype.isFloatingPoint == (tensor.kind == "float"), "\(entry.name)")
            #expect(entry.byteRange.count == entry.shape.elementCount * entry.dtype.elementByteCount)
        }
        for (earlier, later) in zip(file.entries, file.entries.dropFirst()) {
            #expect(earlier.byteRange.upperBound == later.byteRange.lowerBound)
        }
    }

    @Test(arguments: fixtureNames)
    func pythonWrittenValuesReadExactly(name: String) throws {
        let expected = try SafeTensorsFixtures.expected(name)
        let file = try SafeTensors(contentsOfFile: SafeTensorsFixtures.path(name))

        for (tensorName, tensor) in expected.tensors {
            if tensor.kind == "float" {
                let read = try file.tensor(tensorName)
                #expect(read.shape == Shape(tensor.shape), "\(tensorName)")
                #expect(read.scalars.map { Int64($0.bitPattern) } == tensor.values, "\(tensorName)")
            } else {
                #expect(try file.integers(tensorName) == tensor.values, "\(tensorName)")
            }
        }
    }

    @Test func pythonWrittenFileCoversEveryDtypeButBFloat16() throws {
        let file = try SafeTensors(contentsOfFile: SafeTensorsFixtures.path("reference.safetensors"))
        let dtypes = Set(file.entries.map(\.dtype))
        #expect(dtypes == Set(SafeTensorsDType.allCases).subtracting([.bfloat16, .uint16, .uint32, .uint64]))
        #expect(file.entry("conv1.weight")?.shape == [4, 3, 3, 3])
        #expect(file.entry("bn1.num_batches_tracked")?.shape == [])
        #expect(try file.integers("bn1.num_batches_tracked") == [1_234_567_890_123])
        #expect(try file.tensor("temperature").scalars == [1.25])
        #expect(try file.tensor("empty").shape == [0, 3])
    }

    @Test func bytesDataAndPathReadTheSame() throws {
        let name = "reference.safetensors"
        let bytes = try SafeTensorsFixtures.bytes(name)
        let fromPath = try SafeTensors(contentsOfFile: SafeTensorsFixtures.path(name))
        let fromBytes = try SafeTensors(bytes: bytes)
        let fromData = try SafeTensors(data: Data(bytes))
        #expect(fromBytes.entries == fromPath.entries)
        #expect(fromData.entries == fromPath.entries)
        #expect(fromData.metadata == fromPath.metadata)
        #expect(try fromData.tensor("fc.weight") == fromPath.tensor("fc.weight"))
        #expect(fromPath.source == SafeTensorsFixtures.path(name))
    }

    @Test func dataSlicedFromALargerBufferReadsFromItsOwnStart() throws {
        let bytes = try SafeTensorsFixtures.bytes("f32_i64.safetensors")
        let data = (Data([1, 2, 3]) + Data(bytes)).dropFirst(3)
        let file = try SafeTensors(data: data)
        #expect(try file.integers("bn.num_batches_tracked") == [42])
    }

    @Test func bfloat16WidensToTheUpperHalfOfFloat32() throws {
        let values: [UInt16] = [0x3F80, 0xC040, 0x0001, 0x7F80, 0x8000]
        let bytes = SafeTensorsFixtures.make(
            header: #"{"b":{"dtype":"BF16","shape":[5],"data_offsets":[0,10]}}"#,
            data: values.flatMap(SafeTensorsFixtures.littleEndianBytes)
        )
        let tensor = try SafeTensors(bytes: bytes).tensor("b")
        #expect(tensor.scalars.map(\.bitPattern) == values.map { UInt32($0) << 16 })
        #expect(tensor.scalars[0...1] == [1, -3])
    }

    @Test func unsignedIntegersWidenAndU64AboveInt64MaxIsRejected() throws {
        let header =
            #"{"a":{"dtype":"U16","shape":[1],"data_offsets":[0,2]},"#
            + #""b":{"dtype":"U32","shape":[1],"data_offsets":[2,6]},"#
            + #""c":{"dtype":"U64","shape":[2],"data_offsets":[6,22]}}"#
        let data =
            SafeTensorsFixtures.littleEndianBytes(UInt16.max) + SafeTensorsFixtures.littleEndianBytes(UInt32.max)
            + SafeTensorsFixtures.littleEndianBytes(UInt64(Int64.max))
            + SafeTensorsFixtures.littleEndianBytes(UInt64.max)
        let file = try SafeTensors(bytes: SafeTensorsFixtures.make(header: header, data: data), source: "u.safetensors")
        #expect(try file.integers("a") == [65535])
        #expect(try file.integers("b") == [4_294_967_295])
        let error = #expect(throws: SafeTensorsError.self) { try file.integers("c") }
        #expect(error?.code == .valueOutOfRange)
        #expect(error?.message.contains("'c' in 'u.safetensors'") == true)
    }

    @Test func askingForTheWrongKindOfValuesThrowsDtypeMismatch() throws {
        let file = try SafeTensors(contentsOfFile: SafeTensorsFixtures.path("reference.safetensors"))
        let floatsOfIntegers = #expect(throws: SafeTensorsError.self) { try file.tensor("bn1.num_batches_tracked") }
        #expect(floatsOfIntegers?.code == .dtypeMismatch)
        #expect(floatsOfIntegers?.message.contains("I64") == true)
        let integersOfFloats = #expect(throws: SafeTensorsError.self) { try file.integers("half") }
        #expect(integersOfFloats?.code == .dtypeMismatch)
    }

    @Test func missingTensorNameThrowsTensorNotFoundListingWhatIsThere() throws {
        let file = try SafeTensors(contentsOfFile: SafeTensorsFixtures.path("f32_i64.safetensors"))
        #expect(file.entry("nope") == nil)
        let error = #expect(throws: SafeTensorsError.self) { try file.tensor("nope") }
        #expect(error?.code == .tensorNotFound)
        #expect(error?.message.contains("'nope'") == true)
        #expect(error?.message.contains("'layer.weight'") == true)
    }

    @Test func whitespaceUnknownFieldsNullMetadataAndEscapesAreAccepted() throws {
        let header =
            "  \n{\"__metadata__\":null, \"caf\\u00e9 \\ud83d\\ude00\\n\\/\": "
            + "{\"shape\":[1],\"extra\":{\"x\":[true,false,null,1.5e-3]},"
            + "\"dtype\":\"F32\",\"data_offsets\":[0,4]}}\t \r\n "
        let file = try SafeTensors(
            bytes: SafeTensorsFixtures.make(header: header, data: SafeTensorsFixtures.floatBytes([7]))
        )
        #expect(file.names == ["café 😀\n/"])
        #expect(file.metadata.isEmpty)
        #expect(try file.tensor("café 😀\n/").scalars == [7])
    }

    @Test func metadataWithSeveralKeysReadsAsADictionary() throws {
        let header = #"{"__metadata__":{"format":"pt","preindex.arch":"{\"arch\":\"mlp\"}","empty":""}}"#
        let file = try SafeTensors(bytes: SafeTensorsFixtures.make(header: header))
        #expect(file.metadata == ["format": "pt", "preindex.arch": #"{"arch":"mlp"}"#, "empty": ""])
        #expect(file.entries.isEmpty)
    }

    @Test func zeroLengthTensorsMaySitBetweenOthers() throws {
        let header =
            #"{"b":{"dtype":"F32","shape":[1],"data_offsets":[4,8]},"#
            + #""z":{"dtype":"I64","shape":[0,5],"data_offsets":[4,4]},"#
            + #""a":{"dtype":"F32","shape":[],"data_offsets":[0,4]}}"#
        let file = try SafeTensors(
            bytes: SafeTensorsFixtures.make(header: header, data: SafeTensorsFixtures.floatBytes([1, 2]))
        )
        #expect(file.names == ["a", "z", "b"])
        #expect(try file.integers("z") == [])
        #expect(file.entry("z")?.shape == [0, 5])
        #expect(try file.tensor("b").scalars == [2])
    }

    @Test func emptyShapeWithHugeDimensionIsValidAsInPython() throws {
        let header = #"{"e":{"dtype":"F32","shape":[4611686018427387904,0],"data_offsets":[0,0]}}"#
        let file = try SafeTensors(bytes: SafeTensorsFixtures.make(header: header))
        #expect(try file.tensor("e").count == 0)
    }

    @Test func missingFileThrowsFileSystemErrorNamingThePath() throws {
        let path = SafeTensorsFixtures.path("does-not-exist.safetensors")
        let error = #expect(throws: SafeTensorsError.self) { try SafeTensors(contentsOfFile: path) }
        #expect(error?.code == .fileSystem)
        #expect(error?.message.contains(path) == true)
    }

    @Test func directoryIsNotReadAsAFile() throws {
        let error = #expect(throws: SafeTensorsError.self) {
            try SafeTensors(contentsOfFile: SafeTensorsFixtures.directory.path)
        }
        #expect(error?.code == .fileSystem)
    }
}

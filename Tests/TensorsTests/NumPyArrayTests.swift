import Tensors
import Testing
import TestSupport

struct NumPyArrayTests {
    @Test func readsFloat32FileWrittenByNumPy() throws {
        let array = try NumPyArray(contentsOfFile: fixturePath("datasets/npy/numpy_float32_2x3.npy"))
        #expect(array.elementType == .float32)
        #expect(array.shape == [2, 3])
        #expect(array.floats() == [-1, -0.5, 0, 0.5, 1, 1.5])
        let tensor = array.tensor()
        #expect(tensor.shape == [2, 3])
        #expect(tensor.scalars == [-1, -0.5, 0, 0.5, 1, 1.5])
    }

    @Test func readsIntegerBoolAndFloat64Files() throws {
        let int64 = try NumPyArray(contentsOfFile: fixturePath("datasets/npy/numpy_int64_5.npy"))
        #expect(int64.elementType == .int64)
        #expect(try int64.integers() == [0, -1, 2, 1 << 40, -(1 << 62)])

        let int32 = try NumPyArray(contentsOfFile: fixturePath("datasets/npy/numpy_int32_2x2.npy"))
        #expect(int32.elementType == .int32)
        #expect(int32.shape == [2, 2])
        #expect(try int32.integers() == [1, -2, 3, 2_147_483_647])

        let bools = try NumPyArray(contentsOfFile: fixturePath("datasets/npy/numpy_bool_4.npy"))
        #expect(bools.elementType == .bool)
        #expect(try bools.integers() == [1, 0, 0, 1])

        let doubles = try NumPyArray(contentsOfFile: fixturePath("datasets/npy/numpy_float64_2x2.npy"))
        #expect(doubles.elementType == .float64)
        #expect(doubles.floats() == [1.5, -2, 1e-3, 65504])
    }

    @Test func readsVersion2HeaderAndScalars() throws {
        let version2 = try NumPyArray(contentsOfFile: fixturePath("datasets/npy/numpy_v2_uint8.npy"))
        #expect(version2.elementType == .uint8)
        #expect(version2.shape == [2, 5])
        #expect(version2.bytes == Array(0..<10))

        let scalar = try NumPyArray(contentsOfFile: fixturePath("datasets/npy/numpy_float32_scalar.npy"))
        #expect(scalar.shape == [])
        #expect(scalar.count == 1)
        #expect(scalar.floats() == [3.25])
    }

    @Test func encodesFloat32ExactlyAsNumPySaves() throws {
        let expected = try BinaryBytes.read(fixturePath("datasets/npy/numpy_float32_2x3.npy"))
        let tensor = Tensor(shape: [2, 3], scalars: [-1, -0.5, 0, 0.5, 1, 1.5])
        #expect(NumPyArray(tensor).encoded() == expected)
    }

    @Test func encodesInt64AndScalarExactlyAsNumPySaves() throws {
        let labels = NumPyArray(int64: [0, -1, 2, 1 << 40, -(1 << 62)])
        #expect(labels.encoded() == (try BinaryBytes.read(fixturePath("datasets/npy/numpy_int64_5.npy"))))
        let scalar = NumPyArray(float32: [3.25], shape: [])
        #expect(scalar.encoded() == (try BinaryBytes.read(fixturePath("datasets/npy/numpy_float32_scalar.npy"))))
    }

    @Test(arguments: [[], [7], [2, 3], [2, 3, 4, 5], Array(repeating: 1, count: 40)])
    func encodedHeaderAlignsDataTo64Bytes(shape: [Int]) throws {
        let count = shape.reduce(1, *)
        let file = NumPyArray(float32: (0..<count).map(Float.init), shape: shape).encoded()
        #expect(Array(file[0..<8]) == [0x93, 0x4E, 0x55, 0x4D, 0x50, 0x59, 1, 0])
        let headerLength = Int(file[8]) | Int(file[9]) << 8
        #expect((10 + headerLength) % 64 == 0)
        #expect(file[10 + headerLength - 1] == 0x0A)
        #expect(file.count == 10 + headerLength + 4 * count)
    }

    @Test func roundTripsThroughFileForEveryElementType() throws {
        let path = temporaryPath("round-trip.npy")
        defer { removeFile(path) }
        for type in NumPyArray.ElementType.allCases {
            let bytes = (0..<(6 * type.byteCount)).map { UInt8(truncatingIfNeeded: $0 * 37 + 1) }
            let original = try NumPyArray(elementType: type, shape: [3, 2], bytes: bytes)
            try original.write(toFile: path)
            #expect(try NumPyArray(contentsOfFile: path) == original, "\(type)")
        }
        let tensor = Tensor(shape: [2, 1, 2, 2], scalars: [0.1, -3, .pi, 1e-30, 7, 8, 9, -0])
        try NumPyArray(tensor).write(toFile: path)
        #expect(try NumPyArray(contentsOfFile: path).tensor() == tensor)
    }

    @Test func rejectsFileWithoutMagic() throws {
        let error = try #require(throws: NumPyError.self) {
            try NumPyArray(contentsOfFile: fixturePath("datasets/bad/not_npy.npy"))
        }
        #expect(error.code == .invalidFormat)
        #expect(error.message.contains("not_npy.npy"))
        #expect(error.message.contains("magic"))
    }

    @Test func rejectsTruncatedDataNamingBothSizes() throws {
        let error = try #require(throws: NumPyError.self) {
            try NumPyArray(contentsOfFile: fixturePath("datasets/bad/truncated.npy"))
        }
        #expect(error.code == .sizeMismatch)
        #expect(error.message.contains("truncated.npy"))
        #expect(error.message.contains("holds 260 bytes, header promises 360"))
    }

    @Test func rejectsFortranOrderAndBigEndian() throws {
        let fortran = try #require(throws: NumPyError.self) {
            try NumPyArray(contentsOfFile: fixturePath("datasets/bad/fortran_order.npy"))
        }
        #expect(fortran.code == .unsupported)
        #expect(fortran.message.contains("Fortran order"))
        let bigEndian = try #require(throws: NumPyError.self) {
            try NumPyArray(contentsOfFile: fixturePath("datasets/bad/big_endian.npy"))
        }
        #expect(bigEndian.code == .unsupported)
        #expect(bigEndian.message.contains("'>f4'"))
    }

    @Test func rejectsMalformedHeaderAndUnknownVersion() throws {
        var file = NumPyArray(uint8: [1, 2, 3]).encoded()
        file[6] = 9
        let version = try #require(throws: NumPyError.self) { try NumPyArray(parsing: file, source: "'v9.npy'") }
        #expect(version.message.contains("version 9.0"))

        var broken = NumPyArray(uint8: [1, 2, 3]).encoded()
        let brace = try #require(broken.firstIndex(of: UInt8(ascii: "{")))
        broken[brace] = UInt8(ascii: "[")
        let header = try #require(throws: NumPyError.self) { try NumPyArray(parsing: broken, source: "'broken.npy'") }
        #expect(header.code == .invalidFormat)
        #expect(header.message.contains("'broken.npy' has a malformed .npy header"))
    }

    @Test func reportsMissingFile() throws {
        let error = try #require(throws: NumPyError.self) {
            try NumPyArray(contentsOfFile: fixturePath("datasets/npy/does_not_exist.npy"))
        }
        #expect(error.code == .unreadable)
        #expect(error.message.contains("does_not_exist.npy"))
        #expect(error.message.contains("No such file"))
    }

    @Test func refusesFloatsAsIntegers() throws {
        let error = try #require(throws: NumPyError.self) { try NumPyArray(float32: [1, 2]).integers() }
        #expect(error.code == .wrongElementType)
    }
}

/// Raw file bytes for comparisons (through the package's own reader).
enum BinaryBytes {
    static func read(_ path: String) throws -> [UInt8] {
        try BinaryFile.read(path)
    }
}

import Tensors
import Testing

/// One malformed file and the error it must give.
struct CorruptSafeTensorsCase: Sendable, CustomTestStringConvertible {
    var name: String
    var bytes: [UInt8]
    var code: SafeTensorsError.Code
    /// Text the message must contain besides the file name (usually the tensor's name).
    var mentions: String

    var testDescription: String { name }

    /// A file whose only tensor `t` has the entry `entry` (JSON object text) and `data`.
    static func entry(
        _ name: String,
        _ entry: String,
        data: Int = 16,
        _ code: SafeTensorsError.Code,
        mentions: String = "'t'"
    ) -> Self {
        Self(
            name: name,
            bytes: SafeTensorsFixtures.make(header: #"{"t":\#(entry)}"#, data: [UInt8](repeating: 0, count: data)),
            code: code,
            mentions: mentions
        )
    }

    static func header(_ name: String, _ header: String, data: Int = 0, _ code: SafeTensorsError.Code, mentions: String)
        -> Self
    {
        Self(
            name: name,
            bytes: SafeTensorsFixtures.make(header: header, data: [UInt8](repeating: 0, count: data)),
            code: code,
            mentions: mentions
        )
    }

    static let all: [Self] = [
        Self(name: "empty file", bytes: [], code: .truncated, mentions: "0 bytes"),
        Self(name: "5-byte file", bytes: [1, 0, 0, 0, 0], code: .truncated, mentions: "5 bytes"),
        Self(
            name: "header length 2^63",
            bytes: SafeTensorsFixtures.littleEndianBytes(UInt64(1) << 63) + Array("{}".utf8),
            code: .headerTooLarge,
            mentions: "9223372036854775808"
        ),
        Self(
            name: "header length just above 100 MB",
            bytes: SafeTensorsFixtures.make(header: "{}", declaredLength: 100_000_001),
            code: .headerTooLarge,
            mentions: "100000001"
        ),
        Self(
            name: "header length beyond the file",
            bytes: SafeTensorsFixtures.make(header: "{}      ", declaredLength: 100),
            code: .truncated,
            mentions: "100-byte header"
        ),
        Self(
            name: "header not UTF-8",
            bytes: SafeTensorsFixtures.littleEndianBytes(UInt64(7)) + Array("{\"".utf8) + [0xFF] + Array("\":1}".utf8),
            code: .invalidHeader,
            mentions: "UTF-8"
        ),
        .header("zero-length header", "", .invalidHeader, mentions: "JSON"),
        .header("unterminated JSON", #"{"t":"#, .invalidHeader, mentions: "JSON"),
        .header("JSON array at top level", "[]", .invalidHeader, mentions: "array"),
        .header("JSON string at top level", #""t""#, .invalidHeader, mentions: "string"),
        .header("garbage after the object", "{} x", .invalidHeader, mentions: "'x'"),
        .header("NUL padding", "{}\0\0", .invalidHeader, mentions: "byte 0"),
        .header("single quotes", "{'t':1}", .invalidHeader, mentions: "key"),
        .header("trailing comma", #"{"__metadata__":{},}"#, .invalidHeader, mentions: "quoted key"),
        .header("leading zero", #"{"__metadata__":{"a":01}}"#, .invalidHeader, mentions: "leading zeros"),
        .header("raw newline in a string", "{\"a\n\":1}", .invalidHeader, mentions: "control character"),
        .header("lone low surrogate", #"{"\udc00":1}"#, .invalidHeader, mentions: "surrogate"),
        .header("high surrogate without low", #"{"\ud800x":1}"#, .invalidHeader, mentions: "surrogate"),
        .header("bad escape", #"{"\q":1}"#, .invalidHeader, mentions: "escape"),
        .header(
            "arrays nested 100000 deep",
            #"{"__metadata__":"# + String(repeating: "[", count: 100_000) + "}",
            .invalidHeader,
            mentions: "nested"
        ),
        .header("tensor entry not an object", #"{"t":[1,2]}"#, .invalidField, mentions: "'t'"),
        .entry("missing dtype", #"{"shape":[4],"data_offsets":[0,16]}"#, .missingField),
        .entry("missing shape", #"{"dtype":"F32","data_offsets":[0,16]}"#, .missingField),
        .entry("missing data_offsets", #"{"dtype":"F32","shape":[4]}"#, .missingField),
        .entry("dtype a number", #"{"dtype":4,"shape":[4],"data_offsets":[0,16]}"#, .invalidField),
        .entry("unknown dtype", #"{"dtype":"F99","shape":[4],"data_offsets":[0,16]}"#, .unsupportedDType),
        .entry("lowercase dtype", #"{"dtype":"f32","shape":[4],"data_offsets":[0,16]}"#, .unsupportedDType),
        .entry("8-bit float dtype", #"{"dtype":"F8_E4M3","shape":[16],"data_offsets":[0,16]}"#, .unsupportedDType),
        .entry("field given twice", #"{"dtype":"F32","dtype":"F32","shape":[4],"data_offsets":[0,16]}"#, .invalidField),
        .entry("shape a string", #"{"dtype":"F32","shape":"4","data_offsets":[0,16]}"#, .invalidField),
        .entry("shape of floats", #"{"dtype":"F32","shape":[4.0],"data_offsets":[0,16]}"#, .invalidField),
        .entry("shape with exponent", #"{"dtype":"F32","shape":[4e0],"data_offsets":[0,16]}"#, .invalidField),
        .entry("negative dimension", #"{"dtype":"F32","shape":[-4],"data_offsets":[0,16]}"#, .invalidShape),
        .entry(
            "dimension beyond Int",
            #"{"dtype":"F32","shape":[99999999999999999999],"data_offsets":[0,16]}"#,
            .invalidShape
        ),
        .entry(
            "shape product overflows",
            #"{"dtype":"F32","shape":[4294967296,4294967296],"data_offsets":[0,16]}"#,
            .invalidShape
        ),
        .entry(
            "byte count overflows",
            #"{"dtype":"F64","shape":[2305843009213693952],"data_offsets":[0,16]}"#,
            .invalidShape
        ),
        .entry("one offset", #"{"dtype":"F32","shape":[4],"data_offsets":[16]}"#, .invalidField),
        .entry("three offsets", #"{"dtype":"F32","shape":[4],"data_offsets":[0,16,16]}"#, .invalidField),
        .entry("negative offset", #"{"dtype":"F32","shape":[4],"data_offsets":[-16,0]}"#, .invalidField),
        .entry("offsets an object", #"{"dtype":"F32","shape":[4],"data_offsets":{"0":16}}"#, .invalidField),
        .entry("reversed offsets", #"{"dtype":"F32","shape":[4],"data_offsets":[16,0]}"#, .invalidOffsets),
        .entry("end past the data", #"{"dtype":"F32","shape":[8],"data_offsets":[0,32]}"#, .invalidOffsets),
        .entry(
            "end beyond Int",
            #"{"dtype":"F32","shape":[4],"data_offsets":[0,99999999999999999999]}"#,
            .invalidOffsets
        ),
        .entry("range shorter than shape", #"{"dtype":"F32","shape":[3],"data_offsets":[0,16]}"#, .sizeMismatch),
        .entry("range longer than shape", #"{"dtype":"F64","shape":[1],"data_offsets":[0,16]}"#, .sizeMismatch),
        .entry("gap before the tensor", #"{"dtype":"F32","shape":[3],"data_offsets":[4,16]}"#, .incompleteCoverage),
        .entry(
            "trailing bytes",
            #"{"dtype":"F32","shape":[4],"data_offsets":[0,16]}"#,
            data: 20,
            .incompleteCoverage,
            mentions: "last 4 of the 20"
        ),
        .header(
            "overlapping tensors",
            #"{"a":{"dtype":"F32","shape":[4],"data_offsets":[0,16]},"#
                + #""t":{"dtype":"F32","shape":[2],"data_offsets":[8,16]}}"#,
            data: 16,
            .invalidOffsets,
            mentions: "'t'"
        ),
        .header(
            "two tensors on the same bytes",
            #"{"a":{"dtype":"F32","shape":[4],"data_offsets":[0,16]},"#
                + #""t":{"dtype":"I32","shape":[4],"data_offsets":[0,16]}}"#,
            data: 16,
            .invalidOffsets,
            mentions: "'a'"
        ),
        .header(
            "name listed twice",
            #"{"t":{"dtype":"F32","shape":[4],"data_offsets":[0,16]},"#
                + #""t":{"dtype":"F32","shape":[4],"data_offsets":[0,16]}}"#,
            data: 16,
            .duplicateName,
            mentions: "'t'"
        ),
        .header("metadata an array", #"{"__metadata__":["a"]}"#, .invalidField, mentions: "__metadata__"),
        .header("metadata value a number", #"{"__metadata__":{"k":1}}"#, .invalidField, mentions: "'k'"),
        .header("metadata key twice", #"{"__metadata__":{"k":"a","k":"b"}}"#, .duplicateName, mentions: "'k'"),
    ]
}

struct SafeTensorsCorruptionTests {
    @Test(arguments: CorruptSafeTensorsCase.all)
    func corruptFileThrowsItsSpecificErrorNamingFileAndTensor(_ corrupt: CorruptSafeTensorsCase) {
        let error = #expect(throws: SafeTensorsError.self) {
            try SafeTensors(bytes: corrupt.bytes, source: "bad.safetensors")
        }
        #expect(error?.code == corrupt.code)
        #expect(error?.message.contains("'bad.safetensors'") == true, "\(error?.message ?? "")")
        #expect(error?.message.contains(corrupt.mentions) == true, "\(error?.message ?? "")")
    }

    @Test func everyTruncationOfAValidFileIsRejected() throws {
        let bytes = try SafeTensorsFixtures.bytes("reference.safetensors")
        #expect(throws: Never.self) { try SafeTensors(bytes: bytes) }
        var codes: Set<SafeTensorsError.Code> = []
        for length in 0..<bytes.count {
            let error = #expect(throws: SafeTensorsError.self, "length \(length)") {
                try SafeTensors(bytes: Array(bytes[..<length]))
            }
            if let error { codes.insert(error.code) }
        }
        #expect(codes == [.truncated, .invalidOffsets])
    }

    @Test func seededMutationsNeverCrashAndReadableResultsStayReadable() throws {
        let original = try SafeTensorsFixtures.bytes("reference.safetensors")
        let headerEnd = 8 + Int(original[0]) + Int(original[1]) << 8
        let jsonBytes = Array("{}[],:\"0-9e".utf8)
        var random = SeededGenerator(seed: 0x5AFE_7E45)
        var accepted = 0
        var codes: Set<SafeTensorsError.Code> = []
        for _ in 0..<4000 {
            var bytes = original
            for _ in 0...random.next(below: 3) {
                // Mostly the header, where a flipped byte changes the meaning of everything after it.
                let position =
                    random.next(below: 10) < 8 ? random.next(below: headerEnd) : random.next(below: bytes.count)
                switch random.next(below: 4) {
                case 0: bytes[position] = UInt8(truncatingIfNeeded: random.next(below: 256))
                case 1: bytes[position] ^= UInt8(1) << UInt8(random.next(below: 8))
                case 2: bytes.insert(jsonBytes[random.next(below: jsonBytes.count)], at: position)
                default: bytes.remove(at: position)
                }
            }
            do {
                let file = try SafeTensors(bytes: bytes)
                accepted += 1
                for entry in file.entries {
                    if entry.dtype.isFloatingPoint {
                        #expect(try file.tensor(entry.name).shape == entry.shape)
                    } else if entry.dtype != .uint64 {
                        #expect(try file.integers(entry.name).count == entry.shape.elementCount)
                    }
                }
            } catch {
                codes.insert(error.code)
            }
        }
        // Data-only mutations stay readable; header mutations exercise many distinct checks.
        #expect(accepted > 100)
        #expect(codes.count >= 8, "\(codes)")
    }
}

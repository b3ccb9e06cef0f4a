import Cluster
import Foundation
import Testing

struct JobCanonicalJSONTests {
    @Test func keysAreSortedAndWhitespaceIsDropped() throws {
        let canonical = try CanonicalJSON.canonicalize(Array(#"{ "b" : 1 ,"a": [ true, null, "x" ], "A": {} }"#.utf8))
        #expect(text(canonical) == #"{"A":{},"a":[true,null,"x"],"b":1}"#)
    }

    @Test func keysAreOrderedByTheirUTF8Bytes() throws {
        let canonical = try CanonicalJSON.canonicalize(Array(#"{"é": 1, "z": 2, "Z": 3, "aa": 4, "a": 5}"#.utf8))
        #expect(text(canonical) == #"{"Z":3,"a":5,"aa":4,"z":2,"é":1}"#)
    }

    @Test func equalNumbersArePrintedAlike() throws {
        let canonical = try CanonicalJSON.canonicalize(
            Array(
                "[1.0, 1e3, -0, -0.0, 0.1, 0.10, 1e-5, 1E20, 2.50, 18446744073709551615, -9223372036854775808, 100000000000000000000]"
                    .utf8))
        #expect(
            text(canonical) == "[1,1000,0,0,0.1,0.1,1e-05,1e+20,2.5,18446744073709551615,-9223372036854775808,1e+20]")
    }

    @Test func stringsKeepTheirCharactersAndEscapeOnlyWhatJSONRequires() throws {
        let canonical = try CanonicalJSON.canonicalize(
            Array(#"["\u00e9\/", "a\"b\\c", "\n\t\u0001", "\ud83d\ude00"]"#.utf8))
        #expect(text(canonical) == #"["é/","a\"b\\c","\n\t\u0001","😀"]"#)
    }

    @Test func encodedValuesAreCanonicalWhateverTheirFieldOrder() throws {
        struct Forward: Encodable {
            var learningRate: Float = 0.001
            var seed: UInt64 = .max
            var name = "x"
        }
        struct Backward: Encodable {
            var name = "x"
            var seed: UInt64 = .max
            var learningRate: Double = 0.001
        }
        let forward = try CanonicalJSON.encode(Forward())
        #expect(text(forward) == #"{"learningRate":0.001,"name":"x","seed":18446744073709551615}"#)
        #expect(forward == (try CanonicalJSON.encode(Backward())))
    }

    @Test func aNaNCannotBeEncoded() {
        let error = #expect(throws: JobError.self) { try CanonicalJSON.encode([Double.nan]) }
        #expect(error?.code == .unencodable)
    }

    @Test func malformedInputIsRefusedWithItsPosition() {
        let inputs: [(String, String)] = [
            ("[1,]", "line 1, column 4: expected a value, found ']'"),
            ("{\"a\":1,}", "line 1, column 8: expected a key in double quotes, found '}'"),
            ("[01]", "line 1, column 3: expected ',' or ']' after an element of an array, found '1'"),
            ("[NaN]", "line 1, column 2: expected a value, found 'N'"),
            ("[1e400]", "line 1, column 2: the number 1e400 is too large"),
            ("\"abc", "line 1, column 1: this string has no closing double quote"),
            ("[\"\\x\"]", "line 1, column 3: '\\x' is not a JSON escape"),
            ("[\"\\ud800\"]", "line 1, column 3: a high surrogate \\u escape must be followed by a low surrogate"),
            ("[\n\"a\tb\"]", "line 2, column 3: a control character (byte 9) must be escaped inside a string"),
            ("", "line 1, column 1: expected a value, found the end of the document"),
            ("{} {}", "line 1, column 4: expected the end of the document, found '{'"),
        ]
        for (input, detail) in inputs {
            let error = #expect(throws: JobError.self) { try CanonicalJSON.canonicalize(Array(input.utf8)) }
            #expect(error?.message == "the document is not valid JSON at \(detail)", "\(input)")
        }
    }

    private func text(_ data: Data) -> String {
        String(decoding: data, as: UTF8.self)
    }
}

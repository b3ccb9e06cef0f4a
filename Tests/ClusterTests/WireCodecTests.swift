import Cluster
import Tensors
import Testing

struct WireCodecTests {
    @Test(arguments: WireSamples.envelopes)
    func everyMessageRoundTripsThroughBytes(envelope: Wire.Envelope) throws {
        let bytes = try envelope.encoded()
        #expect(try Wire.Envelope(decoding: bytes) == envelope)
    }

    @Test func samplesCoverEveryBodyCase() {
        let names = Set(WireSamples.envelopes.map(\.body.name))
        #expect(names.count == WireSamples.bodyCaseCount, "samples cover \(names.sorted())")
    }

    @Test(arguments: [0, 2, .max] as [UInt32])
    func envelopeOfAnotherProtocolVersionIsRejected(version: UInt32) throws {
        let bytes = try Wire.Envelope(.heartbeat(.init(sequence: 1)), protocolVersion: version).encoded()
        let error = #expect(throws: WireError.self) { try Wire.Envelope(decoding: bytes) }
        #expect(error?.code == .unsupportedVersion)
        #expect(error?.message.contains("protocol version \(version)") == true)
    }

    @Test func emptyInputIsRejectedAsVersionZero() {
        let error = #expect(throws: WireError.self) { try Wire.Envelope(decoding: []) }
        #expect(error?.code == .unsupportedVersion)
    }

    @Test func envelopeWithoutBodyIsRejected() {
        // protocol_version = 1 and nothing else.
        let error = #expect(throws: WireError.self) { try Wire.Envelope(decoding: [0x08, 0x01]) }
        #expect(error?.code == .missingBody)
    }

    @Test func envelopeWithUnknownBodyFieldIsRejected() {
        // protocol_version = 1, then an empty field 99 (tag 99 << 3 | 2 = 0x9A 0x06) from a newer schema.
        let error = #expect(throws: WireError.self) { try Wire.Envelope(decoding: [0x08, 0x01, 0x9A, 0x06, 0x00]) }
        #expect(error?.code == .missingBody)
        #expect(error?.message.contains("newer") == true)
    }

    @Test func submitWithoutDocumentIsRejected() {
        // protocol_version = 1, submit (field 40: 0xC2 0x02) of length 0.
        let error = #expect(throws: WireError.self) { try Wire.Envelope(decoding: [0x08, 0x01, 0xC2, 0x02, 0x00]) }
        #expect(error?.code == .missingBody)
    }

    @Test func resultWithoutEnergyReportIsRejected() {
        // protocol_version = 1, result (field 21: 0xAA 0x01) holding only task_id = "a".
        let bytes: [UInt8] = [0x08, 0x01, 0xAA, 0x01, 0x03, 0x0A, 0x01, 0x61]
        let error = #expect(throws: WireError.self) { try Wire.Envelope(decoding: bytes) }
        #expect(error?.code == .missingField)
        #expect(error?.message == "Result has no energy, which it requires")
    }

    @Test func stringThatIsNotUTF8IsRejected() {
        // protocol_version = 1, disconnect (field 13: 0x6A) with reason = [0xFF].
        let bytes: [UInt8] = [0x08, 0x01, 0x6A, 0x03, 0x0A, 0x01, 0xFF]
        let error = #expect(throws: WireError.self) { try Wire.Envelope(decoding: bytes) }
        #expect(error?.code == .undecodable)
        #expect(error?.message.contains("Disconnect.reason") == true)
    }

    @Test func inputLargerThanMaximumMessageSizeIsRejectedUnread() {
        let bytes = [UInt8](repeating: 0xFF, count: Wire.maximumMessageSize + 1)
        let error = #expect(throws: WireError.self) { try Wire.Envelope(decoding: bytes) }
        #expect(error?.code == .tooLarge)
    }

    @Test func envelopeLargerThanMaximumMessageSizeIsNotEncoded() {
        let chunk = Wire.ArtifactChunk(
            sha256: "", offset: 0, data: [UInt8](repeating: 7, count: Wire.maximumMessageSize), totalSize: 0)
        let error = #expect(throws: WireError.self) { try Wire.Envelope(.artifactChunk(chunk)).encoded() }
        #expect(error?.code == .tooLarge)
        #expect(error?.message.contains("ArtifactChunk") == true)
    }

    @Test func stringWithNULCharacterIsNotEncoded() {
        let error = #expect(throws: WireError.self) {
            try Wire.Envelope(.disconnect(.init(reason: "a\u{0}b"))).encoded()
        }
        #expect(error?.code == .unencodable)
        #expect(error?.message.contains("Disconnect.reason") == true)
    }

    @Test func everyProperPrefixOfAnEncodingIsRejected() throws {
        for bytes in try WireSamples.encodings() {
            for length in 0..<bytes.count {
                #expect(throws: WireError.self, "prefix of \(length) of \(bytes.count) bytes") {
                    try Wire.Envelope(decoding: Array(bytes.prefix(length)))
                }
            }
        }
    }

    @Test func randomBytesDecodeOrThrowWithoutCrashing() {
        var random = SeededGenerator(seed: 0x5EED_0001)
        var decoded = 0
        for _ in 0..<5_000 {
            let count = Int.random(in: 0...300, using: &random)
            let bytes = (0..<count).map { _ in UInt8.random(in: 0...255, using: &random) }
            switch WireRoundTrip.check(bytes) {
            case .rejected: break
            case .decoded: decoded += 1
            case .broken(let problem): Issue.record("\(problem), from \(bytes)")
            }
        }
        #expect(decoded < 5_000)
    }

    @Test func hundredThousandMutatedEnvelopesDecodeAndRoundTripOrThrow() throws {
        // Given valid encodings of every body case in turn, each mutated once (half the time, so that
        // many still decode and exercise the round trip) or 2 to 4 times
        let seeds = try WireSamples.encodings()
        let mutator = WireMutator(seeds: seeds)
        var random = SeededGenerator(seed: 0x5EED_0002)
        var rejected = 0
        var decodedBodies: Set<String> = []
        var problems: [String] = []
        for iteration in 0..<100_000 {
            var bytes = seeds[iteration % seeds.count]
            let mutations = Bool.random(using: &random) ? 1 : Int.random(in: 2...4, using: &random)
            for _ in 0..<mutations { mutator.mutate(&bytes, using: &random) }

            // When it is decoded, then it throws an error with a message, or round-trips
            switch WireRoundTrip.check(bytes) {
            case .rejected(let error):
                rejected += 1
                if error.message.isEmpty { problems.append("an error of code \(error.code) has no message") }
            case .decoded(let envelope):
                decodedBodies.insert(envelope.body.name)
            case .broken(let problem):
                problems.append("\(problem), from \(bytes)")
            }
        }
        #expect(problems.isEmpty, "\(problems.count) problems, first: \(problems.prefix(3))")
        // Mutations land in field values often enough that many still decode, but far from all.
        #expect(rejected > 10_000)
        #expect(decodedBodies.count == WireSamples.bodyCaseCount, "mutants decoded to \(decodedBodies.sorted())")
    }

    @Test func validEnvelopeOneByteAboveMaximumSizeIsRejectedBeforeParsing() throws {
        // Given a valid envelope of the maximum size less one, followed by a valid 2-byte field
        // (protocol_version = 1 again, which protobuf lets the last occurrence win)
        let bytes = try Self.chunkEnvelope(encodedSize: Wire.maximumMessageSize - 1).encoded() + [0x08, 0x01]
        #expect(bytes.count == Wire.maximumMessageSize + 1)

        // When it is decoded, then the size alone rejects it
        let error = #expect(throws: WireError.self) { try Wire.Envelope(decoding: bytes) }
        #expect(error?.code == .tooLarge)
        #expect(error?.message.contains("\(Wire.maximumMessageSize + 1) bytes") == true)
    }

    @Test func envelopeOfExactlyMaximumSizeEncodesAndDecodes() throws {
        let envelope = try Self.chunkEnvelope(encodedSize: Wire.maximumMessageSize)
        let bytes = try envelope.encoded()
        #expect(bytes.count == Wire.maximumMessageSize)
        #expect(try Wire.Envelope(decoding: bytes) == envelope)
    }

    @Test func wireErrorBecomesErrorReplyWithMatchingCode() {
        #expect(Wire.ErrorReply(WireError(.unsupportedVersion, "v")).code == .unsupportedVersion)
        #expect(Wire.ErrorReply(WireError(.tooLarge, "t")).code == .tooLarge)
        #expect(Wire.ErrorReply(WireError(.undecodable, "u")) == .init(code: .malformed, message: "u"))
        #expect(Wire.ErrorReply(WireError(.malformedFrames, "f")).code == .malformed)
    }

    /// An ArtifactChunk envelope whose encoding is exactly `encodedSize` bytes (at most the maximum).
    private static func chunkEnvelope(encodedSize: Int) throws -> Wire.Envelope {
        func envelope(dataCount: Int) -> Wire.Envelope {
            .init(.artifactChunk(.init(
                sha256: "", offset: 0, data: [UInt8](repeating: 0xA5, count: dataCount), totalSize: 0)))
        }
        // The encoding is the data plus a few bytes of tags and varint lengths: start below the target,
        // then grow the data by what is missing. A varint's width may change on the way, hence rounds.
        var dataCount = encodedSize - 32
        for _ in 0..<4 {
            let size = try envelope(dataCount: dataCount).encoded().count
            if size == encodedSize { return envelope(dataCount: dataCount) }
            dataCount += encodedSize - size
        }
        throw WireError(.unencodable, "no ArtifactChunk envelope encodes to exactly \(encodedSize) bytes")
    }
}

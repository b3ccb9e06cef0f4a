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
        #expect(names.count == 18, "samples cover \(names.sorted())")
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
            if let envelope = try? Wire.Envelope(decoding: bytes) {
                decoded += 1
                expectStableReencoding(envelope)
            }
        }
        #expect(decoded < 5_000)
    }

    @Test func mutatedEnvelopesDecodeOrThrowWithoutCrashing() throws {
        let encodings = try WireSamples.encodings()
        var random = SeededGenerator(seed: 0x5EED_0002)
        var rejected = 0
        for _ in 0..<20_000 {
            var bytes = encodings.randomElement(using: &random)!
            for _ in 0..<Int.random(in: 1...4, using: &random) { mutate(&bytes, using: &random) }
            do {
                expectStableReencoding(try Wire.Envelope(decoding: bytes))
            } catch {
                rejected += 1
                #expect(!error.message.isEmpty)
            }
        }
        // Mutations land in field values often enough that many still decode, but far from all.
        #expect(rejected > 1_000)
    }

    @Test func wireErrorBecomesErrorReplyWithMatchingCode() {
        #expect(Wire.ErrorReply(WireError(.unsupportedVersion, "v")).code == .unsupportedVersion)
        #expect(Wire.ErrorReply(WireError(.tooLarge, "t")).code == .tooLarge)
        #expect(Wire.ErrorReply(WireError(.undecodable, "u")) == .init(code: .malformed, message: "u"))
        #expect(Wire.ErrorReply(WireError(.malformedFrames, "f")).code == .malformed)
    }

    /// A decoded envelope encodes again, to bytes that decode and encode to the same bytes.
    ///
    /// Bytes, not values, are compared: a mutated double may be NaN, which is never equal to itself.
    private func expectStableReencoding(_ envelope: Wire.Envelope) {
        do {
            let once = try envelope.encoded()
            #expect(try Wire.Envelope(decoding: once).encoded() == once)
        } catch {
            Issue.record("decoded \(envelope.body.name) envelope does not re-encode: \(error)")
        }
    }

    /// Flips a bit, overwrites, inserts or deletes a byte, truncates, or duplicates a run of bytes.
    private func mutate(_ bytes: inout [UInt8], using random: inout SeededGenerator) {
        guard !bytes.isEmpty else {
            bytes.append(UInt8.random(in: 0...255, using: &random))
            return
        }
        let index = Int.random(in: 0..<bytes.count, using: &random)
        switch Int.random(in: 0..<6, using: &random) {
        case 0: bytes[index] ^= 1 << UInt8.random(in: 0..<8, using: &random)
        case 1: bytes[index] = UInt8.random(in: 0...255, using: &random)
        case 2: bytes.insert(UInt8.random(in: 0...255, using: &random), at: index)
        case 3: bytes.remove(at: index)
        case 4: bytes.removeLast(bytes.count - index)
        default:
            let end = min(bytes.count, index + Int.random(in: 1...16, using: &random))
            bytes.insert(contentsOf: bytes[index..<end], at: end)
        }
    }
}

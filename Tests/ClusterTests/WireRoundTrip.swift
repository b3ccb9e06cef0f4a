import Cluster

/// What decoding arbitrary bytes must give: a ``WireError``, or an envelope that survives a round trip.
///
/// Shared by the seeded fuzz tests and the libFuzzer target in `Fuzz/WireDecoderFuzzer` (which compiles
/// this file), so both check one property: decode either throws, or the decoded envelope encodes
/// again, and those bytes decode to an equal envelope that encodes to the same bytes.
enum WireRoundTrip {
    /// The outcome of decoding one input.
    enum Outcome {
        /// The decoder refused the bytes.
        case rejected(WireError)
        /// The bytes decoded to an envelope that round-trips.
        case decoded(Wire.Envelope)
        /// The bytes decoded, but the envelope breaks the round trip; the sentence says how.
        case broken(String)
    }

    /// Decodes `bytes` and checks the round trip of whatever decoded.
    static func check(_ bytes: [UInt8]) -> Outcome {
        let envelope: Wire.Envelope
        do {
            envelope = try Wire.Envelope(decoding: bytes)
        } catch {
            return .rejected(error)
        }
        let once: [UInt8]
        do {
            once = try envelope.encoded()
        } catch {
            return .broken("a decoded \(envelope.body.name) envelope does not encode again: \(error)")
        }
        let again: Wire.Envelope
        do {
            again = try Wire.Envelope(decoding: once)
        } catch {
            return .broken("the re-encoding of a decoded \(envelope.body.name) envelope does not decode: \(error)")
        }
        let twice = try? again.encoded()
        guard twice == once else {
            return .broken("a decoded \(envelope.body.name) envelope does not re-encode to the same bytes")
        }
        // A mutated double may be NaN, which is unequal to itself: then a second decoding of the same
        // bytes differs from the first as well, and the identical bytes above show the doubles are the
        // same bits. (Comparing a value with itself would not tell: arrays sharing storage compare equal.)
        if again != envelope, (try? Wire.Envelope(decoding: once)) == again {
            return .broken("a decoded \(envelope.body.name) envelope decodes to another value after re-encoding")
        }
        return .decoded(envelope)
    }
}

import Tensors

/// Damages encoded envelopes the ways a network, a buggy peer or an attacker could, reproducibly.
///
/// Each ``mutate(_:using:)`` applies one of: a bit flip, a byte replacement, an inserted byte, a deleted
/// byte, a truncation, a splice of the bytes with another seed, or a corrupted length of a
/// length-delimited field (the varint before a string, `bytes` or sub-message). The length is found by
/// walking the protobuf structure as far as it still parses, so it also hits nested messages.
struct WireMutator {
    /// Valid encodings to splice with.
    let seeds: [[UInt8]]

    /// Applies one random mutation to `bytes`.
    func mutate(_ bytes: inout [UInt8], using random: inout SeededGenerator) {
        guard !bytes.isEmpty else {
            bytes.append(UInt8.random(in: 0...255, using: &random))
            return
        }
        let index = Int.random(in: 0..<bytes.count, using: &random)
        switch Int.random(in: 0..<7, using: &random) {
        case 0: bytes[index] ^= 1 << UInt8.random(in: 0..<8, using: &random)
        case 1: bytes[index] = UInt8.random(in: 0...255, using: &random)
        case 2: bytes.insert(UInt8.random(in: 0...255, using: &random), at: index)
        case 3: bytes.remove(at: index)
        case 4: bytes.removeLast(bytes.count - index)
        case 5: splice(&bytes, at: index, using: &random)
        default: corruptLength(&bytes, using: &random)
        }
    }

    /// Keeps `bytes` up to `index` and continues with the tail of another seed from a random point.
    private func splice(_ bytes: inout [UInt8], at index: Int, using random: inout SeededGenerator) {
        let other = seeds.randomElement(using: &random)!
        let start = Int.random(in: 0...other.count, using: &random)
        bytes.replaceSubrange(index..., with: other[start...])
    }

    /// Replaces the length varint of a length-delimited field by another length, or by an overlong
    /// encoding of the same length; flips a bit when no length is found.
    private func corruptLength(_ bytes: inout [UInt8], using random: inout SeededGenerator) {
        var prefixes: [Range<Int>] = []
        Self.collectLengthPrefixes(in: bytes, from: 0, to: bytes.count, depth: 0, into: &prefixes)
        guard let prefix = prefixes.randomElement(using: &random) else {
            bytes[Int.random(in: 0..<bytes.count, using: &random)] ^= 1
            return
        }
        let length = Self.varint(in: bytes, at: prefix.lowerBound, end: prefix.upperBound)!.value
        let remaining = UInt64(bytes.count - prefix.upperBound)
        let replacement: [UInt8]
        switch Int.random(in: 0..<7, using: &random) {
        case 0: replacement = Self.encodeVarint(length &+ 1)
        case 1: replacement = Self.encodeVarint(length == 0 ? 1 : length - 1)
        case 2: replacement = Self.encodeVarint(0)
        case 3: replacement = Self.encodeVarint(remaining + 1)
        case 4: replacement = Self.encodeVarint(UInt64(UInt32.max))
        case 5: replacement = Self.encodeVarint(.max)
        default:
            // The same length, padded with a continuation byte: legal but not minimal.
            var overlong = Self.encodeVarint(length)
            overlong[overlong.count - 1] |= 0x80
            overlong.append(0)
            replacement = overlong
        }
        bytes.replaceSubrange(prefix, with: replacement)
    }

    /// Appends the ranges of the length varints of length-delimited fields in `bytes[start..<end]`,
    /// descending into each field's payload as if it were a message, until the structure stops parsing.
    private static func collectLengthPrefixes(
        in bytes: [UInt8], from start: Int, to end: Int, depth: Int, into prefixes: inout [Range<Int>]
    ) {
        var position = start
        while position < end {
            guard let key = varint(in: bytes, at: position, end: end) else { return }
            switch key.value & 7 {
            case 0:
                guard let value = varint(in: bytes, at: key.next, end: end) else { return }
                position = value.next
            case 1: position = key.next + 8
            case 5: position = key.next + 4
            case 2:
                guard let length = varint(in: bytes, at: key.next, end: end),
                    length.value <= UInt64(end - length.next)
                else { return }
                prefixes.append(key.next..<length.next)
                let payloadEnd = length.next + Int(length.value)
                if depth < 4 {
                    collectLengthPrefixes(in: bytes, from: length.next, to: payloadEnd, depth: depth + 1, into: &prefixes)
                }
                position = payloadEnd
            default: return
            }
        }
    }

    /// The varint at `position`, and the index after it; nil when it runs past `end` or 10 bytes.
    private static func varint(in bytes: [UInt8], at position: Int, end: Int) -> (value: UInt64, next: Int)? {
        var value: UInt64 = 0
        var index = position
        while index < end, index - position < 10 {
            let byte = bytes[index]
            value |= UInt64(byte & 0x7F) << (7 * UInt64(index - position))
            index += 1
            if byte & 0x80 == 0 { return (value, index) }
        }
        return nil
    }

    /// The minimal varint encoding of `value`.
    private static func encodeVarint(_ value: UInt64) -> [UInt8] {
        var value = value
        var bytes: [UInt8] = []
        while value >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: value) | 0x80)
            value >>= 7
        }
        bytes.append(UInt8(value))
        return bytes
    }
}

/// Conversions from the little-endian element bytes of a safetensors tensor to Swift values.
///
/// Each function takes exactly the tensor's bytes (a whole number of elements) and reads them
/// unaligned, so it is correct on any host byte order and any header length.
enum SafeTensorsDecoding {
    /// The elements of a floating-point dtype as `Float`.
    static func floats(_ raw: UnsafeRawBufferPointer, dtype: SafeTensorsDType) -> [Float] {
        switch dtype {
        case .float32: map(raw, UInt32.self) { Float(bitPattern: $0) }
        case .float16: map(raw, UInt16.self, floatFromHalf)
        case .bfloat16: map(raw, UInt16.self) { Float(bitPattern: UInt32($0) << 16) }
        case .float64: map(raw, UInt64.self) { Float(Double(bitPattern: $0)) }
        default: preconditionFailure("\(dtype) is not a floating-point dtype")
        }
    }

    /// The elements of an integer or boolean dtype as `Int64`, or `nil` when a `U64` value
    /// exceeds `Int64.max`.
    static func integers(_ raw: UnsafeRawBufferPointer, dtype: SafeTensorsDType) -> [Int64]? {
        switch dtype {
        case .int64: return map(raw, UInt64.self) { Int64(bitPattern: $0) }
        case .int32: return map(raw, UInt32.self) { Int64(Int32(bitPattern: $0)) }
        case .int16: return map(raw, UInt16.self) { Int64(Int16(bitPattern: $0)) }
        case .int8: return map(raw, UInt8.self) { Int64(Int8(bitPattern: $0)) }
        case .uint32: return map(raw, UInt32.self) { Int64($0) }
        case .uint16: return map(raw, UInt16.self) { Int64($0) }
        case .uint8: return map(raw, UInt8.self) { Int64($0) }
        case .bool: return map(raw, UInt8.self) { $0 == 0 ? 0 : 1 }
        case .uint64:
            let words = map(raw, UInt64.self) { $0 }
            guard words.allSatisfy({ $0 <= UInt64(Int64.max) }) else { return nil }
            return words.map { Int64($0) }
        default: preconditionFailure("\(dtype) is not an integer dtype")
        }
    }

    /// Reads `raw` as consecutive little-endian `Word`s and converts each.
    @inline(__always)
    private static func map<Word: FixedWidthInteger, Element>(
        _ raw: UnsafeRawBufferPointer,
        _: Word.Type,
        _ convert: (Word) -> Element
    ) -> [Element] {
        let count = raw.count / MemoryLayout<Word>.size
        return [Element](unsafeUninitializedCapacity: count) { buffer, initialized in
            for index in 0..<count {
                let word = raw.loadUnaligned(fromByteOffset: index * MemoryLayout<Word>.size, as: Word.self)
                buffer.initializeElement(at: index, to: convert(Word(littleEndian: word)))
            }
            initialized = count
        }
    }

    /// The IEEE 754 binary16 value with bits `half`, exactly, as binary32.
    static func floatFromHalf(_ half: UInt16) -> Float {
        let sign = UInt32(half & 0x8000) << 16
        let exponent = UInt32(half >> 10) & 0x1F
        let mantissa = UInt32(half & 0x3FF)
        switch exponent {
        case 0:
            // Zero or subnormal: mantissa × 2^-24, exact in binary32.
            let magnitude = Float(mantissa) * 0x1p-24
            return sign == 0 ? magnitude : -magnitude
        case 0x1F:
            // Infinity or NaN, payload kept in the top mantissa bits.
            return Float(bitPattern: sign | 0x7F80_0000 | mantissa << 13)
        default:
            return Float(bitPattern: sign | (exponent + 127 - 15) << 23 | mantissa << 13)
        }
    }
}

extension NumPyArray {
    /// The scalar types an `.npy` file may hold here, all stored little-endian.
    ///
    /// The raw value is NumPy's type code without the byte-order character (`"f4"`, `"u1"`);
    /// ``descriptor`` adds it back as NumPy writes it (`"<f4"`, `"|u1"`).
    public enum ElementType: String, Hashable, Sendable, CaseIterable, CustomStringConvertible {
        case bool = "b1"
        case uint8 = "u1"
        case int8 = "i1"
        case uint16 = "u2"
        case int16 = "i2"
        case uint32 = "u4"
        case int32 = "i4"
        case uint64 = "u8"
        case int64 = "i8"
        case float32 = "f4"
        case float64 = "f8"

        /// Bytes per element.
        public var byteCount: Int {
            switch self {
            case .bool, .uint8, .int8: 1
            case .uint16, .int16: 2
            case .uint32, .int32, .float32: 4
            case .uint64, .int64, .float64: 8
            }
        }

        /// Whether the type holds integers (or booleans, read as 0 and 1).
        public var isInteger: Bool { self != .float32 && self != .float64 }

        /// NumPy's `descr` string: `"|"` for one-byte types, `"<"` (little-endian) otherwise.
        public var descriptor: String { (byteCount == 1 ? "|" : "<") + rawValue }

        /// NumPy's name for the type (`"float32"`, `"uint8"`).
        public var description: String {
            switch self {
            case .bool: "bool"
            case .uint8: "uint8"
            case .int8: "int8"
            case .uint16: "uint16"
            case .int16: "int16"
            case .uint32: "uint32"
            case .int32: "int32"
            case .uint64: "uint64"
            case .int64: "int64"
            case .float32: "float32"
            case .float64: "float64"
            }
        }

        /// The type a NumPy `descr` string names, or `nil` when it is not one of these.
        ///
        /// Accepts little-endian (`<`), not-applicable (`|`) and, for one-byte types, any order;
        /// `'?'` is NumPy's other spelling of `bool`.
        init?(descriptor: String) {
            guard let order = descriptor.first, "<|=>".contains(order) else { return nil }
            let code = descriptor.dropFirst()
            let type = code == "?" ? ElementType.bool : ElementType(rawValue: String(code))
            guard let type else { return nil }
            guard type.byteCount == 1 || order != ">" else { return nil }
            self = type
        }
    }
}

/// The element type of a tensor stored in a `.safetensors` file, spelled as in its header.
///
/// Every element is stored little-endian. Floating-point types read as ``Tensor`` (Float32,
/// widening `F16`/`BF16` exactly and rounding `F64` to nearest); integer types and `BOOL` read as
/// `[Int64]`. The 8-, 6- and 4-bit float formats and `C64` of newer Python releases are not
/// supported and are reported as ``SafeTensorsError/Code/unsupportedDType``.
public enum SafeTensorsDType: String, CaseIterable, Hashable, Sendable, CustomStringConvertible {
    /// IEEE 754 binary64.
    case float64 = "F64"
    /// IEEE 754 binary32, the type of ``Tensor``.
    case float32 = "F32"
    /// IEEE 754 binary16.
    case float16 = "F16"
    /// bfloat16: the upper 16 bits of a binary32.
    case bfloat16 = "BF16"
    /// Signed 64-bit integer (PyTorch's `long`, e.g. `num_batches_tracked`).
    case int64 = "I64"
    /// Signed 32-bit integer.
    case int32 = "I32"
    /// Signed 16-bit integer.
    case int16 = "I16"
    /// Signed 8-bit integer.
    case int8 = "I8"
    /// Unsigned 64-bit integer.
    case uint64 = "U64"
    /// Unsigned 32-bit integer.
    case uint32 = "U32"
    /// Unsigned 16-bit integer.
    case uint16 = "U16"
    /// Unsigned 8-bit integer.
    case uint8 = "U8"
    /// One byte per element, zero meaning false; read as 0 or 1.
    case bool = "BOOL"

    /// The number of bytes one element occupies.
    public var elementByteCount: Int {
        switch self {
        case .float64, .int64, .uint64: 8
        case .float32, .int32, .uint32: 4
        case .float16, .bfloat16, .int16, .uint16: 2
        case .int8, .uint8, .bool: 1
        }
    }

    /// Whether the type reads as a ``Tensor`` (true) or as `[Int64]` (false).
    public var isFloatingPoint: Bool {
        switch self {
        case .float64, .float32, .float16, .bfloat16: true
        default: false
        }
    }

    public var description: String { rawValue }
}

/// An n-dimensional array as a NumPy `.npy` file stores it: element type, shape and raw bytes.
///
/// This is the exchange format with Python: datasets arrive as `.npy` images and labels, and
/// activation dumps leave as `.npy` files that `numpy.load` reads. The value keeps the data
/// exactly as stored (little-endian, C order) and converts on request, to a ``Tensor`` of `Float`
/// or to `[Int]` labels. Reading is in `NumPyArray+Parsing.swift` (format versions 1.0, 2.0 and
/// 3.0), writing in `NumPyArray+Encoding.swift` (version 1.0, data aligned to 64 bytes).
public struct NumPyArray: Hashable, Sendable {
    /// The type of every element.
    public private(set) var elementType: ElementType
    /// The extent of each dimension, outermost first; empty for a scalar.
    public private(set) var shape: [Int]
    /// The elements in C (row-major) order, each ``ElementType/byteCount`` bytes, little-endian.
    public private(set) var bytes: [UInt8]

    /// An array of `elementType` and `shape` over `bytes`.
    ///
    /// - Throws: ``NumPyError/Code/sizeMismatch`` when `bytes` is not exactly
    ///   `shape`'s element count times the element size, or a dimension is negative.
    public init(elementType: ElementType, shape: [Int], bytes: [UInt8]) throws(NumPyError) {
        guard shape.allSatisfy({ $0 >= 0 }) else {
            throw NumPyError(.invalidFormat, "a NumPy array cannot have negative dimensions, got shape \(shape)")
        }
        let expected = shape.reduce(1, *) * elementType.byteCount
        guard bytes.count == expected else {
            throw NumPyError(
                .sizeMismatch,
                "\(bytes.count) bytes cannot hold a \(elementType) array of shape \(shape), which needs \(expected)")
        }
        self.elementType = elementType
        self.shape = shape
        self.bytes = bytes
    }

    /// Skips validation; for callers that computed `bytes` from `shape` themselves.
    init(unchecked elementType: ElementType, shape: [Int], bytes: [UInt8]) {
        self.elementType = elementType
        self.shape = shape
        self.bytes = bytes
    }

    /// A `float32` array with the tensor's shape and elements.
    public init(_ tensor: Tensor) {
        self.init(float32: tensor.scalars, shape: tensor.shape.dimensions)
    }

    /// A `float32` array of `values` viewed as `shape` (default: one dimension).
    ///
    /// - Precondition: `values.count` equals the element count of `shape`.
    public init(float32 values: [Float], shape: [Int]? = nil) {
        self.init(storing: values, as: .float32, shape: shape) { $0.bitPattern.littleEndian }
    }

    /// An `int64` array of `values` viewed as `shape` (default: one dimension), e.g. labels.
    ///
    /// - Precondition: `values.count` equals the element count of `shape`.
    public init(int64 values: [Int], shape: [Int]? = nil) {
        self.init(storing: values, as: .int64, shape: shape) { Int64($0).littleEndian }
    }

    /// A `uint8` array of `values` viewed as `shape` (default: one dimension), e.g. raw pixels.
    ///
    /// - Precondition: `values.count` equals the element count of `shape`.
    public init(uint8 values: [UInt8], shape: [Int]? = nil) {
        let shape = shape ?? [values.count]
        precondition(shape.reduce(1, *) == values.count, "\(values.count) values for shape \(shape)")
        self.init(unchecked: .uint8, shape: shape, bytes: values)
    }

    private init<Value, Stored: FixedWidthInteger>(
        storing values: [Value], as type: ElementType, shape: [Int]?, _ encode: (Value) -> Stored
    ) {
        let shape = shape ?? [values.count]
        precondition(shape.reduce(1, *) == values.count, "\(values.count) values for shape \(shape)")
        let size = MemoryLayout<Stored>.size
        let bytes = [UInt8](unsafeUninitializedCapacity: values.count * size) { buffer, initialised in
            let raw = UnsafeMutableRawBufferPointer(buffer)
            for (index, value) in values.enumerated() {
                raw.storeBytes(of: encode(value), toByteOffset: index * size, as: Stored.self)
            }
            initialised = values.count * size
        }
        self.init(unchecked: type, shape: shape, bytes: bytes)
    }

    /// The number of elements (1 for a scalar).
    public var count: Int { shape.reduce(1, *) }

    /// Every element converted to `Float`, in C order.
    ///
    /// Integers convert exactly up to 2²⁴ and round beyond; `float64` rounds to nearest;
    /// `bool` gives 0 and 1.
    public func floats() -> [Float] {
        let count = self.count
        return [Float](unsafeUninitializedCapacity: count) { out, initialised in
            bytes.withUnsafeBytes { raw in
                switch elementType {
                case .bool: for i in 0..<count { out[i] = raw[i] == 0 ? 0 : 1 }
                case .uint8: for i in 0..<count { out[i] = Float(raw[i]) }
                case .int8: for i in 0..<count { out[i] = Float(Int8(bitPattern: raw[i])) }
                case .uint16: for i in 0..<count { out[i] = Float(Self.load(raw, i, as: UInt16.self)) }
                case .int16: for i in 0..<count { out[i] = Float(Self.load(raw, i, as: Int16.self)) }
                case .uint32: for i in 0..<count { out[i] = Float(Self.load(raw, i, as: UInt32.self)) }
                case .int32: for i in 0..<count { out[i] = Float(Self.load(raw, i, as: Int32.self)) }
                case .uint64: for i in 0..<count { out[i] = Float(Self.load(raw, i, as: UInt64.self)) }
                case .int64: for i in 0..<count { out[i] = Float(Self.load(raw, i, as: Int64.self)) }
                case .float32:
                    for i in 0..<count { out[i] = Float(bitPattern: Self.load(raw, i, as: UInt32.self)) }
                case .float64:
                    for i in 0..<count { out[i] = Float(Double(bitPattern: Self.load(raw, i, as: UInt64.self))) }
                }
            }
            initialised = count
        }
    }

    /// Every element as an `Int`, in C order; for integer and `bool` arrays (labels).
    ///
    /// - Throws: ``NumPyError/Code/wrongElementType`` for `float32`/`float64` arrays, and for a
    ///   `uint64` element too large for `Int`.
    public func integers() throws(NumPyError) -> [Int] {
        guard elementType.isInteger else {
            throw NumPyError(
                .wrongElementType, "the array holds \(elementType) values where integers were expected")
        }
        let count = self.count
        var result = [Int](repeating: 0, count: count)
        var tooLarge: UInt64?
        bytes.withUnsafeBytes { raw in
            switch elementType {
            case .bool: for i in 0..<count { result[i] = raw[i] == 0 ? 0 : 1 }
            case .uint8: for i in 0..<count { result[i] = Int(raw[i]) }
            case .int8: for i in 0..<count { result[i] = Int(Int8(bitPattern: raw[i])) }
            case .uint16: for i in 0..<count { result[i] = Int(Self.load(raw, i, as: UInt16.self)) }
            case .int16: for i in 0..<count { result[i] = Int(Self.load(raw, i, as: Int16.self)) }
            case .uint32: for i in 0..<count { result[i] = Int(Self.load(raw, i, as: UInt32.self)) }
            case .int32: for i in 0..<count { result[i] = Int(Self.load(raw, i, as: Int32.self)) }
            case .int64: for i in 0..<count { result[i] = Int(Self.load(raw, i, as: Int64.self)) }
            case .uint64:
                for i in 0..<count {
                    let value = Self.load(raw, i, as: UInt64.self)
                    guard let exact = Int(exactly: value) else {
                        tooLarge = value
                        return
                    }
                    result[i] = exact
                }
            case .float32, .float64: break
            }
        }
        if let tooLarge {
            throw NumPyError(.wrongElementType, "the uint64 element \(tooLarge) does not fit an Int")
        }
        return result
    }

    /// The array as a ``Tensor`` of the same shape, elements converted as by ``floats()``.
    public func tensor() -> Tensor {
        Tensor(shape: Shape(shape), scalars: floats())
    }

    /// Element `index` of a raw little-endian buffer of `T`s.
    @inline(__always)
    private static func load<T: FixedWidthInteger>(_ raw: UnsafeRawBufferPointer, _ index: Int, as: T.Type) -> T {
        T(littleEndian: raw.loadUnaligned(fromByteOffset: index * MemoryLayout<T>.size, as: T.self))
    }
}

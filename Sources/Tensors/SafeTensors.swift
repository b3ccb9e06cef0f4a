/// A `.safetensors` file read into memory and checked: the tensors it lists, its metadata, and
/// their values on request.
///
/// The format (Hugging Face's, used for PyTorch `state_dict`s) is an 8-byte little-endian header
/// length N, N bytes of UTF-8 JSON mapping each tensor name to its `dtype`, `shape` and
/// `data_offsets` (plus an optional `__metadata__` object of strings), then the raw
/// little-endian data, which the tensors must cover exactly.
///
/// Creating a value checks the whole header against the data (see ``SafeTensorsError/Code`` for
/// what can be wrong), so reading a tensor afterwards can only fail for asking the wrong
/// question: a name that is not there, or floats from an integer tensor.
///
/// ```swift
/// let file = try SafeTensors(contentsOfFile: "model.safetensors")
/// let weight = try file.tensor("conv1.weight")           // Tensor, OIHW
/// let steps = try file.integers("bn1.num_batches_tracked")  // [Int64], shape []
/// let arch = file.metadata["preindex.arch"]
/// ```
public struct SafeTensors: Sendable {
    /// The tensors, in the order of their bytes in the file.
    public let entries: [SafeTensorsEntry]
    /// The `__metadata__` strings; empty when the file has none.
    public let metadata: [String: String]
    /// The name used for the data in error messages (the path, for files).
    public let source: String

    private let bytes: [UInt8]
    private let dataStart: Int
    private let indexByName: [String: Int]

    /// Reads a safetensors file held in `bytes`, checking its header.
    ///
    /// - Parameters:
    ///   - bytes: the whole file.
    ///   - source: names the data in error messages, e.g. the URL it came from.
    /// - Throws: ``SafeTensorsError`` when the bytes are not a well-formed safetensors file.
    public init(bytes: [UInt8], source: String = "in-memory safetensors data") throws(SafeTensorsError) {
        let header = try Self.parseHeader(bytes, file: "'\(source)'")
        self.entries = header.entries
        self.metadata = header.metadata
        self.source = source
        self.bytes = bytes
        self.dataStart = header.dataStart
        self.indexByName = Dictionary(uniqueKeysWithValues: header.entries.enumerated().map { ($1.name, $0) })
    }

    /// Reads the safetensors file at `path`, checking its header.
    ///
    /// - Throws: ``SafeTensorsError`` with code ``SafeTensorsError/Code/fileSystem`` when the file
    ///   cannot be read, or another code when it is not a well-formed safetensors file.
    public init(contentsOfFile path: String) throws(SafeTensorsError) {
        try self.init(bytes: SafeTensorsFileSystem.readFile(atPath: path), source: path)
    }

    /// The tensor names, in the order of their bytes in the file.
    public var names: [String] { entries.map(\.name) }

    /// The entry named `name`, or `nil` when the file has none.
    public func entry(_ name: String) -> SafeTensorsEntry? {
        indexByName[name].map { entries[$0] }
    }

    /// The floating-point tensor `name` as Float32.
    ///
    /// `F32` is copied exactly, `F16` and `BF16` widen exactly (NaN, infinities, subnormals and
    /// the sign of zero kept), `F64` rounds to nearest (overflowing to ±infinity; use
    /// ``Tensor/checkFinite(_:)`` where that matters).
    ///
    /// - Throws: ``SafeTensorsError/Code/tensorNotFound`` or, for an integer tensor,
    ///   ``SafeTensorsError/Code/dtypeMismatch``.
    public func tensor(_ name: String) throws(SafeTensorsError) -> Tensor {
        let entry = try require(name)
        guard entry.dtype.isFloatingPoint else {
            throw SafeTensorsError(
                .dtypeMismatch,
                "tensor '\(name)' in '\(source)' has dtype \(entry.dtype), expected F32, F16, BF16 or F64;"
                    + " read integer tensors with integers(_:)"
            )
        }
        let scalars = withBytes(of: entry) { raw in SafeTensorsDecoding.floats(raw, dtype: entry.dtype) }
        return Tensor(shape: entry.shape, scalars: scalars)
    }

    /// The integer or boolean tensor `name` as `Int64` values in row-major order.
    ///
    /// Every integer type widens exactly; `BOOL` reads as 0 or 1. A scalar (shape `[]`), such as
    /// PyTorch's `num_batches_tracked`, gives one value.
    ///
    /// - Throws: ``SafeTensorsError/Code/tensorNotFound``; for a floating-point tensor
    ///   ``SafeTensorsError/Code/dtypeMismatch``; for a `U64` value above `Int64.max`
    ///   ``SafeTensorsError/Code/valueOutOfRange``.
    public func integers(_ name: String) throws(SafeTensorsError) -> [Int64] {
        let entry = try require(name)
        guard !entry.dtype.isFloatingPoint else {
            throw SafeTensorsError(
                .dtypeMismatch,
                "tensor '\(name)' in '\(source)' has dtype \(entry.dtype), expected an integer or BOOL dtype;"
                    + " read floating-point tensors with tensor(_:)"
            )
        }
        let decoded = withBytes(of: entry) { raw in SafeTensorsDecoding.integers(raw, dtype: entry.dtype) }
        guard let values = decoded else {
            throw SafeTensorsError(
                .valueOutOfRange,
                "tensor '\(name)' in '\(source)' holds a U64 value above \(Int64.max), which does not fit Int64"
            )
        }
        return values
    }

    private func require(_ name: String) throws(SafeTensorsError) -> SafeTensorsEntry {
        guard let entry = entry(name) else {
            let listed = names.prefix(8).map { "'\($0)'" }.joined(separator: ", ")
            let more = entries.count > 8 ? " and \(entries.count - 8) more" : ""
            throw SafeTensorsError(
                .tensorNotFound,
                "'\(source)' has no tensor named '\(name)'; it holds \(entries.isEmpty ? "none" : listed + more)"
            )
        }
        return entry
    }

    /// Calls `body` with the bytes of `entry`, which the header checks proved lie inside the data.
    private func withBytes<R>(of entry: SafeTensorsEntry, _ body: (UnsafeRawBufferPointer) -> R) -> R {
        bytes.withUnsafeBytes { raw in
            let range = (dataStart + entry.byteRange.lowerBound)..<(dataStart + entry.byteRange.upperBound)
            return body(UnsafeRawBufferPointer(rebasing: raw[range]))
        }
    }
}

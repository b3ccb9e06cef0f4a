/// Builds a `.safetensors` file from Float32 tensors, Int64 tensors and metadata strings.
///
/// Tensors are laid out in the order they are appended, each right after the previous one; the
/// header is compact JSON (`__metadata__` first, its keys sorted, then the tensors in layout
/// order), padded with spaces to a multiple of 8 bytes as the Python package does, so the same
/// input always gives the same bytes and every tensor's data starts 8-byte aligned. The Python
/// package reads the result; appending in the order it lays tensors out (by dtype, then name)
/// reproduces its output byte for byte.
///
/// ```swift
/// var writer = SafeTensorsWriter(metadata: ["preindex.arch": archJSON])
/// try writer.append("conv1.weight", weight)
/// try writer.append("bn1.num_batches_tracked", integers: [0], shape: [])
/// try writer.write(toFile: "model.safetensors")
/// ```
public struct SafeTensorsWriter: Sendable {
    /// The `__metadata__` strings to write; none written when empty.
    public var metadata: [String: String]
    /// The tensors appended so far, with the byte ranges they will occupy.
    public private(set) var entries: [SafeTensorsEntry] = []

    private var payloads: [Payload] = []
    private var names: Set<String> = []

    private enum Payload: Sendable {
        case float32(Tensor)
        case int64([Int64])
    }

    /// A writer holding no tensors yet.
    public init(metadata: [String: String] = [:]) {
        self.metadata = metadata
    }

    /// A writer holding `tensors` (as `F32`) followed by `integers` (as `I64`), in that order.
    ///
    /// - Throws: ``SafeTensorsError`` as ``append(_:_:)`` and ``append(_:integers:shape:)`` do.
    public init(
        tensors: [(name: String, tensor: Tensor)],
        integers: [(name: String, values: [Int64], shape: Shape)] = [],
        metadata: [String: String] = [:]
    ) throws(SafeTensorsError) {
        self.init(metadata: metadata)
        for (name, tensor) in tensors {
            try append(name, tensor)
        }
        for (name, values, shape) in integers {
            try append(name, integers: values, shape: shape)
        }
    }

    /// Appends `tensor` as an `F32` tensor called `name`.
    ///
    /// - Throws: ``SafeTensorsError/Code/invalidName`` for an empty or reserved name,
    ///   ``SafeTensorsError/Code/duplicateName`` for a name already appended.
    public mutating func append(_ name: String, _ tensor: Tensor) throws(SafeTensorsError) {
        try add(name, .float32, tensor.shape, .float32(tensor))
    }

    /// Appends `values` as an `I64` tensor of `shape` called `name` (shape `[]` for a scalar).
    ///
    /// - Throws: ``SafeTensorsError/Code/sizeMismatch`` when `values.count` is not
    ///   `shape.elementCount`, and the name errors of ``append(_:_:)``.
    public mutating func append(_ name: String, integers values: [Int64], shape: Shape) throws(SafeTensorsError) {
        guard values.count == shape.elementCount else {
            throw SafeTensorsError(
                .sizeMismatch,
                "cannot write tensor '\(name)': \(values.count) values given for shape \(shape),"
                    + " which holds \(shape.elementCount)"
            )
        }
        try add(name, .int64, shape, .int64(values))
    }

    private mutating func add(_ name: String, _ dtype: SafeTensorsDType, _ shape: Shape, _ payload: Payload)
        throws(SafeTensorsError)
    {
        guard !name.isEmpty, name != "__metadata__" else {
            throw SafeTensorsError(
                .invalidName,
                "cannot write a tensor named '\(name)': names must be non-empty and not \"__metadata__\""
            )
        }
        guard names.insert(name).inserted else {
            throw SafeTensorsError(.duplicateName, "cannot write tensor '\(name)' twice; names must be unique")
        }
        let begin = entries.last?.byteRange.upperBound ?? 0
        let end = begin + shape.elementCount * dtype.elementByteCount
        entries.append(SafeTensorsEntry(name: name, dtype: dtype, shape: shape, byteRange: begin..<end))
        payloads.append(payload)
    }

    /// The header JSON, padded with spaces to a multiple of 8 bytes.
    var headerBytes: [UInt8] {
        var members: [String] = []
        if !metadata.isEmpty {
            let pairs = metadata.sorted { $0.key < $1.key }.map {
                SafeTensorsJSON.quoted($0.key) + ":" + SafeTensorsJSON.quoted($0.value)
            }
            members.append("\"__metadata__\":{" + pairs.joined(separator: ",") + "}")
        }
        for entry in entries {
            let shape = entry.shape.dimensions.map(String.init).joined(separator: ",")
            members.append(
                SafeTensorsJSON.quoted(entry.name) + ":{\"dtype\":\"\(entry.dtype)\",\"shape\":[\(shape)],"
                    + "\"data_offsets\":[\(entry.byteRange.lowerBound),\(entry.byteRange.upperBound)]}"
            )
        }
        var header = Array(("{" + members.joined(separator: ",") + "}").utf8)
        header += repeatElement(UInt8(ascii: " "), count: (8 - header.count % 8) % 8)
        return header
    }

    /// The complete file: header length, header, then every tensor's little-endian data.
    public func serialized() -> [UInt8] {
        let header = headerBytes
        let dataStart = 8 + header.count
        var bytes = [UInt8](repeating: 0, count: dataStart + (entries.last?.byteRange.upperBound ?? 0))
        bytes.withUnsafeMutableBytes { raw in
            raw.storeBytes(of: UInt64(header.count).littleEndian, toByteOffset: 0, as: UInt64.self)
            raw.baseAddress!.advanced(by: 8).copyMemory(from: header, byteCount: header.count)
            for (entry, payload) in zip(entries, payloads) {
                let offset = dataStart + entry.byteRange.lowerBound
                switch payload {
                case .float32(let tensor):
                    tensor.withUnsafeBufferPointer { Self.store($0, into: raw, at: offset) { $0.bitPattern } }
                case .int64(let values):
                    values.withUnsafeBufferPointer { Self.store($0, into: raw, at: offset) { UInt64(bitPattern: $0) } }
                }
            }
        }
        return bytes
    }

    /// Writes ``serialized()`` to `path`, replacing any file there atomically: a crash or a full
    /// disk leaves either the old file or the complete new one, never a partial one.
    ///
    /// - Throws: ``SafeTensorsError/Code/fileSystem`` when the file cannot be written.
    public func write(toFile path: String) throws(SafeTensorsError) {
        try SafeTensorsFileSystem.writeFileAtomically(serialized(), toPath: path)
    }

    /// Stores `values` as consecutive little-endian `Word`s from byte `offset` of `raw`.
    private static func store<Element, Word: FixedWidthInteger>(
        _ values: UnsafeBufferPointer<Element>,
        into raw: UnsafeMutableRawBufferPointer,
        at offset: Int,
        _ word: (Element) -> Word
    ) {
        for (index, value) in values.enumerated() {
            raw.storeBytes(
                of: word(value).littleEndian,
                toByteOffset: offset + index * MemoryLayout<Word>.size,
                as: Word.self
            )
        }
    }
}

/// One tensor listed in a `.safetensors` header: its name, element type, shape and bytes.
///
/// An entry read from a file has been checked: ``byteRange`` lies inside the data section and
/// holds exactly `shape.elementCount × dtype.elementByteCount` bytes.
public struct SafeTensorsEntry: Hashable, Sendable {
    /// The tensor's name, e.g. `layer1.0.conv1.weight`.
    public var name: String
    /// The type of each element.
    public var dtype: SafeTensorsDType
    /// The tensor's dimensions, outermost first; `[]` for a scalar.
    public var shape: Shape
    /// The tensor's bytes, as offsets from the start of the data section (the header's
    /// `data_offsets`).
    public var byteRange: Range<Int>

    /// Creates an entry from its parts.
    public init(name: String, dtype: SafeTensorsDType, shape: Shape, byteRange: Range<Int>) {
        self.name = name
        self.dtype = dtype
        self.shape = shape
        self.byteRange = byteRange
    }
}

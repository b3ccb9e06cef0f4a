import Foundation

extension SafeTensors {
    /// Reads a safetensors file held in `data`, checking its header.
    ///
    /// - Parameters:
    ///   - data: the whole file.
    ///   - source: names the data in error messages, e.g. the URL it came from.
    /// - Throws: ``SafeTensorsError`` when the bytes are not a well-formed safetensors file.
    public init(data: Data, source: String = "in-memory safetensors data") throws(SafeTensorsError) {
        try self.init(bytes: [UInt8](data), source: source)
    }
}

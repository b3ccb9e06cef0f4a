/// Writing the `.npy` format as `numpy.save` does.
///
/// Version 1.0 (2.0 only when the header exceeds 65,535 bytes, which needs thousands of
/// dimensions): magic, version, little-endian header length, then the header dict padded with
/// spaces and ended by `'\n'` so that the data starts at a multiple of 64 bytes.
extension NumPyArray {
    /// The alignment of the data section, as NumPy uses (`numpy.lib.format.ARRAY_ALIGN`).
    static let dataAlignment = 64

    /// The complete `.npy` file for this array.
    public func encoded() -> [UInt8] {
        let dimensions = shape.map(String.init)
        let tuple = "(" + dimensions.joined(separator: ", ") + (dimensions.count == 1 ? ",)" : ")")
        let dictionary = Array(
            "{'descr': '\(elementType.descriptor)', 'fortran_order': False, 'shape': \(tuple), }".utf8)
        let isVersion1 = Self.paddedLength(dictionary.count, preamble: 10) <= Int(UInt16.max)
        let preamble = isVersion1 ? 10 : 12
        let headerLength = Self.paddedLength(dictionary.count, preamble: preamble)

        var file = Self.magic
        file.reserveCapacity(preamble + headerLength + bytes.count)
        file += [isVersion1 ? 1 : 2, 0]
        let lengthBytes = isVersion1 ? 2 : 4
        for index in 0..<lengthBytes { file.append(UInt8(truncatingIfNeeded: headerLength >> (8 * index))) }
        file += dictionary
        file += [UInt8](repeating: 0x20, count: headerLength - dictionary.count - 1)
        file.append(0x0A)
        file += bytes
        return file
    }

    /// Writes ``encoded()`` to `path`, replacing any file there.
    ///
    /// - Throws: ``NumPyError/Code/unreadable`` when the file cannot be created or written.
    public func write(toFile path: String) throws(NumPyError) {
        do {
            try BinaryFile.write(encoded(), to: path)
        } catch {
            throw NumPyError(.unreadable, error.message)
        }
    }

    /// The header length (dict, padding and `'\n'`) that makes `preamble + length` a multiple of 64.
    private static func paddedLength(_ dictionaryLength: Int, preamble: Int) -> Int {
        let unpadded = preamble + dictionaryLength + 1
        let total = (unpadded + dataAlignment - 1) / dataAlignment * dataAlignment
        return total - preamble
    }
}

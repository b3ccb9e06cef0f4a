import Foundation

extension SHA256 {
    /// The digest of the file at `path`, read in chunks of `chunkByteCount` bytes.
    ///
    /// Memory stays at one chunk whatever the file's size, so model and dataset files of any
    /// size can be hashed.
    ///
    /// - Throws: ``FileDigestError`` naming the file when it cannot be opened or read.
    public static func hash(file path: String, chunkByteCount: Int = 1 << 20) throws(FileDigestError) -> [UInt8] {
        precondition(chunkByteCount > 0, "chunkByteCount must be positive")
        let descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else {
            throw FileDigestError(.cannotOpen, path: path, reason: String(cString: strerror(errno)))
        }
        defer { close(descriptor) }
        var hash = SHA256()
        var chunk = [UInt8](repeating: 0, count: chunkByteCount)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count == 0 { break }
            if count < 0 {
                if errno == EINTR { continue }
                throw FileDigestError(.cannotRead, path: path, reason: String(cString: strerror(errno)))
            }
            chunk.withUnsafeBytes { hash.update(UnsafeRawBufferPointer(rebasing: $0[0..<count])) }
        }
        return hash.finalize()
    }
}

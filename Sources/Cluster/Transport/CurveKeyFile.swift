import Foundation

/// The text files that hold CURVE keys: one key per line as 40 characters of Z85, blank lines and
/// `#` comment lines ignored.
///
/// The same format serves a key pair's `name.key` and `name.pub` (one key each) and the authorised-keys
/// file (any number of public keys). `#` is also a Z85 character, but no key starts with it: a Z85
/// group starting with `#` stands for more than 2³² − 1.
public enum CurveKeyFile {
    /// The largest key file read, 16 MiB: about 400,000 keys.
    static let maximumByteCount = 16 << 20

    /// The keys in `text`, in order.
    ///
    /// - Parameter source: Where the text comes from, such as its path, for error messages.
    /// - Throws: ``CurveKeyError`` ``CurveKeyError/Code/malformedKey`` naming `source` and the line
    ///   of the first line that is neither blank, a comment nor a key.
    public static func keys(in text: String, source: String) throws(CurveKeyError) -> [CurveKey] {
        var keys: [CurveKey] = []
        // "\r\n" is one Character, a newline like "\n": files written on Windows count their lines alike.
        let lines = text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline)
        for (index, rawLine) in lines.enumerated() {
            let line = String(rawLine).trimmingASCIIWhitespace()
            if line.isEmpty { continue }
            if line.hasPrefix("#") { continue }
            keys.append(try CurveKey(z85: line, source: "\(source) line \(index + 1)"))
        }
        return keys
    }

    /// The keys of the file at `path`.
    ///
    /// - Throws: ``CurveKeyError`` ``CurveKeyError/Code/cannotRead`` when the file cannot be read;
    ///   ``CurveKeyError/Code/malformedKey`` naming the file and line of a line that is not a key.
    public static func readKeys(at path: String) throws(CurveKeyError) -> [CurveKey] {
        try keys(in: readText(at: path), source: "'\(path)'")
    }

    /// The one key of the file at `path`, such as a `name.pub` file.
    ///
    /// - Throws: As ``readKeys(at:)``, and ``CurveKeyError/Code/wrongKeyCount`` when the file holds no
    ///   key or more than one.
    public static func readKey(at path: String) throws(CurveKeyError) -> CurveKey {
        let keys = try readKeys(at: path)
        guard keys.count == 1 else {
            throw CurveKeyError(
                .wrongKeyCount, "'\(path)' holds \(keys.count) CURVE keys; expected exactly one key file line")
        }
        return keys[0]
    }

    /// Writes `key` to a new file at `path`, after `comment` (one `#` line), with permissions `mode`.
    ///
    /// - Parameters:
    ///   - mode: The file's permissions, set even when the file existed: `0o600` for a secret key.
    ///   - overwrite: Whether an existing file may be replaced.
    /// - Throws: ``CurveKeyError`` ``CurveKeyError/Code/fileExists`` when the file exists and
    ///   `overwrite` is `false`; ``CurveKeyError/Code/cannotWrite`` when it cannot be written.
    static func write(
        _ key: CurveKey, comment: String, to path: String, mode: mode_t, overwrite: Bool
    ) throws(CurveKeyError) {
        let flags = O_WRONLY | O_CREAT | O_TRUNC | (overwrite ? 0 : O_EXCL)
        let descriptor = open(path, flags, mode)
        guard descriptor >= 0 else {
            let number = errno
            if number == EEXIST {
                throw CurveKeyError(
                    .fileExists, "'\(path)' exists already; remove it or choose another name to write a new key")
            }
            throw cannotWrite(path, number)
        }
        defer { close(descriptor) }
        // O_CREAT applies `mode` (less the umask) only to a new file; set it either way.
        guard fchmod(descriptor, mode) == 0 else { throw cannotWrite(path, errno) }
        let bytes = Array("# \(comment)\n\(key.z85)\n".utf8)
        var written = 0
        while written < bytes.count {
            let count = bytes[written...].withUnsafeBytes { Foundation.write(descriptor, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                throw cannotWrite(path, errno)
            }
            written += count
        }
    }

    /// The text of the file at `path`, at most ``maximumByteCount`` bytes.
    private static func readText(at path: String) throws(CurveKeyError) -> String {
        let descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else { throw cannotRead(path, reason: String(cString: strerror(errno))) }
        defer { close(descriptor) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 64 << 10)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                throw cannotRead(path, reason: String(cString: strerror(errno)))
            }
            if count == 0 { break }
            bytes += chunk[..<count]
            guard bytes.count <= maximumByteCount else {
                throw cannotRead(path, reason: "it is larger than \(maximumByteCount >> 20) MiB, too large for a key file")
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    private static func cannotRead(_ path: String, reason: String) -> CurveKeyError {
        CurveKeyError(.cannotRead, "cannot read the CURVE key file '\(path)': \(reason)")
    }

    private static func cannotWrite(_ path: String, _ number: CInt) -> CurveKeyError {
        CurveKeyError(.cannotWrite, "cannot write the CURVE key file '\(path)': \(String(cString: strerror(number)))")
    }
}

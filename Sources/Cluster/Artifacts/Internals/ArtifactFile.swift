import Foundation

// The file-system calls artifacts need, each retried on EINTR and failing as an `ArtifactError` that names the
// file. Reads and writes are positional (`pread`, `pwrite`), so chunks go to and come from any offset without
// moving a shared file position, and no call ever holds more than the bytes of one chunk.

/// An open file; the descriptor is closed when the value goes away.
final class ArtifactFile {
    /// The descriptor, valid for the object's lifetime.
    private let descriptor: Int32
    /// The path it was opened with, for messages.
    let path: String

    private init(descriptor: Int32, path: String) {
        self.descriptor = descriptor
        self.path = path
    }

    deinit { close(descriptor) }

    /// Opens the existing file at `path` for reading.
    static func open(reading path: String) throws(ArtifactError) -> ArtifactFile {
        try open(path, O_RDONLY, action: "open", mode: 0)
    }

    /// Creates a file at `path` for reading and writing; fails when one exists.
    static func create(_ path: String) throws(ArtifactError) -> ArtifactFile {
        try open(path, O_RDWR | O_CREAT | O_EXCL, action: "create", mode: 0o644)
    }

    private static func open(_ path: String, _ flags: Int32, action: String, mode: mode_t) throws(ArtifactError)
        -> ArtifactFile
    {
        while true {
            let descriptor = Foundation.open(path, flags | O_CLOEXEC, mode)
            if descriptor >= 0 { return ArtifactFile(descriptor: descriptor, path: path) }
            if errno != EINTR { throw .fileSystem(action, path, errno: errno) }
        }
    }

    /// Fills `buffer` from its start with the bytes from position `offset` on, stopping early only at the end of
    /// the file.
    ///
    /// - Returns: The number of bytes read; less than `buffer.count` when the file ends first.
    func read(into buffer: inout [UInt8], at offset: UInt64) throws(ArtifactError) -> Int {
        let (count, failure) = buffer.withUnsafeMutableBytes { buffer -> (Int, Int32?) in
            var done = 0
            while done < buffer.count {
                let count = pread(
                    descriptor, buffer.baseAddress! + done, buffer.count - done, off_t(offset) + off_t(done))
                if count == 0 { break }
                if count < 0 {
                    if errno == EINTR { continue }
                    return (done, errno)
                }
                done += count
            }
            return (done, nil)
        }
        if let failure { throw .fileSystem("read", path, errno: failure) }
        return count
    }

    /// Up to `count` bytes from position `offset`; fewer only when the file ends first.
    func read(count: Int, at offset: UInt64) throws(ArtifactError) -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: count)
        let read = try read(into: &bytes, at: offset)
        bytes.removeLast(count - read)
        return bytes
    }

    /// Writes all of `bytes` at position `offset`, growing the file as needed.
    func write(_ bytes: ArraySlice<UInt8>, at offset: UInt64) throws(ArtifactError) {
        let failure = bytes.withUnsafeBytes { bytes -> Int32? in
            var done = 0
            while done < bytes.count {
                let count = pwrite(
                    descriptor, bytes.baseAddress! + done, bytes.count - done, off_t(offset) + off_t(done))
                if count < 0 {
                    if errno == EINTR { continue }
                    return errno
                }
                done += count
            }
            return nil
        }
        if let failure { throw .fileSystem("write", path, errno: failure) }
    }

    /// The file's size in bytes now.
    func size() throws(ArtifactError) -> UInt64 {
        var info = stat()
        guard fstat(descriptor, &info) == 0 else { throw .fileSystem("inspect", path, errno: errno) }
        return UInt64(info.st_size)
    }

    /// Flushes the file's bytes to the disk, so that a rename after it never exposes a partly written file.
    func sync() throws(ArtifactError) {
        while fsync(descriptor) != 0 {
            if errno != EINTR { throw .fileSystem("flush", path, errno: errno) }
        }
    }

    /// The SHA-256 of the whole file, read in pieces of `pieceByteCount` bytes.
    func digest(pieceByteCount: Int = 1 << 20) throws(ArtifactError) -> String {
        var hash = SHA256()
        var piece = [UInt8](repeating: 0, count: pieceByteCount)
        var offset: UInt64 = 0
        while true {
            let count = try read(into: &piece, at: offset)
            if count == 0 { break }
            hash.update(piece[0..<count])
            offset += UInt64(count)
        }
        return hash.hex
    }

    /// Renames `source` to `destination`, replacing it atomically when it exists.
    static func rename(_ source: String, to destination: String) throws(ArtifactError) {
        guard Foundation.rename(source, destination) == 0 else {
            throw ArtifactError(
                .fileSystem,
                "cannot move '\(source)' to '\(destination)': \(String(cString: strerror(errno)))")
        }
    }

    /// Removes the file at `path`; a file already gone is not an error.
    static func remove(_ path: String) throws(ArtifactError) {
        if unlink(path) != 0 && errno != ENOENT { throw .fileSystem("remove", path, errno: errno) }
    }

    /// Creates the directory at `path` and its parents as needed.
    static func makeDirectory(_ path: String) throws(ArtifactError) {
        do {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        } catch {
            throw ArtifactError(.fileSystem, "cannot create the directory '\(path)': \(error.localizedDescription)")
        }
    }

    /// Sets the access time of the file at `path` to now (to the nanosecond), leaving its modification time.
    ///
    /// - Returns: `false` when the file does not exist.
    @discardableResult
    static func touch(_ path: String) throws(ArtifactError) -> Bool {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        var times = [now, timespec(tv_sec: 0, tv_nsec: utimeOmit)]
        if utimensat(AT_FDCWD, path, &times, 0) == 0 { return true }
        if errno == ENOENT { return false }
        throw .fileSystem("update the access time of", path, errno: errno)
    }

    /// The size and access time of the regular file at `path`, or `nil` when there is none.
    static func status(_ path: String) throws(ArtifactError) -> (size: UInt64, accessed: timespec)? {
        var info = stat()
        if stat(path, &info) != 0 {
            if errno == ENOENT { return nil }
            throw .fileSystem("inspect", path, errno: errno)
        }
        guard (info.st_mode & S_IFMT) == S_IFREG else { return nil }
        return (UInt64(info.st_size), info.st_atim)
    }

    /// The names in the directory at `path`.
    static func names(in path: String) throws(ArtifactError) -> [String] {
        do {
            return try FileManager.default.contentsOfDirectory(atPath: path)
        } catch {
            throw ArtifactError(.fileSystem, "cannot list the directory '\(path)': \(error.localizedDescription)")
        }
    }
}

/// `UTIME_OMIT` of `<sys/stat.h>` (Linux and glibc: `(1 << 30) - 2`), which Swift does not import: leaves a
/// time of `utimensat` unchanged.
private let utimeOmit = (1 << 30) - 2

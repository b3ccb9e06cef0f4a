#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// The only place safetensors code calls the C file API: reading a whole file, and replacing a
/// file atomically.
///
/// errno is read immediately after the call that failed, before anything else can overwrite it,
/// and turned into a ``SafeTensorsError/Code/fileSystem`` error naming the path and the reason.
enum SafeTensorsFileSystem {
    /// The contents of the regular file at `path`.
    static func readFile(atPath path: String) throws(SafeTensorsError) -> [UInt8] {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw failure(errno, "open", path) }
        defer { close(descriptor) }

        var status = stat()
        guard fstat(descriptor, &status) == 0 else { throw failure(errno, "inspect", path) }
        guard (status.st_mode & S_IFMT) == S_IFREG else {
            throw SafeTensorsError(.fileSystem, "cannot read '\(path)': it is not a regular file")
        }

        var contents: [UInt8] = []
        contents.reserveCapacity(Int(status.st_size))
        var chunk = [UInt8](repeating: 0, count: 1 << 20)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count < 0 {
                let code = errno
                if code == EINTR { continue }
                throw failure(code, "read", path)
            }
            if count == 0 { return contents }
            contents.append(contentsOf: chunk[0..<count])
        }
    }

    /// Replaces the file at `path` with `bytes` so that it is never seen half-written.
    ///
    /// The bytes go to a new temporary file in the same directory, which is flushed to disk and
    /// then renamed over `path` (rename is atomic within a file system). On failure the
    /// temporary file is removed and `path` is left as it was.
    static func writeFileAtomically(_ bytes: [UInt8], toPath path: String) throws(SafeTensorsError) {
        let slash = path.lastIndex(of: "/")
        let directory = slash.map { String(path[...$0]) } ?? ""
        let base = slash.map { String(path[path.index(after: $0)...]) } ?? path
        let suffix = String(UInt64.random(in: 0...UInt64.max), radix: 16)
        let temporary = "\(directory).\(base).\(getpid())-\(suffix).tmp"

        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw failure(errno, "create", temporary) }
        var closed = false
        var renamed = false
        defer {
            if !closed { close(descriptor) }
            if !renamed { unlink(temporary) }
        }

        var written = 0
        while written < bytes.count {
            let count = bytes.withUnsafeBytes { raw in
                write(descriptor, raw.baseAddress! + written, raw.count - written)
            }
            if count < 0 {
                let code = errno
                if code == EINTR { continue }
                throw failure(code, "write", temporary)
            }
            written += count
        }
        guard fsync(descriptor) == 0 else { throw failure(errno, "flush", temporary) }
        closed = true
        guard close(descriptor) == 0 else { throw failure(errno, "close", temporary) }
        guard rename(temporary, path) == 0 else { throw failure(errno, "rename \(temporary) to", path) }
        renamed = true
    }

    private static func failure(_ code: Int32, _ action: String, _ path: String) -> SafeTensorsError {
        SafeTensorsError(.fileSystem, "cannot \(action) '\(path)': \(String(cString: strerror(code)))")
    }
}

// Whole-file binary I/O over the C library, shared by `NumPyArray` and the Datasets loaders.
//
// It lives under a NumPy* name only because of how the work was split; the type is general and
// may move to its own `BinaryFile.swift`. errno is read right after the failing call, before
// anything else can overwrite it.

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Reads and writes whole files as bytes, and lists directories (package-internal).
package enum BinaryFile {
    /// Why a file operation failed: the path, what was being done, and the C library's reason.
    package struct Failure: Error, Hashable, Sendable {
        /// The path the operation was given.
        package var path: String
        /// A lower-case verb phrase: "open", "read", "write", "list".
        package var operation: String
        /// The C library's explanation (`strerror`), or our own for non-errno failures.
        package var reason: String
        /// `true` when the path does not exist.
        package var isMissing: Bool

        /// "cannot open '/data/x.npy': No such file or directory".
        package var message: String { "cannot \(operation) '\(path)': \(reason)" }
    }

    /// The whole contents of the regular file at `path`.
    ///
    /// - Throws: ``Failure`` when the file is missing, a directory, or cannot be read.
    package static func read(_ path: String) throws(Failure) -> [UInt8] {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw failure(path, "open") }
        defer { _ = close(descriptor) }
        var info = stat()
        guard fstat(descriptor, &info) == 0 else { throw failure(path, "read") }
        guard (info.st_mode & S_IFMT) != S_IFDIR else {
            throw Failure(path: path, operation: "read", reason: "it is a directory, expected a file", isMissing: false)
        }
        var bytes = [UInt8]()
        bytes.reserveCapacity(Int(info.st_size))
        var chunk = [UInt8](repeating: 0, count: 1 << 20)
        while true {
            let got = chunk.withUnsafeMutableBytes { systemRead(descriptor, $0.baseAddress, $0.count) }
            if got < 0 {
                if errno == EINTR { continue }
                throw failure(path, "read")
            }
            if got == 0 { break }
            bytes.append(contentsOf: chunk[0..<got])
        }
        return bytes
    }

    /// Replaces the file at `path` with `bytes`, creating it (mode 0644) when missing.
    ///
    /// - Throws: ``Failure`` when the file cannot be created or written.
    package static func write(_ bytes: [UInt8], to path: String) throws(Failure) {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw failure(path, "create") }
        var written = 0
        while written < bytes.count {
            let wrote = bytes.withUnsafeBytes { raw in
                systemWrite(descriptor, raw.baseAddress! + written, raw.count - written)
            }
            if wrote < 0 {
                if errno == EINTR { continue }
                let error = failure(path, "write")
                _ = close(descriptor)
                throw error
            }
            written += wrote
        }
        guard close(descriptor) == 0 else { throw failure(path, "write") }
    }

    /// Whether `path` names an existing directory.
    package static func isDirectory(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR
    }

    /// Whether `path` names an existing file or directory.
    package static func exists(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0
    }

    /// The names of the entries of directory `path` (without "." and ".."), sorted.
    ///
    /// - Throws: ``Failure`` when `path` is not a readable directory.
    package static func contents(ofDirectory path: String) throws(Failure) -> [String] {
        guard let directory = opendir(path) else { throw failure(path, "list") }
        defer { closedir(directory) }
        var names: [String] = []
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(cString: raw.bindMemory(to: CChar.self).baseAddress!)
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return names.sorted()
    }

    private static func failure(_ path: String, _ operation: String) -> Failure {
        let code = errno
        return Failure(
            path: path, operation: operation, reason: String(cString: strerror(code)), isMissing: code == ENOENT)
    }
}

// The C `read`/`write` are shadowed inside `BinaryFile` by its own `read`/`write`; these name them.
@inline(__always)
private func systemRead(_ descriptor: Int32, _ buffer: UnsafeMutableRawPointer?, _ count: Int) -> Int {
    read(descriptor, buffer, count)
}

@inline(__always)
private func systemWrite(_ descriptor: Int32, _ buffer: UnsafeRawPointer?, _ count: Int) -> Int {
    write(descriptor, buffer, count)
}

// Symbolic links for relocated directory datasets, over the C library. errno is read right after the failing call.

import Tensors

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Makes symbolic links, creating the folders above them.
enum SymbolicLink {
    /// Makes `link` a symbolic link to `target`, creating the folders above `link`.
    ///
    /// A relative `target` is made absolute first (a link resolves relative targets from its own folder). A link
    /// already pointing to `target` is kept; anything else at `link` is replaced at once (a new link is renamed over
    /// it), so a reader never finds `link` missing.
    ///
    /// - Throws: ``DatasetError/Code/unreadable`` naming the link when a folder or the link cannot be made.
    static func create(at link: String, to target: String) throws(DatasetError) {
        let absolute = target.hasPrefix("/") ? target : currentDirectory() + "/" + target
        try makeDirectories(parent(of: link))
        if destination(of: link) == absolute { return }
        let temporary = link + ".\(getpid()).\(UInt32.random(in: 0...UInt32.max)).link"
        guard symlink(absolute, temporary) == 0 else { throw failure("create the link", link) }
        guard rename(temporary, link) == 0 else {
            let error = failure("create the link", link)
            _ = unlink(temporary)
            throw error
        }
    }

    /// Creates `directory` and the folders above it that are missing.
    private static func makeDirectories(_ directory: String) throws(DatasetError) {
        guard !directory.isEmpty, !BinaryFile.isDirectory(directory) else { return }
        try makeDirectories(parent(of: directory))
        guard mkdir(directory, 0o755) == 0 || (errno == EEXIST && BinaryFile.isDirectory(directory)) else {
            throw failure("create the folder", directory)
        }
    }

    /// The folder part of `path`: "" when it has none.
    private static func parent(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "" }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }

    /// Where the link at `path` points, or `nil` when `path` is not a link.
    private static func destination(of path: String) -> String? {
        var buffer = [CChar](repeating: 0, count: 4097)
        let count = readlink(path, &buffer, buffer.count - 1)
        guard count >= 0 else { return nil }
        return String(decoding: buffer[0..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    private static func currentDirectory() -> String {
        var buffer = [CChar](repeating: 0, count: 4097)
        guard getcwd(&buffer, buffer.count) != nil else { return "." }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    private static func failure(_ operation: String, _ path: String) -> DatasetError {
        let reason = String(cString: strerror(errno))
        return DatasetError(.unreadable, "cannot \(operation) '\(path)': \(reason)")
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The few file operations the meter needs, with `errno` turned into a sentence at once.
///
/// `errno` must be read right after the failing call, before anything else can overwrite it, so
/// each function here captures it into the thrown ``SystemFileError`` itself.
enum SystemFiles {
    /// A failed file operation: the path and the system's reason.
    struct SystemFileError: Error {
        var operation: String
        var path: String
        var reason: String
        var errorNumber: Int32

        /// Whether the failure was a permission refusal (`EACCES`, `EPERM`).
        var isPermission: Bool { errorNumber == EACCES || errorNumber == EPERM }
        var message: String { "cannot \(operation) '\(path)': \(reason)" }
    }

    /// The contents of the file at `path` as UTF-8 text (invalid bytes repaired).
    static func readText(_ path: String) throws(SystemFileError) -> String {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        if descriptor < 0 { throw failure(path) }
        defer { close(descriptor) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                throw failure(path)
            }
            if count == 0 { break }
            bytes.append(contentsOf: chunk[..<count])
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The names in the directory at `path`, without `.` and `..`, sorted.
    static func list(_ path: String) throws(SystemFileError) -> [String] {
        guard let directory = opendir(path) else { throw failure(path, operation: "list") }
        defer { closedir(directory) }
        var names: [String] = []
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix(while: { $0 != 0 }), as: UTF8.self)
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return names.sorted()
    }

    /// Whether something exists at `path` (following symbolic links).
    static func exists(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0
    }

    /// Whether `path` is a directory (following symbolic links, as `/sys/class/powercap` needs).
    static func isDirectory(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR
    }

    /// The size of the file at `path` in bytes, or `nil` when it does not exist.
    static func size(_ path: String) -> Int? {
        var info = stat()
        return stat(path, &info) == 0 ? Int(info.st_size) : nil
    }

    /// Appends `text` to the file at `path`, creating it (mode 0644) when missing.
    static func append(_ text: String, to path: String) throws(SystemFileError) {
        let descriptor = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o644)
        if descriptor < 0 { throw failure(path, operation: "write") }
        defer { close(descriptor) }
        var bytes = Array(text.utf8)[...]
        while !bytes.isEmpty {
            let count = bytes.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                throw failure(path, operation: "write")
            }
            bytes = bytes.dropFirst(count)
        }
    }

    /// `path` joined to `name` with one slash.
    static func join(_ path: String, _ name: String) -> String {
        path.hasSuffix("/") ? path + name : path + "/" + name
    }

    /// The error for the call that just failed on `path`; reads `errno` first.
    private static func failure(_ path: String, operation: String = "read") -> SystemFileError {
        let number = errno
        return SystemFileError(
            operation: operation, path: path, reason: String(cString: strerror(number)).lowercased(),
            errorNumber: number)
    }
}

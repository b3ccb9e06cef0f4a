#if canImport(Glibc)
import Glibc
#endif

/// The absolute path of `relativePath` inside the repository's `Tests/Fixtures` folder.
public func fixturePath(_ relativePath: String) -> String {
    // This file is Sources/TestSupport/Fixtures.swift; the repository root is two folders up.
    var root = "\(#filePath)".split(separator: "/", omittingEmptySubsequences: false).dropLast(3).joined(separator: "/")
    if root.isEmpty { root = "." }
    return root + "/Tests/Fixtures/" + relativePath
}

/// A fresh path in the temporary directory for a test to write; unique per process and call.
public func temporaryPath(_ name: String) -> String {
    "/tmp/preindex-tests-\(getpid())-\(UInt32.random(in: 0...UInt32.max))-\(name)"
}

/// Deletes the file at `path`, if any (for `defer` after ``temporaryPath(_:)``).
public func removeFile(_ path: String) {
    unlink(path)
}

/// The absolute path of `relativePath` inside the repository's `Tests/Fixtures` folder.
public func fixturePath(_ relativePath: String) -> String {
    // This file is Sources/TestSupport/Fixtures.swift; the repository root is two folders up.
    var root = "\(#filePath)".split(separator: "/", omittingEmptySubsequences: false).dropLast(3).joined(separator: "/")
    if root.isEmpty { root = "." }
    return root + "/Tests/Fixtures/" + relativePath
}

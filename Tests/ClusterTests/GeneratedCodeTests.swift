import Foundation
import Testing

/// The committed protobuf-c code in Sources/PreIndexWire matches what `make proto` generates now.
struct GeneratedCodeTests {
    private static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    private static var protocCInstalled: Bool {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? ""
        return path.split(separator: ":").contains {
            FileManager.default.isExecutableFile(atPath: "\($0)/protoc-c")
        }
    }

    @Test(
        .enabled(
            if: protocCInstalled,
            "protoc-c is not installed (apt-get install protobuf-c-compiler); the generated code was not checked")
    )
    func committedGeneratedCodeMatchesProtos() throws {
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("preindex-proto-\(UUID())")
        defer { try? FileManager.default.removeItem(at: output) }

        let script = Process()
        script.executableURL = URL(fileURLWithPath: "/bin/bash")
        script.arguments = [Self.packageRoot.appendingPathComponent("Scripts/generate-proto.sh").path, output.path]
        try script.run()
        script.waitUntilExit()
        try #require(script.terminationStatus == 0, "Scripts/generate-proto.sh failed")

        let committed = Self.packageRoot.appendingPathComponent("Sources/PreIndexWire")
        let generatedFiles = try Self.files(under: output)
        #expect(generatedFiles == (try Self.files(under: committed)), "generated code is stale: run make proto")
        for file in generatedFiles {
            let fresh = try Data(contentsOf: output.appendingPathComponent(file))
            let current = try? Data(contentsOf: committed.appendingPathComponent(file))
            #expect(fresh == current, "generated code is stale: run make proto (\(file) differs)")
        }
    }

    /// Relative paths of the regular files under `directory`, sorted.
    private static func files(under directory: URL) throws -> [String] {
        let base = directory.standardizedFileURL.path + "/"
        let enumerator = FileManager.default.enumerator(
            at: directory, includingPropertiesForKeys: [.isRegularFileKey])
        var paths: [String] = []
        while let url = enumerator?.nextObject() as? URL {
            guard try url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile == true else { continue }
            paths.append(String(url.standardizedFileURL.path.dropFirst(base.count)))
        }
        return paths.sorted()
    }
}

import Foundation

/// Runs a committed Python reference script and reads the JSON object on its last output line.
enum PythonScript {
    /// The decoded object, or `nil` when the script, python3 or its packages are missing or it failed.
    static func run(_ script: String, _ arguments: [String]) -> [String: Any]? {
        guard FileManager.default.fileExists(atPath: script) else { return nil }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", script] + arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return nil }
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0,
            let line = String(decoding: data, as: UTF8.self).split(separator: "\n").last,
            let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
        else { return nil }
        return object
    }
}

/// The same resnet18 forward in numpy, for a side-by-side ratio.
enum NumPyReference {
    /// The numpy forward's images/s, or `nil` when the script, python3 or numpy is missing.
    static func resnet18Forward(batch: Int) -> BenchmarkResult? {
        guard let object = PythonScript.run("Tests/Fixtures/bench_numpy.py", ["--batch", String(batch)]),
            let rate = object["images_per_second"] as? Double
        else { return nil }
        return BenchmarkResult(name: "resnet18 forward in numpy, batch \(batch)", value: rate, unit: "images/s")
    }
}

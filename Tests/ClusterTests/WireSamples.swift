import Foundation
import Cluster

/// Envelopes covering every body case, with empty, large, non-ASCII and extreme field values.
enum WireSamples {
    static let energy = Wire.EnergyReport(
        nodeID: "node-7", method: "rapl", joules: 1234.5, cpuSeconds: 98.25, wallSeconds: 12.5,
        region: "DE", gridIntensity: 381.0)

    static let envelopes: [Wire.Envelope] = [
        .init(.hello(.init(nodeID: "worker-α", threads: 16, region: "FR", softwareVersion: "0.1.0"))),
        .init(.hello(.init(nodeID: "", threads: 0, region: "", softwareVersion: ""))),
        .init(.ready(.init(freeSlots: 4))),
        .init(.ready(.init(freeSlots: 0))),
        .init(.heartbeat(.init(sequence: .max))),
        .init(.disconnect(.init(reason: "shutting down: SIGTERM"))),
        .init(.assign(.init(taskID: "job-1/task-42", attempt: 2, taskJSON: Array(#"{"model":"resnet18"}"#.utf8),
                            leaseMilliseconds: 30_000))),
        .init(.result(.init(taskID: "job-1/task-42", attempt: 2, resultJSON: Array(#"{"p":[0.1]}"#.utf8),
                            energy: energy))),
        .init(.failure(.init(taskID: "t", attempt: 1, message: "dataset file is truncated", retryable: false))),
        .init(.failure(.init(taskID: "t", attempt: 3, message: "out of memory", retryable: true, energy: energy))),
        .init(.artifactRequest(.init(sha256: String(repeating: "ab", count: 32), offset: 1 << 40, maxBytes: 1 << 20))),
        .init(.artifactChunk(.init(sha256: String(repeating: "0f", count: 32), offset: 0,
                                   data: (0..<4096).map { UInt8(truncatingIfNeeded: $0 &* 31) }, totalSize: 8192))),
        .init(.artifactChunk(.init(sha256: "", offset: 0, data: [], totalSize: 0))),
        .init(.artifactUpload(.init(sha256: String(repeating: "cd", count: 32), offset: 4096, data: [0, 255, 0],
                                    totalSize: 4099, name: "resnet18-frost-3.safetensors", taskID: "job-2/task-1"))),
        .init(.artifactListQuery(.init(kind: "model", jobID: "12"))),
        .init(.artifactListQuery(.init())),
        .init(.artifactList(.init(artifacts: [
            .init(sha256: String(repeating: "ef", count: 32), size: 1 << 33, kind: "model",
                  name: "resnet-mini-gaussian-0.1.safetensors", parentSHA256: String(repeating: "12", count: 32),
                  taskID: "41", jobID: "12", createdAt: 1_795_000_000.25),
            .init(sha256: "", size: 0, kind: "", createdAt: -1),
        ]))),
        .init(.artifactList(.init(artifacts: []))),
        .init(.submit(.init(document: .job(json: Array(#"{"models":["a","b"]}"#.utf8))))),
        .init(.submit(.init(document: .plan(json: [])))),
        .init(.accepted(.init(jobID: "job-3", taskCount: 120))),
        .init(.cancel(.init(jobID: "plan-9", rows: [0, 4, .max]))),
        .init(.cancel(.init(jobID: "job-3"))),
        .init(.statusQuery(.init(jobID: "job-3"))),
        .init(.statusQuery(.init())),
        .init(.status(.init(
            jobs: [.init(jobID: "job-3", total: 120, queued: 60, running: 10, done: 48, failed: 2),
                   .init(jobID: "job-4", total: 1, queued: 1, running: 0, done: 0, failed: 0)],
            energy: [energy, .init(nodeID: "node-8", method: "cpu-time-model", joules: 0, cpuSeconds: 0,
                                   wallSeconds: 0, region: "", gridIntensity: .infinity)]))),
        .init(.status(.init(jobs: [], energy: []))),
        .init(.rankingQuery(.init(jobID: "job-3"))),
        .init(.ranking(.init(jobID: "job-3", rankingJSON: Array(#"[{"model":"a","kWh":0.2}]"#.utf8)))),
        .init(.error(.init(code: .notFound, message: "no job named job-5"))),
        .init(.error(.init(code: .init(rawValue: 99), message: "a code from a newer peer"))),
    ]

    /// How many cases the `body` oneof of `Protos/preindex/v1/envelope.proto` has, read from the schema so that a new
    /// message without a sample fails the coverage tests.
    static let bodyCaseCount: Int = {
        let schema = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Protos/preindex/v1/envelope.proto")
        guard let text = try? String(contentsOf: schema, encoding: .utf8),
            let start = text.range(of: "oneof body {")
        else { return -1 }
        let body = text[start.upperBound...].prefix { $0 != "}" }
        return body.split(separator: "\n").filter { $0.trimmingCharacters(in: .whitespaces).hasSuffix(";") }.count
    }()

    /// The encodings of ``envelopes``, in the same order.
    static func encodings() throws -> [[UInt8]] {
        try envelopes.map { try $0.encoded() }
    }
}

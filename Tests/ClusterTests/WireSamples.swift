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

    /// The encodings of ``envelopes``, in the same order.
    static func encodings() throws -> [[UInt8]] {
        try envelopes.map { try $0.encoded() }
    }
}

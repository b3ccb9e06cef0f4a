import ArgumentParser
import Cluster
import Fleet
import Foundation
import Reports

extension Preindex {
    struct ArtifactsCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "artifacts",
            abstract: "Stored models and files with their lineage, and fetching any of them by its sha256.",
            subcommands: [List.self, Get.self])

        struct List: ParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Stored artifacts with their lineage: every model, or what one job or plan produced.",
                discussion: """
                    Without JOB, lists every stored model and uploaded file (checkpoints with --kind checkpoint or \
                    all). With a plan's JOB, lists the retrained models it produced with their lineage: source \
                    model (parent), shift, plan row, node, epochs and final accuracy. Fetch one with \
                    `preindex artifacts get SHA256 -o model.safetensors`.
                    """)

            /// Which kinds of artifact to list.
            enum Kind: String, ExpressibleByArgument, CaseIterable {
                case model, checkpoint, upload, all
            }

            @Argument(help: "Only what this job or plan produced (as `preindex submit` printed).")
            var job: String?

            @Option(help: "Only artifacts of this kind: model, checkpoint, upload or all (default: all but checkpoints).")
            var kind: Kind?

            @Flag(help: "Print the list as JSON.")
            var json = false

            @OptionGroup var client: ClientOptions

            struct Entry: Encodable {
                var sha256, kind, name: String
                var size: UInt64
                var parentSHA256, job, task: String?
                var createdAt: Date
                var sourceModel, shift, node: String?
                var row, epochs: Int?
                var finalAccuracy: Double?
            }

            func run() throws {
                let cluster = try client.makeClient(context: try ZMQContext())
                let listed = try cluster.artifacts(kind: kind == .all ? "" : kind?.rawValue ?? "", jobID: job ?? "")
                    .filter { kind != nil || $0.kind != "checkpoint" }
                let rows = try job.map { try planRows(of: $0, from: cluster) } ?? [:]
                let entries = listed.map { Self.entry($0, row: rows[$0.sha256]) }
                if json {
                    try JSONOutput.print(entries)
                    return
                }
                if entries.isEmpty {
                    print(job.map { "job \($0) has produced no artifacts" + (kind == nil ? " (checkpoints aside)" : "") }
                        ?? "the coordinator stores no artifacts yet")
                    return
                }
                var table = TextTable(
                    header: ["sha256", "kind", "name", "size", "from (parent)", "job", "shift", "row", "node", "epochs", "accuracy"])
                table.rows = entries.map { entry in
                    [
                        entry.sha256, entry.kind, entry.name, ByteCountFormatter.string(fromByteCount: Int64(clamping: entry.size), countStyle: .binary),
                        entry.parentSHA256.map { String($0.prefix(12)) + "…" } ?? "—", entry.job ?? "—",
                        entry.shift ?? "—", entry.row.map(String.init) ?? "—", entry.node ?? "—",
                        entry.epochs.map(String.init) ?? "—",
                        entry.finalAccuracy.map { String(format: "%.1f%%", $0 * 100) } ?? "—",
                    ]
                }
                print(table.rendered)
            }

            /// The rows of plan `job`'s outcome keyed by the sha256 of the model each produced; empty when `job` is
            /// an evaluation job.
            private func planRows(of job: String, from cluster: ClusterClient) throws -> [String: PlanOutcome.Row] {
                guard let outcome = try? PlanOutcome(jsonData: Data(try cluster.ranking(jobID: job))) else { return [:] }
                var rows: [String: PlanOutcome.Row] = [:]
                for row in outcome.rows { if let sha256 = row.modelSHA256 { rows[sha256] = row } }
                return rows
            }

            private static func entry(_ info: Wire.ArtifactInfo, row: PlanOutcome.Row?) -> Entry {
                Entry(
                    sha256: info.sha256, kind: info.kind, name: info.name, size: info.size,
                    parentSHA256: info.parentSHA256.isEmpty ? nil : info.parentSHA256,
                    job: info.jobID.isEmpty ? nil : info.jobID, task: info.taskID.isEmpty ? nil : info.taskID,
                    createdAt: Date(timeIntervalSince1970: info.createdAt), sourceModel: row?.planned.model,
                    shift: row?.planned.shift, node: row?.node,
                    row: row?.planned.number, epochs: row?.actual?.epochs, finalAccuracy: row?.finalAccuracy)
            }
        }

        struct Get: ParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Fetch an artifact (a retrained model) by its sha256, verified, into a file.")

            @Argument(help: "The artifact's sha256 (64 hexadecimal digits).")
            var sha256: String

            @Option(name: .shortAndLong, help: "Where to write it.")
            var out: String

            @OptionGroup var client: ClientOptions

            func validate() throws {
                guard sha256.utf8.count == 64, sha256.allSatisfy(\.isHexDigit) else {
                    throw ValidationError("'\(sha256)' is not a sha256 (64 hexadecimal digits); `preindex artifacts list` shows them")
                }
            }

            func run() throws {
                let cached = try client.makeClient(context: try ZMQContext())
                    .fetch(sha256: sha256.lowercased(), into: try ArtifactCache())
                let target = URL(fileURLWithPath: out)
                try? FileManager.default.removeItem(at: target)
                try FileManager.default.copyItem(at: URL(fileURLWithPath: cached), to: target)
                print("\(out): \(sha256.lowercased()) verified")
            }
        }
    }
}

import ArgumentParser
import Cluster
import Fleet
import Foundation
import Reports

extension Preindex {
    struct ArtifactsCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "artifacts",
            abstract: "The retrained models a plan produced, and fetching any stored artifact by its sha256.",
            subcommands: [List.self, Get.self])

        struct List: ParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "The retrained models of a plan's job, with their lineage (source model, shift, row, node).")

            @Argument(help: "The plan's job (as `preindex decide --submit` or `preindex submit plan.json` printed).")
            var job: String

            @Flag(help: "Print the list as JSON.")
            var json = false

            @OptionGroup var client: ClientOptions

            struct Entry: Encodable {
                var sha256, name, sourceModel, shift, node: String
                var row: Int
                var epochs: Int?
                var finalAccuracy: Double?
            }

            func run() throws {
                let data = Data(try client.makeClient(context: try ZMQContext()).ranking(jobID: job))
                guard let outcome = try? PlanOutcome(jsonData: data) else {
                    throw ValidationError("job \(job) is not a retrain plan; `preindex artifacts list` lists a plan's models")
                }
                let entries = outcome.rows.compactMap { row -> Entry? in
                    guard let sha256 = row.modelSHA256 else { return nil }
                    return Entry(
                        sha256: sha256, name: row.modelName ?? "", sourceModel: row.planned.model, shift: row.planned.shift,
                        node: row.node ?? "", row: row.planned.number, epochs: row.actual?.epochs,
                        finalAccuracy: row.finalAccuracy)
                }
                if json {
                    try JSONOutput.print(entries)
                    return
                }
                var table = TextTable(header: ["sha256", "name", "from model", "shift", "row", "node", "epochs", "accuracy"])
                table.rows = entries.map {
                    [
                        $0.sha256, $0.name, $0.sourceModel, $0.shift, String($0.row), $0.node,
                        $0.epochs.map(String.init) ?? "—", $0.finalAccuracy.map { String(format: "%.1f%%", $0 * 100) } ?? "—",
                    ]
                }
                print(table.rendered)
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

import ArgumentParser
import Cluster
import Datasets
import Fleet
import Foundation

extension Preindex {
    struct SubmitCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "submit",
            abstract: "Send a job to the coordinator and print its id (--wait follows it to the end).",
            discussion: """
                The job is checked here first, so a mistake is reported with its JSON path before anything is sent. \
                Model files and the files of a file dataset are uploaded to the coordinator (by sha256; a file it \
                already has is sent again only to confirm) — relative paths are relative to the job file; a built-in \
                dataset is sent as its spec. Results stored earlier for the same model, \
                data, shift and options are reused unless --no-cache. A cooperative package (`preindex train \
                --cooperative`) is submitted as one model per depth, NAME@DEPTH (all depths, or the model entry's \
                "depths": [4, 2]), so the ranking compares the depths' accuracy and retraining cost.
                """
        )

        @Argument(help: "The job file (JSON).")
        var job: String

        @Flag(help: "Follow the job with a progress bar until it finishes; exit 1 if a task failed.")
        var wait = false

        @Flag(help: "Run every task even when its result is stored.")
        var noCache = false

        @Flag(help: "Print the answer as JSON.")
        var json = false

        @OptionGroup var client: ClientOptions
        @OptionGroup var global: GlobalOptions

        /// Where the networks of cooperative packages are written before they are uploaded, one file per depth
        /// (`~/.cache/preindex/cooperative`, under `$HOME`).
        private var cooperativeDirectory: String {
            (ProcessInfo.processInfo.environment["HOME"] ?? NSHomeDirectory()) + "/.cache/preindex/cooperative"
        }

        /// Whether `bytes` look like a retrain plan (`preindex decide --out`): a JSON object with `version` and `rows`.
        static func isPlan(_ bytes: Data) -> Bool {
            guard let object = try? JSONSerialization.jsonObject(with: bytes) as? [String: Any] else { return false }
            return object["version"] != nil && object["rows"] != nil
        }

        /// Checks the plan here, then submits it; the coordinator checks it again against the evaluation.
        private func submitPlan(_ bytes: Data, with connection: ClusterClient) throws {
            let plan = try RetrainPlan(jsonData: bytes)
            let accepted = try connection.submit(plan: Array(bytes))
            if json {
                try JSONOutput.print(Answer(jobID: accepted.jobID, tasks: accepted.taskCount, reused: 0))
            } else {
                print(accepted.jobID)
                if !global.quiet {
                    FileHandle.standardError.write(
                        Data("plan of job \(plan.jobID) submitted as job \(accepted.jobID): \(accepted.taskCount) retrains\n".utf8))
                }
            }
            if wait {
                let progress = try JobFollower(jobID: accepted.jobID, options: global).follow(with: connection)
                if progress.failed > 0 { throw ExitCode(1) }
            }
        }

        struct Answer: Encodable {
            var jobID: String
            var tasks: UInt32
            var reused: UInt32
        }

        func run() throws {
            _ = global.makeLogger()
            let bytes: Data
            do {
                bytes = try Data(contentsOf: URL(fileURLWithPath: job))
            } catch {
                throw ValidationError("cannot read the job file '\(job)': \(error.localizedDescription)")
            }
            let context = try ZMQContext()
            let connection = try client.makeClient(context: context)
            if Self.isPlan(bytes) {
                try submitPlan(bytes, with: connection)
                return
            }
            var spec = try JobSpec(json: bytes)
            let base = URL(fileURLWithPath: job).deletingLastPathComponent()
            func resolve(_ file: String) -> String { file.hasPrefix("/") ? file : base.appendingPathComponent(file).path }
            func upload(_ file: String) throws -> String {
                try connection.upload(file: resolve(file), name: URL(fileURLWithPath: file).lastPathComponent)
            }
            spec = try CooperativeJobExpansion(directory: cooperativeDirectory).expand(spec, resolve: resolve)
            for index in spec.models.indices {
                guard let file = spec.models[index].file, spec.models[index].sha256 == nil else { continue }
                spec.models[index].sha256 = try upload(file)
            }
            if spec.datasetFiles == nil {
                let files: [String]
                do {
                    files = try DatasetSpec(parsing: spec.dataset).localFiles(relativeTo: base.path)
                } catch {
                    throw ValidationError("cannot upload the dataset '\(spec.dataset)': \(error.message)")
                }
                var digests: [String: String] = [:]
                for file in files { digests[file] = try upload(file) }
                if !digests.isEmpty { spec.datasetFiles = digests }
            }
            let accepted = try connection.submit(job: Array(try spec.canonicalJSON()), recompute: noCache)
            if json {
                try JSONOutput.print(Answer(jobID: accepted.jobID, tasks: accepted.taskCount, reused: accepted.reusedCount))
            } else {
                print(accepted.jobID)
                if !global.quiet {
                    FileHandle.standardError.write(
                        Data("job \(accepted.jobID) '\(spec.name)': \(accepted.taskCount) tasks, \(accepted.reusedCount) reused from stored results\n".utf8))
                }
            }
            if wait {
                let progress = try JobFollower(jobID: accepted.jobID, options: global).follow(with: connection)
                if progress.failed > 0 {
                    FileHandle.standardError.write(
                        Data("job \(accepted.jobID) finished with \(progress.failed) failed or cancelled tasks; `preindex status \(accepted.jobID)` counts them\n".utf8))
                    throw ExitCode(1)
                }
            }
        }
    }
}

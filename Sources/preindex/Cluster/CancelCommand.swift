import ArgumentParser
import Cluster

extension Preindex {
    struct CancelCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "cancel",
            abstract: "Stop a job, or rows of a plan: queued and running tasks are cancelled, results already stored are kept.")

        @Argument(help: "The job (an evaluation or a plan's job).")
        var job: String

        @Argument(help: "Rows of a plan to cancel (default: the whole job).")
        var rows: [UInt32] = []

        @OptionGroup var client: ClientOptions
        @OptionGroup var global: GlobalOptions

        func run() throws {
            _ = global.makeLogger()
            let status = try client.makeClient(context: try ZMQContext()).cancel(jobID: job, rows: rows)
            if let progress = status.jobs.first {
                let what = rows.isEmpty ? "job \(progress.jobID)" : "rows \(rows.map(String.init).joined(separator: ", ")) of plan \(progress.jobID)"
                print("\(what) cancelled: \(progress.done) of \(progress.total) tasks had finished")
            }
        }
    }
}

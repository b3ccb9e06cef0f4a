import ArgumentParser
import Cluster

extension Preindex {
    struct CancelCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "cancel",
            abstract: "Stop a job: queued and running tasks are cancelled, results already stored are kept.")

        @Argument(help: "The job.")
        var job: String

        @OptionGroup var client: ClientOptions
        @OptionGroup var global: GlobalOptions

        func run() throws {
            _ = global.makeLogger()
            let status = try client.makeClient(context: try ZMQContext()).cancel(jobID: job)
            if let progress = status.jobs.first {
                print("job \(progress.jobID) cancelled: \(progress.done) of \(progress.total) tasks had finished")
            }
        }
    }
}

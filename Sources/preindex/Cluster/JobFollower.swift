import Cluster
import Foundation

/// Follows a job on a ``ProgressBar`` (counting tasks) until no task of it is queued or running.
struct JobFollower {
    var jobID: String
    /// Where the job's progress shows (`--quiet` shows nothing).
    var bar: ProgressBar
    /// How often the coordinator is asked.
    var interval = Duration.milliseconds(500)

    /// Follows job `jobID` with the progress `options` ask for; tasks end in bursts, so the rate is smoothed over
    /// half a minute.
    init(jobID: String, options: GlobalOptions) {
        self.jobID = jobID
        self.bar = options.progressBar(unit: "tasks", halfLife: 30)
    }

    /// Polls the job's status until it has finished, and returns its last progress.
    func follow(with connection: ClusterClient) throws -> Wire.JobProgress {
        var bar = bar
        let progress = try connection.waitUntilFinished(jobID: jobID, interval: interval) { progress in
            bar.update(
                completed: Double(progress.done + progress.failed), of: Double(progress.total),
                "job \(jobID): \(progress.done)/\(progress.total) tasks done, \(progress.running) running, "
                    + "\(progress.failed) failed")
        }
        bar.finish("job \(jobID): \(progress.done)/\(progress.total) tasks done, \(progress.failed) failed")
        return progress
    }
}

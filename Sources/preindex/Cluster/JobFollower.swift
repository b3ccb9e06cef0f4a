import Cluster
import Foundation

/// Follows a job on a ``ProgressBar`` (counting tasks) until no task of it is queued or running.
struct JobFollower {
    var jobID: String
    /// Where the job's progress shows (`--quiet` shows nothing).
    var bar: ProgressBar
    /// How often the coordinator is asked.
    var interval = Duration.milliseconds(500)

    /// Follows job `jobID` on `bar`.
    init(jobID: String, bar: ProgressBar) {
        self.jobID = jobID
        self.bar = bar
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

import Cluster
import Foundation

/// Follows a job with a progress bar on standard error until no task of it is queued or running.
struct JobFollower {
    var jobID: String
    /// How often the coordinator is asked.
    var interval = 0.5

    /// Polls the job's status until it has finished, and returns its last progress.
    func follow(with connection: ClusterClient) throws -> Wire.JobProgress {
        var bar = ProgressBar()
        while true {
            let status = try connection.status(jobID: jobID)
            guard let progress = status.jobs.first else {
                throw ClusterClientError("the coordinator no longer knows job \(jobID)")
            }
            let finished = Double(progress.done + progress.failed)
            bar.update(
                fraction: finished / Double(max(progress.total, 1)),
                "job \(jobID): \(progress.done)/\(progress.total) tasks done, \(progress.running) running, "
                    + "\(progress.failed) failed")
            if progress.queued == 0 && progress.running == 0 {
                bar.finish("job \(jobID): \(progress.done)/\(progress.total) tasks done, \(progress.failed) failed")
                return progress
            }
            Thread.sleep(forTimeInterval: interval)
        }
    }
}

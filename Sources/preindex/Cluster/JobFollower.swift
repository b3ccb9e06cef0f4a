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
        var lastFinished: UInt32?
        while true {
            let status = try connection.status(jobID: jobID)
            guard let progress = status.jobs.first else {
                throw ClusterClientError("the coordinator no longer knows job \(jobID)")
            }
            let finished = progress.done + progress.failed
            let line = "job \(jobID): \(progress.done)/\(progress.total) tasks done, \(progress.running) running, "
                + "\(progress.failed) failed"
            bar.update(fraction: Double(finished) / Double(max(progress.total, 1)), line)
            // Off a terminal (logs, CI) a plain line whenever a task finishes.
            if !bar.isInteractive && finished != lastFinished && progress.queued + progress.running > 0 {
                FileHandle.standardError.write(Data((line + "\n").utf8))
            }
            lastFinished = finished
            if progress.queued == 0 && progress.running == 0 {
                bar.finish("job \(jobID): \(progress.done)/\(progress.total) tasks done, \(progress.failed) failed")
                return progress
            }
            Thread.sleep(forTimeInterval: interval)
        }
    }
}

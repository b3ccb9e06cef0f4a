import Cluster
import Foundation

/// Follows a job with a progress bar on standard error until no task of it is queued or running.
struct JobFollower {
    var jobID: String
    /// How often the coordinator is asked.
    var interval = Duration.milliseconds(500)

    /// Polls the job's status until it has finished, and returns its last progress.
    func follow(with connection: ClusterClient) throws -> Wire.JobProgress {
        var bar = ProgressBar()
        var lastFinished: UInt32?
        let progress = try connection.waitUntilFinished(jobID: jobID, interval: interval) { progress in
            let finished = progress.done + progress.failed
            let line = "job \(jobID): \(progress.done)/\(progress.total) tasks done, \(progress.running) running, "
                + "\(progress.failed) failed"
            bar.update(fraction: Double(finished) / Double(max(progress.total, 1)), line)
            // Off a terminal (logs, CI) a plain line whenever a task finishes.
            if !bar.isInteractive && finished != lastFinished && !progress.isFinished {
                FileHandle.standardError.write(Data((line + "\n").utf8))
            }
            lastFinished = finished
        }
        bar.finish("job \(jobID): \(progress.done)/\(progress.total) tasks done, \(progress.failed) failed")
        return progress
    }
}

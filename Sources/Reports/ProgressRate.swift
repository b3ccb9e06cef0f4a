import Foundation

/// Items per second of a long task, smoothed so that an ETA does not jump with every batch.
///
/// Fed readings of (seconds since some start, items done). Readings closer than ``window`` to the last one used
/// are gathered until the window is full, then the rate over the window updates an exponential moving average
/// whose weight halves every ``halfLife`` seconds: a rate that changes shows within a few half-lives, a noisy one
/// stays steady, and a stalled task's rate falls towards zero. The average is divided by the weight it has
/// gathered so far, so that in the first half-lives it is the mean rate since the first reading rather than a
/// value pulled towards zero. When the count goes back (a new epoch counted from zero), the next readings count
/// from there and the rate so far is kept.
public struct ProgressRate: Sendable, Hashable {
    /// Seconds after which an older rate weighs half as much as it did.
    public var halfLife: Double
    /// The shortest span, in seconds, a rate is measured over.
    public var window: Double
    /// The moving average before it is divided by ``weight``.
    private var average = 0.0
    /// The weight the windows so far carry together: 1 − 2^(−seconds measured / half-life).
    private var weight = 0.0
    /// The reading the next window starts from.
    private var anchorSeconds: Double?
    private var anchorCompleted = 0.0

    /// A rate with no readings yet.
    public init(halfLife: Double = 5, window: Double = 0.5) {
        self.halfLife = halfLife
        self.window = window
    }

    /// Takes the reading that `completed` items were done `seconds` after the start; non-finite readings are ignored.
    public mutating func record(completed: Double, at seconds: Double) {
        guard completed.isFinite, seconds.isFinite else { return }
        guard let anchorSeconds, completed >= anchorCompleted, seconds >= anchorSeconds else {
            (anchorSeconds, anchorCompleted) = (seconds, completed)
            return
        }
        let span = seconds - anchorSeconds
        guard span >= window, span > 0 else { return }
        let current = (completed - anchorCompleted) / span
        let keep = halfLife > 0 ? pow(2, -span / halfLife) : 0
        average = keep * average + (1 - keep) * current
        weight = keep * weight + (1 - keep)
        (self.anchorSeconds, anchorCompleted) = (seconds, completed)
    }

    /// The smoothed rate in items per second; `nil` until a first window is full.
    public var itemsPerSecond: Double? {
        weight > 0 ? average / weight : nil
    }
}

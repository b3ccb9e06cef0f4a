import Foundation

extension Duration {
    /// The duration in seconds as a `TimeInterval`, the unit of ``ClusterDatabase``'s lease durations.
    var timeInterval: TimeInterval {
        let (seconds, attoseconds) = components
        return TimeInterval(seconds) + TimeInterval(attoseconds) / 1e18
    }
}

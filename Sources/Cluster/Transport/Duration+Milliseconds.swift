extension Duration {
    /// The duration in whole milliseconds, rounded up so that a short positive wait never becomes
    /// "do not wait", and clamped to `0...limit`.
    func millisecondsRoundedUp(limit: Int) -> Int {
        guard self > .zero else { return 0 }
        let (seconds, attoseconds) = components
        guard seconds < Int64(limit / 1000) else { return limit }
        let attosecondsPerMillisecond: Int64 = 1_000_000_000_000_000
        let fraction = (attoseconds + attosecondsPerMillisecond - 1) / attosecondsPerMillisecond
        return min(limit, Int(seconds * 1000 + fraction))
    }
}

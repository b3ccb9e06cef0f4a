import Reports
import Testing

@Test func progressRateHasNoRateBeforeAFirstWindow() throws {
    var rate = ProgressRate(halfLife: 5, window: 0.5)
    #expect(rate.itemsPerSecond == nil)
    rate.record(completed: 0, at: 0)
    rate.record(completed: 10, at: 0.2)
    #expect(rate.itemsPerSecond == nil, "0.2 s is shorter than the window")
    rate.record(completed: 50, at: 1)
    #expect(abs(try #require(rate.itemsPerSecond) - 50) < 1e-9)
}

@Test func progressRateFollowsAChangeWithinAFewHalfLives() throws {
    var rate = ProgressRate(halfLife: 2, window: 0.5)
    for second in 0...10 { rate.record(completed: Double(second) * 100, at: Double(second)) }
    #expect(abs(try #require(rate.itemsPerSecond) - 100) < 1e-9)
    // Now 10 items/s: after one half-life the smoothed rate is about halfway, after six within 2% of the change.
    rate.record(completed: 1020, at: 12)
    #expect(abs(try #require(rate.itemsPerSecond) - 55) < 1)
    for second in 13...22 { rate.record(completed: 1000 + Double(second - 10) * 10, at: Double(second)) }
    #expect(abs(try #require(rate.itemsPerSecond) - 10) < 0.02 * 90)
}

@Test func progressRateSmoothsNoisyReadings() throws {
    var rate = ProgressRate(halfLife: 5, window: 0.5)
    var completed = 0.0
    for step in 0..<40 {
        completed += step.isMultiple(of: 2) ? 150 : 50  // 100 items/s on average, ±50% per second
        rate.record(completed: completed, at: Double(step))
    }
    #expect(abs(try #require(rate.itemsPerSecond) - 100) < 10)
}

@Test func progressRateFallsWhileNothingAdvances() throws {
    var rate = ProgressRate(halfLife: 1, window: 0.5)
    rate.record(completed: 0, at: 0)
    rate.record(completed: 100, at: 1)
    rate.record(completed: 100, at: 4)
    // 1 s at 100/s, then 3 s (three half-lives) at nothing: (0.5 · 100 · 1/8) / (1 − 1/16).
    #expect(abs(try #require(rate.itemsPerSecond) - 100.0 / 15) < 1e-9)
}

@Test func progressRateStartsAsTheMeanSinceTheFirstReading() throws {
    var rate = ProgressRate(halfLife: 30, window: 0.5)
    rate.record(completed: 0, at: 0)
    rate.record(completed: 0, at: 1)  // nothing done in the first second…
    rate.record(completed: 4, at: 2)  // …then 4 items: 2 items/s since the start, not a value pulled to zero
    #expect(abs(try #require(rate.itemsPerSecond) - 2) < 0.05)
}

@Test func progressRateKeepsItsRateWhenTheCountStartsAgain() throws {
    var rate = ProgressRate(halfLife: 5, window: 0.5)
    rate.record(completed: 0, at: 0)
    rate.record(completed: 80, at: 1)
    rate.record(completed: 0, at: 1.5)  // a new epoch
    #expect(rate.itemsPerSecond == 80)
    rate.record(completed: 80, at: 2.5)
    #expect(abs(try #require(rate.itemsPerSecond) - 80) < 1e-9)
}

@Test func progressRateIgnoresNonFiniteReadings() {
    var rate = ProgressRate()
    rate.record(completed: 0, at: 0)
    rate.record(completed: .nan, at: 1)
    rate.record(completed: 10, at: .infinity)
    rate.record(completed: 10, at: 1)
    #expect(rate.itemsPerSecond == 10)
}

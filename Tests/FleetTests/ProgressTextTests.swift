import Reports
import Testing

@Test func progressTextShowsPercentRateAndETA() {
    let text = ProgressText(completed: 420, total: 1000, rate: 12.5, unit: "images")
    #expect(text.percent == "42%")
    #expect(text.rateText == "12.5 images/s")
    #expect(text.eta == "ETA 47s")
    #expect(text.rendered == "42%  12.5 images/s  ETA 47s")
}

@Test func progressTextRoundsThePercentDownSoOnlyTheEndIsAHundred() {
    #expect(ProgressText(completed: 999, total: 1000, rate: nil, unit: "tasks").percent == "99%")
    #expect(ProgressText(completed: 1000, total: 1000, rate: nil, unit: "tasks").percent == "100%")
    #expect(ProgressText(completed: 1200, total: 1000, rate: nil, unit: "tasks").percent == "100%", "clamped")
}

@Test func progressTextLeavesOutWhatItCannotKnow() {
    let noTotal = ProgressText(completed: 50, total: nil, rate: 3, unit: "samples")
    #expect(noTotal.rendered == "3.00 samples/s")
    let noRate = ProgressText(completed: 50, total: 100, rate: nil, unit: "samples")
    #expect(noRate.rendered == "50%")
    let stalled = ProgressText(completed: 50, total: 100, rate: 0, unit: "tasks")
    #expect(stalled.rendered == "50%  0 tasks/s", "no ETA while nothing advances")
    let zeroTotal = ProgressText(completed: 0, total: 0, rate: nil, unit: "tasks")
    #expect(zeroTotal.rendered == "")
    #expect(ProgressText(completed: .nan, total: 10, rate: .nan, unit: "tasks").rendered == "")
}

/// Rates and how they read.
private let rates: [(Double, String)] = [
    (1234.4, "1234 images/s"), (99.94, "99.9 images/s"), (12.34, "12.3 images/s"), (3.14159, "3.14 images/s"),
    (0.05, "0.05 images/s"), (0.0012345, "0.0012 images/s"), (0, "0 images/s"),
]

@Test(arguments: rates)
func progressTextWritesRatesWithReadableDecimals(rate: Double, expected: String) {
    #expect(ProgressText(completed: 0, total: nil, rate: rate, unit: "images").rateText == expected)
}

/// Seconds and how they read.
private let durations: [(Double, String)] = [
    (0, "0s"), (0.2, "1s"), (59, "59s"), (60, "1m00s"), (83, "1m23s"), (3599, "59m59s"), (3600, "1h00m"),
    (7500, "2h05m"), (359_999, "99h59m"), (360_000, ">99h"),
]

@Test(arguments: durations)
func progressTextWritesDurationsAsPeopleReadThem(seconds: Double, expected: String) {
    #expect(ProgressText.duration(seconds: seconds) == expected)
}

@Test func progressTextHasNoDurationForNegativeOrInfiniteSeconds() {
    #expect(ProgressText.duration(seconds: -1) == nil)
    #expect(ProgressText.duration(seconds: .infinity) == nil)
    #expect(ProgressText.duration(seconds: .nan) == nil)
}

@Test func progressTextETAUsesWhatIsLeftAtTheRate() {
    let text = ProgressText(completed: 100, total: 10_100, rate: 120, unit: "images")
    #expect(text.eta == "ETA 1m24s", "10 000 images at 120/s is 83.3 s, rounded up")
}

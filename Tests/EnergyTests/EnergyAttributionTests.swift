import Energy
import Foundation
import Testing

struct EnergyAttributionTests {
    private let node = EnergyReading(
        method: .rapl, cpuJoules: 1000, ramJoules: 100, wallSeconds: 20, cpuSeconds: 35, residentGiB: 6)

    @Test func eachTaskGetsItsShareOfCPUSecondsAndTheSharesSumToTheNode() throws {
        let shares = try EnergyAttribution.share(node, byCPUSeconds: ["a": 30.0, "b": 10, "c": 0])
        let a = try #require(shares["a"])
        let b = try #require(shares["b"])
        let c = try #require(shares["c"])
        #expect(a.cpuJoules == 750 && a.ramJoules == 75 && a.cpuSeconds == 30)
        #expect(b.cpuJoules == 250 && b.ramJoules == 25 && b.cpuSeconds == 10)
        #expect(c.joules == 0)
        #expect(shares.values.allSatisfy { $0.method == .rapl && $0.wallSeconds == 20 })
        let total = shares.values.reduce(0) { $0 + $1.joules }
        #expect(abs(total - node.joules) <= 1e-9 * node.joules)
    }

    @Test func sharesOfUnevenCPUTimeStillSumToTheNode() throws {
        var generator = SplitMix64(seed: 42)
        var seconds: [Int: Double] = [:]
        for task in 0..<17 { seconds[task] = Double.random(in: 0..<100, using: &generator) }
        let shares = try EnergyAttribution.share(node, byCPUSeconds: seconds)
        let total = shares.values.reduce(0) { $0 + $1.joules }
        #expect(abs(total - node.joules) <= 1e-12 * node.joules)
        #expect(shares.count == 17)
    }

    @Test func idleTasksShareEqually() throws {
        let shares = try EnergyAttribution.share(node, byCPUSeconds: ["a": 0.0, "b": 0, "c": 0, "d": 0])
        #expect(shares.values.allSatisfy { $0.joules == 275 })
        #expect(try EnergyAttribution.share(node, byCPUSeconds: [String: Double]()).isEmpty)
    }

    @Test(arguments: [-0.5, .nan, .infinity])
    func invalidCPUSecondsAreRefused(seconds: Double) throws {
        let error = try #require(throws: EnergyError.self) {
            try EnergyAttribution.share(node, byCPUSeconds: ["ok": 1.0, "bad": seconds])
        }
        #expect(error.code == .invalidCPUSeconds)
        #expect(error.message.hasPrefix("task bad has \(seconds) CPU seconds"))
    }
}

/// A seeded generator (splitmix64), so the uneven case is the same every run.
private struct SplitMix64: RandomNumberGenerator {
    private var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

@Suite struct ThreadAttributedSessionTests {
    /// Spins for `seconds` of this thread's CPU time.
    private func burn(_ seconds: Double) -> Double {
        let start = ProcessSample.currentThreadCPUSeconds()
        var x = 1.0
        while ProcessSample.currentThreadCPUSeconds() - start < seconds { for _ in 0..<10_000 { x = x * 1.000001 + 1e-9 } }
        return x
    }

    @Test func aSessionAttributedToItsThreadCountsOnlyThatThreadsShareWhileAnotherThreadWorks() throws {
        var attributed = try EnergyMeter(options: EnergyOptions(method: .cpuModel, cpuWatts: 100))
        attributed.attributesToStartingThread = true
        let process = try EnergyMeter(options: EnergyOptions(method: .cpuModel, cpuWatts: 100))
        let own = try attributed.start(), whole = try process.start()
        let other = Thread { _ = self.burn(0.2) }
        other.start()
        _ = burn(0.2)
        while !other.isFinished { Thread.sleep(forTimeInterval: 0.01) }
        let ownReading = try own.stop(), wholeReading = try whole.stop()
        #expect(ownReading.cpuSeconds < wholeReading.cpuSeconds, "the other thread's CPU time is not this task's")
        #expect(ownReading.joules < wholeReading.joules)
        #expect(ownReading.cpuSeconds >= 0.2)
        #expect(!process.attributesToStartingThread)
    }
}

import Cluster
import Testing

/// A time of the fake clock: how long after the clock's start.
struct FakeInstant: InstantProtocol, CustomStringConvertible {
    var sinceStart: Duration

    func advanced(by duration: Duration) -> FakeInstant { FakeInstant(sinceStart: sinceStart + duration) }
    func duration(to other: FakeInstant) -> Duration { other.sinceStart - sinceStart }
    static func < (left: FakeInstant, right: FakeInstant) -> Bool { left.sinceStart < right.sinceStart }
    var description: String { "t+\(sinceStart)" }
}

/// A clock that moves only when told: liveness tests never sleep.
struct FakeClock {
    private(set) var now = FakeInstant(sinceStart: .zero)

    /// Moves the clock on by `duration`.
    mutating func advance(by duration: Duration) {
        now = now.advanced(by: duration)
    }

    /// The time `duration` after the start.
    static func at(_ duration: Duration) -> FakeInstant { FakeInstant(sinceStart: duration) }
}

struct LivenessHeartbeatTests {
    @Test func defaultsAreOneSecondAndThreeMissedIntervals() {
        let schedule = HeartbeatSchedule<FakeInstant>()
        #expect(schedule.interval == .seconds(1))
        #expect(schedule.missedLimit == 3)
        #expect(schedule.silenceLimit == .seconds(3))
    }

    @Test func aHeartbeatIsDueAtOnceBeforeAnythingWasSent() {
        let schedule = HeartbeatSchedule<FakeInstant>()
        #expect(schedule.nextSendDue == nil)
        #expect(schedule.isSendDue(at: FakeClock.at(.zero)))
        #expect(schedule.timeUntilSendDue(at: FakeClock.at(.zero)) == .zero)
    }

    @Test func theNextHeartbeatIsDueOneIntervalAfterTheLastMessageSent() {
        var clock = FakeClock()
        var schedule = HeartbeatSchedule<FakeInstant>()
        schedule.recordSent(at: clock.now)
        #expect(schedule.nextSendDue == FakeClock.at(.seconds(1)))

        clock.advance(by: .milliseconds(999))
        #expect(!schedule.isSendDue(at: clock.now))
        #expect(schedule.timeUntilSendDue(at: clock.now) == .milliseconds(1))

        clock.advance(by: .milliseconds(1))
        #expect(schedule.isSendDue(at: clock.now))
        #expect(schedule.timeUntilSendDue(at: clock.now) == .zero)

        clock.advance(by: .seconds(5))
        #expect(schedule.isSendDue(at: clock.now), "an overdue heartbeat stays due")
        #expect(schedule.timeUntilSendDue(at: clock.now) == .zero)
    }

    @Test func anyMessageSentPostponesTheHeartbeat() {
        var clock = FakeClock()
        var schedule = HeartbeatSchedule<FakeInstant>()
        schedule.recordSent(at: clock.now)
        clock.advance(by: .milliseconds(600))
        schedule.recordSent(at: clock.now)  // a Result, say

        clock.advance(by: .milliseconds(600))
        #expect(!schedule.isSendDue(at: clock.now))
        #expect(schedule.timeUntilSendDue(at: clock.now) == .milliseconds(400))
        clock.advance(by: .milliseconds(400))
        #expect(schedule.isSendDue(at: clock.now))
    }

    @Test func aCustomScheduleScalesItsSilenceLimit() {
        let schedule = HeartbeatSchedule<FakeInstant>(interval: .milliseconds(250), missedLimit: 4)
        #expect(schedule.silenceLimit == .seconds(1))
        let liveness = PeerLiveness<String, FakeInstant>(schedule: schedule)
        #expect(liveness.silenceLimit == .seconds(1))
    }

    @Test func worksWithTheContinuousClock() {
        let start = ContinuousClock.now
        var schedule = HeartbeatSchedule<ContinuousClock.Instant>()
        schedule.recordSent(at: start)
        #expect(!schedule.isSendDue(at: start + .milliseconds(500)))
        #expect(schedule.isSendDue(at: start + .seconds(1)))
    }
}

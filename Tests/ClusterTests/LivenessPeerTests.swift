import Cluster
import Testing

struct LivenessPeerTests {
    private typealias Liveness = PeerLiveness<String, FakeInstant>

    @Test func anUnknownPeerIsNotAlive() {
        let liveness = Liveness(schedule: HeartbeatSchedule())
        #expect(!liveness.isAlive("w1", at: FakeClock.at(.zero)))
        #expect(liveness.deadPeers(at: FakeClock.at(.zero)).isEmpty)
        #expect(liveness.peers.isEmpty)
        #expect(liveness.nextDeath == nil)
    }

    @Test func aPeerDiesAfterThreeSilentSecondsExactly() {
        var clock = FakeClock()
        var liveness = Liveness(schedule: HeartbeatSchedule())
        liveness.heard(from: "w1", at: clock.now)
        #expect(liveness.isAlive("w1", at: clock.now))
        #expect(liveness.nextDeath == FakeClock.at(.seconds(3)))

        clock.advance(by: .milliseconds(2999))
        #expect(liveness.isAlive("w1", at: clock.now), "two heartbeats missed, and most of a third")
        #expect(liveness.deadPeers(at: clock.now).isEmpty)

        clock.advance(by: .milliseconds(1))
        #expect(!liveness.isAlive("w1", at: clock.now), "three intervals missed")
        #expect(liveness.deadPeers(at: clock.now) == ["w1"])
    }

    @Test func anyMessageKeepsAPeerAlive() {
        var clock = FakeClock()
        var liveness = Liveness(schedule: HeartbeatSchedule())
        liveness.heard(from: "w1", at: clock.now)
        for _ in 0..<10 {
            clock.advance(by: .milliseconds(2500))
            #expect(liveness.isAlive("w1", at: clock.now))
            liveness.heard(from: "w1", at: clock.now)
        }
        #expect(liveness.nextDeath == clock.now.advanced(by: .seconds(3)))
    }

    @Test func anOlderMessageDoesNotMoveLastHeardBack() {
        var liveness = Liveness(schedule: HeartbeatSchedule())
        liveness.heard(from: "w1", at: FakeClock.at(.seconds(5)))
        liveness.heard(from: "w1", at: FakeClock.at(.seconds(4)))
        #expect(liveness.lastHeard["w1"] == FakeClock.at(.seconds(5)))
        #expect(liveness.isAlive("w1", at: FakeClock.at(.milliseconds(7500))))
    }

    @Test func onlyTheSilentPeersAreDead() {
        var clock = FakeClock()
        var liveness = Liveness(schedule: HeartbeatSchedule())
        liveness.heard(from: "w1", at: clock.now)
        clock.advance(by: .seconds(1))
        liveness.heard(from: "w2", at: clock.now)
        clock.advance(by: .seconds(1))
        liveness.heard(from: "w3", at: clock.now)
        #expect(liveness.nextDeath == FakeClock.at(.seconds(3)))

        clock.advance(by: .seconds(2))  // t = 4 s: w1 silent 4 s, w2 3 s, w3 2 s
        #expect(Set(liveness.deadPeers(at: clock.now)) == ["w1", "w2"])
        #expect(liveness.isAlive("w3", at: clock.now))
    }

    @Test func removingDeadPeersReportsEachDeathOnce() {
        var clock = FakeClock()
        var liveness = Liveness(schedule: HeartbeatSchedule())
        liveness.heard(from: "w1", at: clock.now)
        clock.advance(by: .seconds(2))
        liveness.heard(from: "w2", at: clock.now)

        clock.advance(by: .seconds(1))
        #expect(liveness.removeDeadPeers(at: clock.now) == ["w1"])
        #expect(liveness.removeDeadPeers(at: clock.now).isEmpty)
        #expect(liveness.peers == ["w2"])
        #expect(liveness.nextDeath == FakeClock.at(.seconds(5)))

        clock.advance(by: .seconds(2))
        #expect(liveness.removeDeadPeers(at: clock.now) == ["w2"])
        #expect(liveness.peers.isEmpty)
        #expect(liveness.nextDeath == nil)
    }

    @Test func aDeadPeerThatSpeaksAgainIsAliveAgain() {
        var liveness = Liveness(schedule: HeartbeatSchedule())
        liveness.heard(from: "w1", at: FakeClock.at(.zero))
        #expect(!liveness.isAlive("w1", at: FakeClock.at(.seconds(10))))
        liveness.heard(from: "w1", at: FakeClock.at(.seconds(10)))
        #expect(liveness.isAlive("w1", at: FakeClock.at(.seconds(10))))
        #expect(liveness.deadPeers(at: FakeClock.at(.seconds(10))).isEmpty)
    }

    @Test func aForgottenPeerIsNeitherAliveNorDead() {
        var liveness = Liveness(schedule: HeartbeatSchedule())
        liveness.heard(from: "w1", at: FakeClock.at(.zero))
        liveness.forget("w1")
        #expect(!liveness.isAlive("w1", at: FakeClock.at(.zero)))
        #expect(liveness.deadPeers(at: FakeClock.at(.seconds(10))).isEmpty)
    }
}

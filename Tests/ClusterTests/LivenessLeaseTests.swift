import Cluster
import Testing

struct LivenessLeaseTests {
    private let leases = LeaseClock<FakeInstant>(duration: .seconds(10))

    @Test func aLeaseExpiresItsDurationAfterItWasGranted() {
        let expiry = leases.expiry(grantedAt: FakeClock.at(.seconds(2)))
        #expect(expiry == FakeClock.at(.seconds(12)))
        #expect(!leases.isExpired(expiry, at: FakeClock.at(.milliseconds(11_999))))
        #expect(leases.isExpired(expiry, at: FakeClock.at(.seconds(12))))
    }

    @Test func renewalIsDueOnceHalfTheLeaseHasPassed() {
        var clock = FakeClock()
        let expiry = leases.expiry(grantedAt: clock.now)
        #expect(leases.renewalDue(expiry: expiry) == FakeClock.at(.seconds(5)))

        clock.advance(by: .milliseconds(4999))
        #expect(!leases.isRenewalDue(expiry: expiry, at: clock.now))
        clock.advance(by: .milliseconds(1))
        #expect(leases.isRenewalDue(expiry: expiry, at: clock.now))
        clock.advance(by: .seconds(10))
        #expect(leases.isRenewalDue(expiry: expiry, at: clock.now), "an expired lease is due too")
    }

    @Test func heartbeatsEverySecondKeepALeaseFromExpiring() {
        var clock = FakeClock()
        var expiry = leases.expiry(grantedAt: clock.now)
        var renewals = 0
        for _ in 0..<60 {
            clock.advance(by: .seconds(1))
            #expect(!leases.isExpired(expiry, at: clock.now))
            if leases.isRenewalDue(expiry: expiry, at: clock.now) {
                expiry = leases.expiry(grantedAt: clock.now)
                renewals += 1
            }
        }
        #expect(renewals == 12, "one renewal per half lease, not one per heartbeat")
    }
}

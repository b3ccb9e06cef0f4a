import Cluster
import Testing

struct LivenessBackoffTests {
    @Test func delaysDoubleFromOneSecondToAThirtyTwoSecondCap() {
        var backoff = ReconnectBackoff()
        let delays = (0..<9).map { _ in backoff.delayAfterFailure() }
        #expect(delays == [1, 2, 4, 8, 16, 32, 32, 32, 32].map { Duration.seconds($0) })
        #expect(backoff.failures == 9)
    }

    @Test func nextDelayPreviewsWithoutCountingAFailure() {
        var backoff = ReconnectBackoff()
        #expect(backoff.nextDelay == .seconds(1))
        #expect(backoff.nextDelay == .seconds(1))
        _ = backoff.delayAfterFailure()
        #expect(backoff.nextDelay == .seconds(2))
    }

    @Test func aSuccessResetsTheDelay() {
        var backoff = ReconnectBackoff()
        for _ in 0..<7 { _ = backoff.delayAfterFailure() }
        #expect(backoff.nextDelay == .seconds(32))
        backoff.recordSuccess()
        #expect(backoff.failures == 0)
        #expect(backoff.delayAfterFailure() == .seconds(1))
        #expect(backoff.delayAfterFailure() == .seconds(2))
    }

    @Test func manyFailuresStayAtTheCapWithoutOverflow() {
        var backoff = ReconnectBackoff()
        for _ in 0..<10_000 { _ = backoff.delayAfterFailure() }
        #expect(backoff.nextDelay == .seconds(32))
    }

    @Test func aCapThatIsNotAPowerOfTwoTimesTheStartIsStillTheLimit() {
        var backoff = ReconnectBackoff(initialDelay: .milliseconds(300), maximumDelay: .seconds(1))
        let delays = (0..<4).map { _ in backoff.delayAfterFailure() }
        #expect(delays == [.milliseconds(300), .milliseconds(600), .seconds(1), .seconds(1)])
    }
}

import Dispatch
import Foundation
import Synchronization
import Testing

@testable import Tensors

/// Runs `calls` calls of `Compute.forEach` over `count` indices, each index adding 1 to its own
/// slot, and returns the slots: every one equals `calls` when each index ran exactly once per call.
private func visits(calls: Int, count: Int, between pause: () -> Void = {}) -> [Int] {
    var slots = [Int](repeating: 0, count: count)
    slots.withUnsafeMutableBufferPointer { slots in
        let shared = UncheckedSendable(slots)
        for _ in 0..<calls {
            Compute.forEach(count) { shared.value[$0] += 1 }
            pause()
        }
    }
    return slots
}

@Test(.timeLimit(.minutes(1))) func everyIndexRunsOnceInEachOfManyCallsInARow() {
    for count in [2, 3, 17] {
        #expect(visits(calls: 5_000, count: count) == [Int](repeating: 5_000, count: count))
    }
}

@Test(.timeLimit(.minutes(1))) func callsAfterTheWorkersFellAsleepStillRunEveryIndex() {
    #expect(visits(calls: 5, count: 8, between: { usleep(20_000) }) == [Int](repeating: 5, count: 8))
}

@Test(.timeLimit(.minutes(1))) func callersOnSeveralThreadsAtOnceEachRunEveryIndex() {
    let results = Mutex<[[Int]]>([])
    DispatchQueue.concurrentPerform(iterations: 4) { _ in
        let slots = visits(calls: 500, count: 5)
        results.withLock { $0.append(slots) }
    }
    #expect(results.withLock { $0 } == [[Int]](repeating: [Int](repeating: 500, count: 5), count: 4))
}

@Test(.timeLimit(.minutes(1))) func aCallInsideAnotherCallsBodyRunsEveryIndex() {
    var slots = [Int](repeating: 0, count: 4 * 6)
    slots.withUnsafeMutableBufferPointer { slots in
        let shared = UncheckedSendable(slots)
        Compute.forEach(4) { outer in
            Compute.forEach(6) { inner in shared.value[outer * 6 + inner] += 1 }
        }
    }
    #expect(slots == [Int](repeating: 1, count: 4 * 6))
}

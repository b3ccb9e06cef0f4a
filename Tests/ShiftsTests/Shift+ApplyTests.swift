import Shifts
import Tensors
import Testing

struct ShiftApplyTests {
    @Test(arguments: TestImages.everyKind)
    func sameSeedGivesIdenticalBytes(spec: String) throws {
        let images = TestImages.random(8)
        let shift = try TestImages.shift(spec + "@5")
        #expect(shift.apply(to: images, firstSampleIndex: 3) == shift.apply(to: images, firstSampleIndex: 3))
    }

    @Test(arguments: TestImages.randomKinds)
    func differentSeedGivesDifferentBytes(spec: String) throws {
        let images = TestImages.random(4)
        let first = try TestImages.shift(spec + "@1").apply(to: images, firstSampleIndex: 0)
        let second = try TestImages.shift(spec + "@2").apply(to: images, firstSampleIndex: 0)
        #expect(first != second)
    }

    @Test(arguments: TestImages.randomKinds)
    func sampleIndexSelectsTheRandomChoices(spec: String) throws {
        let image = TestImages.flat(1)
        let shift = try TestImages.shift(spec)
        #expect(shift.apply(to: image, firstSampleIndex: 0) != shift.apply(to: image, firstSampleIndex: 1))
    }

    @Test(arguments: TestImages.everyKind)
    func aSampleGetsTheSameBytesInAnyBatch(spec: String) throws {
        let images = TestImages.random(100, size: 16)
        let shift = try TestImages.shift(spec + "@9")
        let whole = shift.apply(to: images, firstSampleIndex: 0)
        let scalars = images.scalars
        let half = scalars.count / 2
        let front = shift.apply(
            to: Tensor(shape: [50, 3, 16, 16], scalars: Array(scalars[..<half])), firstSampleIndex: 0)
        let back = shift.apply(
            to: Tensor(shape: [50, 3, 16, 16], scalars: Array(scalars[half...])), firstSampleIndex: 50)
        #expect(whole.scalars == front.scalars + back.scalars)
    }

    @Test(arguments: TestImages.everyKind)
    func theThreadCountDoesNotChangeTheBytes(spec: String) throws {
        let images = TestImages.random(24)
        let shift = try TestImages.shift(spec)
        let saved = Compute.threadCount
        defer { Compute.threadCount = saved }
        Compute.threadCount = 1
        let serial = shift.apply(to: images, firstSampleIndex: 7)
        Compute.threadCount = 2
        let parallel = shift.apply(to: images, firstSampleIndex: 7)
        #expect(serial == parallel)
    }

    @Test func levelZeroAndIdentityReturnTheInputUnquantised() throws {
        // Values off the 8-bit grid and outside [0, 1]: quantising or clipping would change them.
        let images = TestImages.random(3).scalars.map { $0 * 1.3 - 0.1 + 1e-4 }
        let batch = Tensor(shape: [3, 3, 32, 32], scalars: images)
        for kind in ShiftKind.allCases {
            let shift = try Shift(kind: kind, level: 0, seed: 4)
            #expect(shift.apply(to: batch, firstSampleIndex: 10).scalars == images, "\(kind)")
        }
        #expect(Shift.identity.apply(to: batch, firstSampleIndex: 0) == batch)
    }

    @Test(arguments: TestImages.everyKind.dropFirst() + ["brightness:1", "contrast:-1", "gaussian:1", "frost:10"])
    func outputsLieInTheUnitRangeOnTheEightBitGrid(spec: String) throws {
        let shifted = try TestImages.shift(spec).apply(to: TestImages.random(6), firstSampleIndex: 0)
        for value in shifted.scalars {
            #expect(value >= 0 && value <= 1)
            #expect(value == Float((value * 255).rounded()) / 255)
        }
    }

    @Test func emptyBatchesAndImagesPassThrough() throws {
        let shift = try TestImages.shift("gaussian:0.1")
        #expect(shift.apply(to: Tensor(zeros: [0, 3, 32, 32]), firstSampleIndex: 0).shape == [0, 3, 32, 32])
        #expect(shift.apply(to: Tensor(zeros: [2, 3, 0, 5]), firstSampleIndex: 0).shape == [2, 3, 0, 5])
    }
}

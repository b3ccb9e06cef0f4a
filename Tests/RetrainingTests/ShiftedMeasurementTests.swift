import Datasets
import Measures
import Networks
import Retraining
import Shifts
import Testing

private let splits = BuiltinShapes(trainCount: 64, testCount: 0, seed: 5).generate()
private let model = try! Model(Architecture(.mlp, inputChannels: 3, inputHeight: 32, inputWidth: 32, classes: 10), seed: 6)

@Test func dataRejectsAModelWithAnotherClassCount() throws {
    let threeClasses = try Model(Architecture(.mlp, inputChannels: 3, inputHeight: 32, inputWidth: 32, classes: 3))
    let error = try #require(throws: MeasureError.self) {
        try ShiftedMeasurement.data(
            from: splits, named: "shapes", testSplit: false, samples: nil, seed: 0, for: threeClasses)
    }
    #expect(error.code == .mismatch && error.message.contains("3 classes"))
}

@Test func dataRejectsATestSplitTheDatasetLacks() throws {
    let error = try #require(throws: MeasureError.self) {
        try ShiftedMeasurement.data(
            from: DatasetSplits(train: splits.train), named: "shapes", testSplit: true, samples: nil, seed: 0, for: model)
    }
    #expect(error.message.contains("shapes has no test split"))
}

@Test func dataPicksTheSameSeededSubsetEveryTime() throws {
    let pick = { (seed: UInt64) in
        try ShiftedMeasurement.data(from: splits, named: "shapes", testSplit: false, samples: 20, seed: seed, for: model)
    }
    #expect(try pick(1).count == 20)
    #expect(try pick(1) == pick(1))
    #expect(try pick(1) != pick(2))
    #expect(try ShiftedMeasurement.data(from: splits, named: "s", testSplit: false, samples: 500, seed: 1, for: model).count == 64)
}

@Test func dataRejectsFewerThanOneSample() throws {
    #expect(throws: MeasureError.self) {
        try ShiftedMeasurement.data(from: splits, named: "shapes", testSplit: false, samples: 0, seed: 0, for: model)
    }
}

@Test func shiftsWithoutTheirOwnSeedGetTheGivenOne() throws {
    let shifts = try ShiftedMeasurement.shifts(["gaussian:0.1@7", "blur:1"], seed: 3)
    #expect(shifts.map(\.seed) == [7, 3])
    #expect(shifts.map(\.kind) == [.gaussian, .blur])
}

@Test func runGivesOneResultPerShiftInOrderAndReportsProgressToTheEnd() throws {
    let shifts = try ShiftedMeasurement.shifts(["gaussian:0.2", "blur:1"], seed: 0)
    let measurement = ShiftedMeasurement(model: model, data: splits.train, shifts: shifts, batchSize: 24)
    var fractions: [Double] = []
    let results = try measurement.run { fraction, _ in fractions.append(fraction) }
    #expect(results.map(\.shift) == shifts.map(\.description))
    #expect(results.allSatisfy { $0.samples == 64 && $0.preindex.isFinite })
    #expect(fractions.count == 3 && fractions.last == 1)
}

@Test func runMeasuresEachShiftAsItWouldAlone() throws {
    let shifts = try ShiftedMeasurement.shifts(["gaussian:0.2", "blur:1"], seed: 0)
    let together = try ShiftedMeasurement(model: model, data: splits.train, shifts: shifts).run()
    let alone = try ShiftedMeasurement(model: model, data: splits.train, shifts: [shifts[1]]).run()
    #expect(together[1].preindex == alone[0].preindex)
}

@Test func runWithoutShiftsIsAnError() throws {
    #expect(throws: MeasureError.self) { try ShiftedMeasurement(model: model, data: splits.train, shifts: []).run() }
}

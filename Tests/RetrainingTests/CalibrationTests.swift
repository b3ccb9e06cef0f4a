import Networks
import Foundation
import Retraining
import Testing

@Test func costFitRecoversAKnownLinearLawWithZeroLeaveOneOutError() throws {
    let xs = [0.1, 0.2, 0.3, 0.4, 0.5]
    let fit = try #require(CostFit.fit(form: .linear, predictors: ["x"], inputs: xs.map { [$0] }, costs: xs.map { 2 + 10 * $0 }))
    #expect(abs(fit.coefficients[0] - 2) < 1e-9 && abs(fit.coefficients[1] - 10) < 1e-9)
    #expect(fit.looMAPE < 1e-9)
    #expect(abs(fit.predict([0.35]) - 5.5) < 1e-9)
    #expect(!fit.extrapolates([0.35]) && fit.extrapolates([0.9]))
}

@Test func logLinearFitRecoversAnExponentialLawAndRefusesNonPositiveCosts() throws {
    let xs = [0.0, 0.1, 0.2, 0.3, 0.4]
    let fit = try #require(CostFit.fit(form: .logLinear, predictors: ["x"], inputs: xs.map { [$0] }, costs: xs.map { 3 * exp(5 * $0) }))
    #expect(abs(fit.predict([0.25]) - 3 * exp(1.25)) < 1e-9)
    #expect(CostFit.fit(form: .logLinear, predictors: ["x"], inputs: xs.map { [$0] }, costs: [0, 1, 2, 3, 4]) == nil)
}

@Test func leaveOneOutErrorAndIntervalReflectTheNoise() throws {
    let xs = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6]
    let noise = [0.3, -0.2, 0.25, -0.3, 0.1, -0.15]
    let fit = try #require(CostFit.fit(form: .linear, predictors: ["x"], inputs: xs.map { [$0] }, costs: zip(xs, noise).map { 5 + 10 * $0 + $1 }))
    #expect(fit.looMAPE > 0.01 && fit.looMAPE < 0.2)
    let interval = fit.interval(around: 8)
    #expect(interval.low < 8 && interval.high > 8)
}

@Test func spearmanAndPearsonMatchHandComputedValues() {
    #expect(Correlation.spearman([1, 2, 3, 4], [10, 20, 30, 1000]) == 1)
    #expect(abs(Correlation.spearman([1, 2, 3, 4], [4, 3, 2, 1]) + 1) < 1e-12)
    // Ties share their mean rank (scipy.stats.spearmanr([1,2,2,3],[1,2,3,4]) = 0.9486832980505138).
    #expect(abs(Correlation.spearman([1, 2, 2, 3], [1, 2, 3, 4]) - 0.9486832980505138) < 1e-12)
    #expect(abs(Correlation.pearson([1, 2, 3], [2, 4, 7]) - 0.9933992677987828) < 1e-12)
    #expect(Correlation.pearson([1, 1, 1], [1, 2, 3]).isNaN)
}

@Test func plateauCutoffsParseAndFireOnSlowProgress() throws {
    let cutoff = try PlateauCutoff(parsing: "0.01:2")
    #expect(cutoff.accuracyGain == 0.01 && cutoff.epochs == 2)
    #expect(!cutoff.fires(on: [0.5, 0.6]))
    #expect(!cutoff.fires(on: [0.5, 0.6, 0.7]))
    #expect(cutoff.fires(on: [0.5, 0.6, 0.7, 0.705]) == false)
    #expect(cutoff.fires(on: [0.5, 0.6, 0.6, 0.605]))
    for bad in ["0.01", "x:2", "0.01:0", "-1:2"] {
        #expect(throws: RetrainError.self) { try PlateauCutoff(parsing: bad) }
    }
}

@Test func retrainOptionsRejectTargetsOutsideTheUnitInterval() {
    for target in [0.0, -0.5, 1.5] {
        let error = #expect(throws: RetrainError.self) { try RetrainOptions(targetAccuracy: target) }
        #expect(error?.message.contains("(0, 1]") == true)
    }
    #expect(throws: RetrainError.self) {
        try RetrainOptions(targetAccuracy: 0.9, cutoffs: [.init(accuracyGain: 0, epochs: 1), .init(accuracyGain: 0, epochs: 2), .init(accuracyGain: 0, epochs: 3)])
    }
}

@Test func calibrationChoosesThePredictorAndFormThatPredictBest() throws {
    // kWh follows preindex exponentially; "noise" is unrelated; epochs are linear in preindex.
    let preindex = [0.05, 0.1, 0.15, 0.2, 0.25, 0.3]
    let noise = [0.7, 0.1, 0.9, 0.3, 0.5, 0.2]
    let points = zip(preindex, noise).enumerated().map { index, pair in
        CalibrationPoint(
            shift: "gaussian:\(index)", predictors: ["preindex": pair.0, "noise": pair.1], epochs: Int(2 + 20 * pair.0),
            kilowattHours: 0.001 * exp(8 * pair.0), kilogramsCO2eq: 0.0005 * exp(8 * pair.0))
    }
    let calibration = try Calibration.fit(
        points: points, architecture: .init(.mlp, inputChannels: 1, inputHeight: 4, inputWidth: 4, classes: 2),
        model: "m.safetensors", dataset: "builtin:shapes", options: try RetrainOptions(targetAccuracy: 0.9))
    let kwh = try #require(calibration.fits["kwh"])
    #expect(kwh.predictors == ["preindex"] && kwh.form == .logLinear)
    #expect(kwh.looMAPE < 1e-9)
    #expect(calibration.correlations["preindex"]?["kwh"]?.spearman == 1)
    #expect(calibration.correlations["preindex"]?["epochs"]?.spearman ?? 0 > 0.9)
}

@Test func calibrationNeedsAtLeastFourPoints() throws {
    let points = (0..<3).map { CalibrationPoint(shift: "s\($0)", predictors: ["preindex": Double($0)], epochs: $0, kilowattHours: 1, kilogramsCO2eq: 1) }
    let error = try #require(throws: RetrainError.self) {
        try Calibration.fit(
            points: points, architecture: .init(.mlp, inputChannels: 1, inputHeight: 4, inputWidth: 4, classes: 2),
            model: "m", dataset: "d", options: try RetrainOptions(targetAccuracy: 0.9))
    }
    #expect(error.code == .calibration)
}

import Foundation
import Networks
import Testing
import Tensors
import TestSupport

/// T²·KL(softmax(t/T) ‖ softmax(s/T)) averaged over rows, all in Double: the reference for the
/// Float32 ``DistillationLoss`` the cooperative trainer uses.
private func referenceLoss(student: [Double], teacher: [Double], rows: Int, temperature t: Double) -> Double {
    let k = student.count / rows
    func logSoftmax(_ z: ArraySlice<Double>) -> [Double] {
        let scaled = z.map { $0 / t }
        let m = scaled.max()!
        let logSum = log(scaled.reduce(0) { $0 + exp($1 - m) }) + m
        return scaled.map { $0 - logSum }
    }
    var total = 0.0
    for row in 0..<rows {
        let p = logSoftmax(teacher[row * k..<(row + 1) * k])
        let q = logSoftmax(student[row * k..<(row + 1) * k])
        for j in 0..<k { total += exp(p[j]) * (p[j] - q[j]) }
    }
    return t * t * total / Double(rows)
}

@Test(arguments: [1.0, 4.0])
func distillationLossAndGradientMatchFiniteDifferencesInDouble(temperature: Double) {
    let (rows, classes) = (3, 5)
    let student = randomTensor([rows, classes], in: -3...3, seed: 1)
    let teacher = randomTensor([rows, classes], in: -3...3, seed: 2)
    let kd = DistillationLoss(temperature: temperature)
    let (loss, gradient) = kd(student: student, teacher: teacher)
    let s = student.scalars.map(Double.init), te = teacher.scalars.map(Double.init)
    let reference = referenceLoss(student: s, teacher: te, rows: rows, temperature: temperature)
    #expect(abs(loss - reference) <= 1e-9 * max(1, abs(reference)), "loss \(loss) vs reference \(reference)")
    // Central differences of the Double reference: exact to O(h²) ≈ 1e-10.
    let h = 1e-5
    for index in 0..<s.count {
        var plus = s, minus = s
        plus[index] += h
        minus[index] -= h
        let numeric = (referenceLoss(student: plus, teacher: te, rows: rows, temperature: temperature)
            - referenceLoss(student: minus, teacher: te, rows: rows, temperature: temperature)) / (2 * h)
        let analytic = Double(gradient.scalars[index])
        #expect(abs(analytic - numeric) <= 1e-6 + 1e-5 * abs(numeric), "∂/∂student[\(index)]: \(analytic) vs \(numeric)")
    }
}

@Test func distillationLossIsZeroForEqualLogitsAndPositiveOtherwise() {
    let logits = randomTensor([4, 10], in: -2...2, seed: 3)
    let kd = DistillationLoss(temperature: 4)
    let same = kd(student: logits, teacher: logits)
    #expect(abs(same.loss) < 1e-12)
    #expect(same.gradient.scalars.allSatisfy { abs($0) < 1e-7 })
    #expect(kd(student: randomTensor([4, 10], in: -2...2, seed: 4), teacher: logits).loss > 0)
}

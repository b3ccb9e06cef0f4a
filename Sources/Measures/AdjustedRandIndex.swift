/// The adjusted Rand index of two labelings, as `sklearn.metrics.adjusted_rand_score`.
///
/// From the pair confusion matrix (tn, fp / fn, tp) of the contingency table `n_ij` with row
/// sums `a_i` and column sums `b_j`:
/// ```
/// tp = Σ n_ij² − n,  fp = Σ b_j² − Σ n_ij²,  fn = Σ a_i² − Σ n_ij²,  tn = n² − fp − fn − Σ n_ij²
/// ARI = 2 (tp·tn − fn·fp) / ((tp + fn)(fn + tn) + (tp + fp)(fp + tn)),   1 when fn = fp = 0
/// ```
/// 1 for identical partitions (up to renaming), about 0 for independent ones; can be negative.
public func adjustedRandIndex(_ truth: [Int], _ predicted: [Int]) -> Double {
    precondition(truth.count == predicted.count, "\(truth.count) true labels for \(predicted.count) predictions")
    var table: [Int: [Int: Int]] = [:]
    var rows: [Int: Int] = [:], columns: [Int: Int] = [:]
    for (a, b) in zip(truth, predicted) {
        table[a, default: [:]][b, default: 0] += 1
        rows[a, default: 0] += 1
        columns[b, default: 0] += 1
    }
    let n = Double(truth.count)
    let squares = table.values.flatMap(\.values).reduce(0.0) { $0 + Double($1) * Double($1) }
    let rowSquares = rows.values.reduce(0.0) { $0 + Double($1) * Double($1) }
    let columnSquares = columns.values.reduce(0.0) { $0 + Double($1) * Double($1) }
    let tp = squares - n
    let fp = columnSquares - squares
    let fn = rowSquares - squares
    let tn = n * n - fp - fn - squares
    if fn == 0 && fp == 0 { return 1 }
    return 2 * (tp * tn - fn * fp) / ((tp + fn) * (fn + tn) + (tp + fp) * (fp + tn))
}

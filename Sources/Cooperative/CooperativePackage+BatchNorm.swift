import Networks
import Tensors

/// Per-network BatchNorm statistics.
///
/// During training every forward pass, full or sub-network, updates the Teammate's shared running
/// statistics, so they end up averaged over the depths and fit none of them. Once training is over,
/// ``recalibrateBatchNorm(on:)`` re-estimates them for each network of the depth table apart
/// (weights untouched): full-depth Teammates keep theirs in their own buffers, sub-networks in
/// ``batchNormStatistics``, which ``model(of:)`` applies and the package file stores.
extension CooperativePackage {
    /// Re-estimates the running mean and variance of every BatchNorm for each network of the depth
    /// table by ``CooperativeConfiguration/recalibrationSteps`` training-mode forward passes (no
    /// weight changes) over `batches`, cycled; nothing when that is 0.
    ///
    /// With the layers' momentum of 0.1, 50 steps leave under 1% of the previous statistics.
    ///
    /// - Throws: ``CooperativeError/Code/training`` when a batch does not fit the networks.
    public mutating func recalibrateBatchNorm(on batches: [LabelledBatch]) throws(CooperativeError) {
        let steps = configuration.recalibrationSteps
        guard !batches.isEmpty, steps > 0 else { return }
        var statistics: [CooperativeMember: [String: Tensor]] = [:]
        for row in depthTable {
            var model = try model(of: row)
            for step in 0..<steps {
                do {
                    _ = try model.forward(batches[step % batches.count].images, context: .training)
                } catch {
                    throw CooperativeError(.training, "\(row.member): \(error.message)")
                }
            }
            let buffers = model.parameters.filter { !$0.isTrainable }
            statistics[row.member] = Dictionary(uniqueKeysWithValues: buffers.map { ($0.name, $0.value) })
        }
        batchNormStatistics = [:]
        for row in depthTable {
            let own = statistics[row.member]!
            if row.skippedBlocks.isEmpty {
                self[row.teammate].visitParameters { if let value = own[$0.name] { $0.value = value } }
            } else {
                batchNormStatistics[row.member] = own
            }
        }
    }

    /// Sets `model`'s buffers to `statistics`, checking every name and shape.
    static func apply(_ statistics: [String: Tensor], to model: inout Model, of member: CooperativeMember)
        throws(CooperativeError)
    {
        let shapes = Dictionary(uniqueKeysWithValues: model.parameters.filter { !$0.isTrainable }.map { ($0.name, $0.value.shape) })
        for (name, value) in statistics.sorted(by: { $0.key < $1.key }) {
            guard let shape = shapes[name], shape == value.shape else {
                throw CooperativeError(
                    .invalidPackage,
                    "BatchNorm statistics '\(name)' of \(member) do not fit its network (shape \(value.shape), expected "
                        + "\(shapes[name].map { "\($0)" } ?? "no such buffer"))")
            }
        }
        model.visitParameters { if let value = statistics[$0.name] { $0.value = value } }
    }
}

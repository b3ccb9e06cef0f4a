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
    /// table as the cumulative average of the batch statistics over the first
    /// min(``CooperativeConfiguration/recalibrationSteps``, `batches.count`) batches
    /// (`ForwardContext.RunningStatistics.cumulative`, PyTorch's "precise BatchNorm"): training-mode
    /// forward passes, no weight changes; nothing when that count is 0.
    ///
    /// Each Teammate runs one full forward pass per batch, keeping the activation entering each of its
    /// sub-networks' branch points (`Model.branchPoint(skipping:)`); a sub-network runs only its
    /// suffix from there. Its BatchNorm layers before the branch point see exactly the Teammate's
    /// inputs, so they take the Teammate's statistics.
    ///
    /// - Throws: ``CooperativeError/Code/training`` when a batch does not fit the networks.
    public mutating func recalibrateBatchNorm(on batches: [LabelledBatch]) throws(CooperativeError) {
        let count = min(configuration.recalibrationSteps, batches.count)
        guard count > 0 else { return }
        var statistics: [CooperativeMember: [String: Tensor]] = [:]
        for teammate in Teammate.allCases {
            var full = self[teammate]
            var subnetworks: [(row: DepthRow, model: Model, point: Int)] = []
            for row in depthTable where row.teammate == teammate && !row.skippedBlocks.isEmpty {
                subnetworks.append((row, try model(of: row), full.branchPoint(skipping: row.skippedBlocks)))
            }
            for (index, batch) in batches.prefix(count).enumerated() {
                let context = ForwardContext(mode: .training, runningStatistics: .cumulative(batch: index + 1))
                let member = CooperativeMember.teammate(teammate, depth: full.architecture.depth)
                do {
                    let points = Set(subnetworks.map(\.point))
                    let inputs = try full.forward(batch.images, context: context, keepingInputsOf: points).inputs
                    for index in subnetworks.indices {
                        let point = subnetworks[index].point
                        _ = try subnetworks[index].model.forward(
                            inputs[point]!, layers: point..<subnetworks[index].model.layerCount, context: context)
                    }
                } catch {
                    throw CooperativeError(.training, "\(member) or one of its sub-networks: \(error.message)")
                }
            }
            let own = Self.buffers(full.parameters)
            self[teammate].visitParameters { if let value = own[$0.name] { $0.value = value } }
            for (row, model, point) in subnetworks {
                // The Teammate's prefix statistics, for the buffers the sub-network has (a plain-net
                // Teammate also carries adapters of stages the sub-network runs in full).
                let own = Self.buffers(model.parameters)
                let prefix = Self.buffers(full.parameters(layers: 0..<point)).filter { own[$0.key] != nil }
                statistics[row.member] = own.merging(prefix) { _, shared in shared }
            }
        }
        batchNormStatistics = statistics
    }

    /// The buffers (running statistics) among `parameters`, by name.
    private static func buffers(_ parameters: [Parameter]) -> [String: Tensor] {
        Dictionary(uniqueKeysWithValues: parameters.filter { !$0.isTrainable }.map { ($0.name, $0.value) })
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

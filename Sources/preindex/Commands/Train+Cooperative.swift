import ArgumentParser
import Cooperative
import Datasets
import Foundation
import Logging
import Networks
import Retraining

/// `preindex train --cooperative`: the package, its depth table, and depth selection.
extension Preindex.Train {
    /// The cooperative configuration the options give.
    func cooperativeConfiguration() throws -> CooperativeConfiguration {
        let depths = try teammateDepths.map { list in
            try list.split(separator: ",").map { item in
                guard let depth = Int(item.trimmingCharacters(in: .whitespaces)) else {
                    throw ValidationError("--teammate-depths must list whole numbers, like 1,2; got '\(list)'")
                }
                return depth
            }
        }
        let weights = lossWeights.split(separator: ",").compactMap { Double($0.trimmingCharacters(in: .whitespaces)) }
        guard weights.count == 4 else {
            throw ValidationError("--loss-weights needs 4 numbers (cross-entropy, leader, mutual, teammate), got '\(lossWeights)'")
        }
        return CooperativeConfiguration(
            leaderArchitecture: leaderArch, teammateDepths: depths,
            subnetworksPerStep: subnetworksPerStep ?? appliedDefaults.subnetworksPerStep,
            subnetworkDraw: subnetworkDraw, temperature: temperature,
            weights: CooperativeLossWeights(
                crossEntropy: weights[0], leaderDistillation: weights[1], mutualDistillation: weights[2],
                teammateDistillation: weights[3]),
            recalibrationSteps: recalibrationSteps, seed: seed, gradientClipNorm: clipGradNorm)
    }

    /// The measured defaults for `--arch` (``CooperativeDefaults``) that no option overrides.
    var appliedDefaults: CooperativeDefaults {
        let measured = CooperativeDefaults.measured(for: arch)
        return CooperativeDefaults(
            sgdLearningRate: learningRate == nil && optimizer == .sgd ? measured.sgdLearningRate : nil,
            subnetworksPerStep: subnetworksPerStep == nil ? measured.subnetworksPerStep : nil)
    }

    /// The Teammate `--teammate` names, if any.
    func chosenTeammate() throws -> Teammate? {
        guard let teammate else { return nil }
        guard let chosen = Teammate.allCases.first(where: { $0.letter == teammate.lowercased() }) else {
            throw ValidationError("--teammate must be a or b, got '\(teammate)'")
        }
        return chosen
    }

    func validateCooperative() throws {
        let cooperativeOnly: [(String, Bool)] = [
            ("--teammate-depths", teammateDepths != nil), ("--leader-arch", leaderArch != nil),
            ("--subnetworks-per-step", subnetworksPerStep != nil), ("--subnetwork-draw", subnetworkDraw != nil),
            ("--depth", depth != nil),
            ("--clip-grad-norm", clipGradNorm != nil),
            ("--budget-mflops", budgetMflops != nil), ("--teammate", teammate != nil), ("--member-out", memberOut != nil),
            ("--from", from != nil),
        ]
        if !cooperative, let (flag, _) = cooperativeOnly.first(where: \.1) {
            throw ValidationError("\(flag) needs --cooperative")
        }
        guard cooperative else { return }
        _ = try cooperativeConfiguration()
        _ = try chosenTeammate()
        if depth != nil && budgetMflops != nil { throw ValidationError("give --depth or --budget-mflops, not both") }
        if (depth != nil || budgetMflops != nil) != (memberOut != nil) {
            throw ValidationError("--depth or --budget-mflops picks a network, --member-out says where to write it: give both")
        }
        if from != nil && memberOut == nil { throw ValidationError("--from needs --depth or --budget-mflops and --member-out") }
        if let budgetMflops, !(budgetMflops > 0) { throw ValidationError("--budget-mflops must be positive, got \(budgetMflops)") }
    }

    func runCooperative(logger: Logger) throws {
        var package: CooperativePackage
        if let from {
            package = try CooperativePackage(contentsOfFile: from)
        } else {
            package = try trainPackage(logger: logger)
            try package.write(toFile: out)
        }
        var chosen: DepthRow?
        if let memberOut {
            let row = try budgetMflops.map { try package.deepestRow(fittingMFLOPs: $0) }
                ?? package.row(depth: depth!, teammate: try chosenTeammate())
            try package.model(of: row).write(toFile: memberOut)
            chosen = row
        }
        if json {
            try JSONOutput.print(CooperativeTrainOutput(package: from ?? out, depthTable: package.depthTable, chosen: chosen))
            return
        }
        if from == nil {
            print("wrote \(out) (cooperative \(package.teammateArchitecture.name.rawValue): leader \(package.leader.architecture.name.rawValue) + 2 teammates, \(package.depthTable.count) networks)")
        }
        print(depthTableText(package.depthTable))
        if let chosen, let memberOut {
            print("wrote \(memberOut) (\(chosen.member), \(String(format: "%.2f", chosen.megaFLOPs)) MFLOPs)")
        }
    }

    private func trainPackage(logger: Logger) throws -> CooperativePackage {
        if let applied = appliedDefaults.summary, !json {
            print("\(arch.rawValue) cooperative defaults: \(applied) (measured by bench cooperative; --lr and --subnetworks-per-step override)")
        }
        let recipe = try TrainingRecipe(
            epochs: epochs, batchSize: batchSize, optimizer: optimizer,
            learningRate: learningRate ?? appliedDefaults.sgdLearningRate,
            momentum: momentum, weightDecay: weightDecay, schedule: schedule, augment: augment, seed: seed)
        let splits = try DatasetSpec(parsing: dataset).load()
        let start = Date()
        var package = try recipe.trainCooperative(
            arch, configuration: try cooperativeConfiguration(), on: splits, logger: logger,
            onEpoch: { epoch, losses in
                guard !json else { return }
                let members = losses.keys.sorted()
                let text = members.map { "\($0) \(String(format: "%.3f", losses[$0]!))" }.joined(separator: "  ")
                print(String(format: "epoch %d/%d  %.0f s  loss: ", epoch + 1, epochs, Date().timeIntervalSince(start)) + text)
            })
        if let test = splits.test { try package.recordTestAccuracy(on: test) }
        return package
    }
}

/// The depth table as printed by `preindex train --cooperative`.
func depthTableText(_ rows: [DepthRow]) -> String {
    let header = "member          depth  MFLOPs  test acc  skipped blocks"
    let lines = rows.map { row in
        let accuracy = row.testAccuracy.map { String(format: "%7.1f%%", $0 * 100) } ?? "       -"
        let skipped = row.skippedBlocks.isEmpty ? "-" : row.skippedBlocks.joined(separator: ",")
        return row.member.description.padding(toLength: 15, withPad: " ", startingAt: 0)
            + String(format: " %5d  %6.2f  ", row.depth, row.megaFLOPs) + accuracy + "  " + skipped
    }
    return ([header] + lines).joined(separator: "\n")
}

/// `preindex train --cooperative --json`.
private struct CooperativeTrainOutput: Encodable {
    var package: String
    var depthTable: [DepthRow]
    var chosen: DepthRow?
}

import Cooperative
import Datasets
import Energy
import Foundation
import Logging
import Networks
import Retraining

/// `preindex bench cooperative`: one cooperative run against the same networks trained alone.
///
/// Every network of the package (each Teammate at each depth) gets a twin of the same architecture
/// (same skipped blocks) trained alone with the same recipe for the same number of epochs, or
/// for ``twinEpochs`` to compare a shorter or longer cooperative run with them; the full-depth twin
/// is shared by both Teammates. Reported: test accuracy per network, both ways, and the energy of
/// the one cooperative run against the sum of the twins' runs.
struct CooperativeBenchmark {
    var architecture: Architecture.Name = .resnetMini
    var trainSamples = 2_000
    var testSamples = 1_000
    var epochs = 5
    /// Epochs of each network trained alone (`nil`: ``epochs``, the same as the cooperative run).
    var twinEpochs: Int?
    var batchSize = 64
    var subnetworksPerStep: Int?
    var subnetworkDraw: SubnetworkDraw?
    /// The recipe's SGD learning rate, for both approaches (`nil`: the recipe's default).
    var learningRate: Float?
    /// The cooperative networks' gradient norm limit (`nil`: none); networks alone are not clipped.
    var gradientClipNorm: Double?
    /// The Leader's architecture (`nil`: the Teammates').
    var leaderArchitecture: Architecture.Name?
    var meter: EnergyMeter

    var dataset: String { "builtin:shapes?train=\(trainSamples)&test=\(testSamples)&seed=0" }

    /// One network of the package with its twin.
    struct Row: Codable {
        var member: String
        var depth: Int
        var megaFLOPs: Double
        var cooperativeAccuracy: Double
        var aloneAccuracy: Double
        /// The twin's training energy; `nil` where the twin is shared with an earlier row.
        var aloneKWh: Double?
        var aloneSeconds: Double?
    }

    struct Report: Codable {
        var architecture: String
        var dataset: String
        /// Epochs of the cooperative run.
        var epochs: Int
        /// Epochs of each network trained alone.
        var twinEpochs: Int
        var learningRate: Float
        /// The cooperative networks' gradient norm limit, if any.
        var gradientClipNorm: Double?
        /// The Leader's architecture.
        var leaderArchitecture: String
        /// Sub-networks of each Teammate trained per step (`nil`: all) and how they were drawn.
        var subnetworksPerStep: Int?
        var subnetworkDraw: SubnetworkDraw

        var energyMethod: String
        var leaderAccuracy: Double
        var rows: [Row]
        var cooperativeKWh: Double
        var cooperativeSeconds: Double
        /// The twins of every distinct network of the package.
        var aloneKWh: Double
        var aloneSeconds: Double
        /// Only the twins of Teammate A's networks: one network per depth.
        var alonePerDepthKWh: Double
        var withinOnePoint: Int
    }

    func run(logger: Logger) throws -> Report {
        let splits = try DatasetSpec(parsing: dataset).load()
        let test = splits.test!
        // The architecture's measured defaults where no option is given, for both approaches alike.
        let defaults = CooperativeDefaults.measured(for: architecture)
        let subnetworksPerStep = subnetworksPerStep ?? defaults.subnetworksPerStep
        let recipe = try TrainingRecipe(
            epochs: epochs, batchSize: batchSize, learningRate: learningRate ?? defaults.sgdLearningRate, seed: 0)
        var twinRecipe = recipe
        twinRecipe.epochs = twinEpochs ?? epochs
        let configuration = CooperativeConfiguration(
            leaderArchitecture: leaderArchitecture, subnetworksPerStep: subnetworksPerStep, subnetworkDraw: subnetworkDraw,
            seed: 0, gradientClipNorm: gradientClipNorm)

        let session = try meter.start()
        var package = try recipe.trainCooperative(architecture, configuration: configuration, on: splits, logger: logger)
        let cooperative = try session.stop()
        try package.recordTestAccuracy(on: test)
        let testBatches = Array(try Batches(test, batchSize: 256).labelled)
        let leaderAccuracy = try package.leader.evaluate(testBatches).accuracy

        var twins: [[String]: (accuracy: Double, reading: EnergyReading)] = [:]
        var rows: [Row] = []
        for row in package.depthTable {
            let shared = twins[row.skippedBlocks] != nil
            if !shared {
                var model = try Model(package.teammateArchitecture.skipping(row.skippedBlocks), seed: recipe.seed)
                let session = try meter.start()
                try twinRecipe.train(&model, on: DatasetSplits(train: splits.train), logger: logger)
                let reading = try session.stop()
                twins[row.skippedBlocks] = (try model.evaluate(testBatches).accuracy, reading)
            }
            let twin = twins[row.skippedBlocks]!
            rows.append(
                Row(
                    member: row.member.description, depth: row.depth, megaFLOPs: row.megaFLOPs,
                    cooperativeAccuracy: row.testAccuracy ?? .nan, aloneAccuracy: twin.accuracy,
                    aloneKWh: shared ? nil : twin.reading.kilowattHours, aloneSeconds: shared ? nil : twin.reading.wallSeconds))
        }
        let perDepth = package.depthTable.filter { $0.teammate == .a }.map { twins[$0.skippedBlocks]!.reading.kilowattHours }
        return Report(
            architecture: architecture.rawValue, dataset: dataset, epochs: epochs, twinEpochs: twinRecipe.epochs,
            learningRate: recipe.initialLearningRate, gradientClipNorm: gradientClipNorm,
            leaderArchitecture: package.leader.architecture.name.rawValue, subnetworksPerStep: subnetworksPerStep, subnetworkDraw: subnetworkDraw ?? .uniform, energyMethod: meter.summary,
            leaderAccuracy: leaderAccuracy, rows: rows, cooperativeKWh: cooperative.kilowattHours,
            cooperativeSeconds: cooperative.wallSeconds,
            aloneKWh: twins.values.reduce(0) { $0 + $1.reading.kilowattHours },
            aloneSeconds: twins.values.reduce(0) { $0 + $1.reading.wallSeconds },
            alonePerDepthKWh: perDepth.reduce(0, +),
            withinOnePoint: rows.filter { $0.cooperativeAccuracy >= $0.aloneAccuracy - 0.01 }.count)
    }
}

extension CooperativeBenchmark.Report {
    /// The report as printed by `preindex bench cooperative`.
    var text: String {
        var lines = [
            "cooperative dynamic depth: \(architecture) on \(dataset), "
                + (twinEpochs == epochs ? "\(epochs) epochs each" : "\(epochs) epochs cooperative, \(twinEpochs) epochs alone")
                + ", learning rate \(learningRate)"
                + (gradientClipNorm.map { ", cooperative gradient norm clipped to \($0)" } ?? ""),
            "sub-networks per step: " + (subnetworksPerStep.map { "\($0) of each Teammate's, drawn \(subnetworkDraw.rawValue)" } ?? "all"),
            energyMethod,
            "network         depth  MFLOPs  cooperative   alone  Δ points   alone kWh  alone s",
        ]
        for row in rows {
            let energy = row.aloneKWh.map { String(format: "%10.6f  %7.0f", $0, row.aloneSeconds ?? 0) } ?? "  (same twin as above)"
            lines.append(
                row.member.padding(toLength: 15, withPad: " ", startingAt: 0)
                    + String(
                        format: " %5d  %6.2f  %10.1f%%  %5.1f%%  %+8.1f  ", row.depth, row.megaFLOPs, row.cooperativeAccuracy * 100,
                        row.aloneAccuracy * 100, (row.cooperativeAccuracy - row.aloneAccuracy) * 100) + energy)
        }
        let twins = rows.filter { $0.aloneKWh != nil }.count
        let perDepth = Set(rows.map(\.depth)).count
        lines += [
            "leader (\(leaderArchitecture)) " + String(format: "test accuracy %.1f%%", leaderAccuracy * 100),
            String(format: "cooperative run, one package of %d networks:   %.6f kWh  %6.0f s", rows.count, cooperativeKWh, cooperativeSeconds),
            String(
                format: "trained alone, %d distinct networks:           %.6f kWh  %6.0f s  (cooperative / alone = %.2f×)", twins,
                aloneKWh, aloneSeconds, cooperativeKWh / aloneKWh),
            String(
                format: "trained alone, one network per depth (%d):      %.6f kWh            (cooperative / alone = %.2f×)", perDepth,
                alonePerDepthKWh, cooperativeKWh / alonePerDepthKWh),
            "networks within 1 point of their twin (or better): \(withinOnePoint) of \(rows.count)",
        ]
        return lines.joined(separator: "\n")
    }
}

import ArgumentParser
import Cluster
import Fleet
import Foundation
import Reports

extension RankingCost: ExpressibleByArgument {}

extension Preindex {
    struct RankingCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "ranking",
            abstract: "The cost ranking of a job: per model, shift and level, what retraining would cost.",
            discussion: """
                One row per (model, shift, level): the index, estimated epochs, kWh and kg CO2eq with intervals \
                (* marks an extrapolation beyond the calibrated range), retrain-or-from-scratch advice and the \
                measured cost of the evaluation; then energy per node, the cluster total, and the region where a \
                retrain would emit least. A running job is ranked on what is done so far. For a retrain plan's job \
                it shows each row: where it ran, estimated against measured cost, the retrained model.
                """
        )

        enum Format: String, ExpressibleByArgument, CaseIterable {
            case table, json, csv
        }

        @Argument(help: "The job.")
        var job: String

        @Option(help: "Output: table, json or csv.")
        var format = Format.table

        @Option(help: "Sort by kwh, co2 or epochs.")
        var by = RankingCost.kilowattHours

        @OptionGroup var client: ClientOptions
        @OptionGroup var global: GlobalOptions

        func run() throws {
            _ = global.makeLogger()
            let json = Data(try client.makeClient(context: try ZMQContext()).ranking(jobID: job))
            if let outcome = try? PlanOutcome(jsonData: json) {
                switch format {
                case .table: print(PlanOutcomeTable.render(outcome))
                case .csv: print(PlanOutcomeTable.csv(outcome), terminator: "")
                case .json: print(String(decoding: try outcome.jsonData(prettyPrinted: true), as: UTF8.self))
                }
                return
            }
            let ranking = try Ranking(jsonData: json).sorted(by: by)
            switch format {
            case .table:
                print(RankingTable.render(ranking))
                let depths = DepthTradeOffTable.render(ranking)
                if !depths.isEmpty { print("\n" + depths) }
            case .csv: print(RankingCSV.render(ranking), terminator: "")
            case .json: print(String(decoding: try ranking.jsonData(prettyPrinted: true), as: UTF8.self))
            }
        }
    }
}

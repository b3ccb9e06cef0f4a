import ArgumentParser
import Cluster
import Fleet
import Foundation
import Reports

extension Preindex {
    struct ReportCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "report",
            abstract: "A job's ranking as one self-contained HTML page, with charts and the plans run after it.",
            discussion: """
                Writes one HTML file that needs no network: the ranking table (click a column header to sort), per \
                model the calibration retrains' measured kWh against the index with the fitted curve and interval, \
                estimated kWh bars per model and shift, the job's energy per node with the cluster total, and for \
                each --plan job its rows predicted against actual (epochs, kWh, CO2eq) and what greenest placement \
                saved.
                """
        )

        @Argument(help: "The evaluation job.")
        var job: String

        @Option(help: ArgumentHelp("The HTML file to write.", valueName: "file"))
        var html: String

        @Option(help: ArgumentHelp("A retrain plan's job to add; repeat for several.", valueName: "job"))
        var plan: [String] = []

        @OptionGroup var client: ClientOptions
        @OptionGroup var global: GlobalOptions

        func run() throws {
            _ = global.makeLogger()
            let cluster = try client.makeClient(context: try ZMQContext())
            let json = Data(try cluster.ranking(jobID: job))
            if (try? PlanOutcome(jsonData: json)) != nil {
                throw ValidationError("job \(job) is a retrain plan; give its evaluation job, and this one as --plan \(job)")
            }
            let ranking = try Ranking(jsonData: json)
            let outcomes = try plan.map { planJob in
                let planJSON = Data(try cluster.ranking(jobID: planJob))
                guard let outcome = try? PlanOutcome(jsonData: planJSON) else {
                    throw ValidationError("job \(planJob) is not a retrain plan; --plan takes the job `preindex decide` submitted")
                }
                return outcome
            }
            try Data(HTMLReport.render(ranking: ranking, plans: outcomes).utf8).write(to: URL(fileURLWithPath: html))
            print("\(html): report of job \(job)" + (outcomes.isEmpty ? "" : " with \(outcomes.count) plan(s)"))
        }
    }
}

import ArgumentParser
import Cluster
import Fleet
import Foundation
import Reports

extension PlanPreference: ExpressibleByArgument {}
extension PlacementStrategy: ExpressibleByArgument {}

extension Preindex {
    struct DecideCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "decide",
            abstract: "Plan which models to retrain after a finished evaluation job, how, and where.",
            discussion: """
                Builds a retrain plan from the job's ranking: one row per (model, shift, level) with reuse or \
                scratch, estimated epochs, kWh and kg CO2eq with intervals, and the planned node and region; then \
                the totals, kg CO2eq under each placement and what greenest saves against spread.

                Objective under --budget-kwh or --budget-co2: recover the most models, then the most (model, \
                shift, level) pairs, within the budget, cheapest first on ties. Candidates are ordered by \
                estimated kWh, each model's cheapest first, then the rest; each is taken when its estimate fits in \
                what is left (kg CO2eq at the node it is placed on). Budgets count estimates, not interval ends. \
                Without a budget every candidate is planned.

                --prefer auto retrains a model where its estimate is below the cost of training it from scratch, \
                and trains from scratch otherwise; each row says which and why. --placement greenest sends each \
                retrain to the node with the lowest grid intensity (ties: least loaded), fastest to the most \
                capable, spread round-robin. --out writes the plan as JSON to edit and submit later.
                """
        )

        @Argument(help: "The finished evaluation job.")
        var job: String

        @Option(name: .customLong("budget-kwh"), help: "Spend at most this many kWh (estimated).")
        var budgetKilowattHours: Double?

        @Option(name: .customLong("budget-co2"), help: "Emit at most this many kg CO2eq (estimated, at the planned nodes).")
        var budgetKilogramsCO2eq: Double?

        @Option(help: "Retrain the deployed models (reuse), train from scratch (scratch), or decide per row (auto).")
        var prefer = PlanPreference.auto

        @Option(name: .customLong("select"), help: "Plan this row, as MODEL:SHIFT:LEVEL (repeatable); default: all rows.")
        var selections: [String] = []

        @Option(help: "Place retrains on the greenest node, the fastest, or spread them round-robin.")
        var placement = PlacementStrategy.greenest

        @Option(help: "Each retrain stops when the shifted test accuracy reaches this, in (0, 1].")
        var targetAccuracy: Double = 0.85

        @Option(name: .customLong("cutoff"), help: "Plateau rule acc_diff:epochs (at most two), e.g. 0.01:3.")
        var cutoffs: [String] = []

        @Option(help: "Each retrain stops after this many epochs.")
        var maxEpochs = 30

        @Option(name: .shortAndLong, help: "Write the plan as JSON here.")
        var out: String?

        @Flag(help: "Print the plan as JSON.")
        var json = false

        @Flag(help: "Submit the plan to the coordinator at once and print the plan's job id.")
        var submit = false

        @OptionGroup var client: ClientOptions
        @OptionGroup var global: GlobalOptions

        func validate() throws {
            _ = try makePolicy()
        }

        /// The policy the flags describe, checked.
        func makePolicy() throws -> PlanPolicy {
            guard budgetKilowattHours == nil || budgetKilogramsCO2eq == nil else {
                throw ValidationError("give --budget-kwh or --budget-co2, not both")
            }
            do throws(FleetError) {
                let budget = budgetKilowattHours.map(PlanBudget.kilowattHours) ?? budgetKilogramsCO2eq.map(PlanBudget.kilogramsCO2eq)
                let policy = PlanPolicy(
                    budget: budget, prefer: prefer,
                    selections: try selections.map { text throws(FleetError) in try PlanSelection(parsing: text) },
                    placement: placement, targetAccuracy: targetAccuracy, maxEpochs: maxEpochs, cutoffs: cutoffs)
                try policy.validate()
                return policy
            } catch {
                throw ValidationError(error.message)
            }
        }

        func run() throws {
            _ = global.makeLogger()
            let policy = try makePolicy()
            let coordinator = try client.makeClient(context: try ZMQContext())
            if let progress = try coordinator.status(jobID: job).jobs.first, !progress.isFinished {
                throw DecideError(
                    description: "job \(job) is still running (\(progress.done) of \(progress.total) tasks done); "
                        + "plan its retrains once it has finished (preindex status \(job))")
            }
            let json = try coordinator.ranking(jobID: job)
            let ranking = try Ranking(jsonData: Data(json))
            let plan = try RetrainPlan.make(from: ranking, nodes: ranking.nodes.map { PlanNode($0) }, policy: policy)
            if let out { try plan.jsonData(prettyPrinted: true).write(to: URL(fileURLWithPath: out)) }
            if self.json {
                try JSONOutput.print(plan)
            } else {
                print(PlanTable.render(plan))
                if let out { print("\nplan written to \(out)") }
            }
            if submit {
                let accepted = try coordinator.submit(plan: Array(try plan.jsonData()))
                FileHandle.standardError.write(
                    Data("plan submitted as job \(accepted.jobID) (\(accepted.taskCount) retrains); follow it with `preindex status \(accepted.jobID)` and `preindex ranking \(accepted.jobID)`\n".utf8))
                if !self.json { print(accepted.jobID) }
            }
        }
    }
}

/// Why `preindex decide` cannot plan: one sentence for the terminal.
private struct DecideError: Error, CustomStringConvertible {
    var description: String
}

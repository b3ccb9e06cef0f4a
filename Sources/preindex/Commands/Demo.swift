import ArgumentParser
import Cluster
import Fleet
import Foundation
import Logging
import Reports
import Tensors

extension Preindex {
    struct Demo: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Run the embedded default end to end: a whole cluster job in one process, then its ranking.",
            discussion: """
                Starts a coordinator and two workers in this process (over inproc://; one in region FRA, one in DEU, \
                so the ranking shows where a retrain emits least), submits a job on builtin:shapes that trains \
                three architectures (cnn, vgg-mini, resnet-mini), measures each under 4 shift types × 3 levels, \
                really retrains each under 4 calibration shifts, and prints the cost ranking. Then it decides: a plan \
                under a kWh budget that fits the two cheapest retrains, run on the greenest worker, with estimated \
                against measured costs, and writes an HTML report (--report). State and trained \
                models are kept in --cache (default ~/.cache/preindex/demo): a second run reuses every stored \
                result and finishes in seconds; --no-cache recomputes.
                """
        )

        @Option(help: "Training images of builtin:shapes (the test split is a fifth of this).")
        var samples = 2_000

        @Option(help: "Epochs to train each architecture.")
        var epochs = 4

        @Option(help: "Where the demo keeps its state and models (default ~/.cache/preindex/demo).")
        var cache: String?

        @Flag(help: "Recompute everything instead of reusing stored results.")
        var noCache = false

        @Option(help: "Sort the ranking by kwh, co2 or epochs.")
        var by = RankingCost.kilowattHours

        @Option(help: "Where to write the HTML report (ranking, calibration plots, the decision).")
        var report = "preindex-report.html"

        @OptionGroup var global: GlobalOptions

        func validate() throws {
            guard epochs >= 1, samples >= 100 else { throw ValidationError("--epochs must be ≥ 1 and --samples ≥ 100") }
        }

        /// The demo's job: three architectures, 4 shift types × 3 levels, 4 calibration shifts.
        func job() -> JobSpec {
            JobSpec(
                name: "demo",
                dataset: "builtin:shapes?train=\(samples)&test=\(samples / 5)&seed=0",
                models: ["cnn", "vgg-mini", "resnet-mini"].map {
                    ModelSpec(arch: $0, train: TrainSpec(epochs: epochs, seed: 0))
                },
                shifts: [
                    ShiftSpec(type: "gaussian", levels: [0.05, 0.1, 0.2]),
                    ShiftSpec(type: "blur", levels: [0.5, 1, 1.5]),
                    ShiftSpec(type: "frost", levels: [1, 3, 5]),
                    ShiftSpec(type: "contrast", levels: [0.3, 0.5, 0.7]),
                ],
                measure: MeasureSpec(samples: min(samples, 500)),
                calibration: CalibrationSpec(
                    shifts: ["gaussian:0.15", "blur:1.2", "frost:4", "contrast:0.6"], targetAccuracy: 0.8,
                    cutoffs: ["0.01:2"], maxEpochs: 3))
        }

        func run() throws {
            var logger = global.makeLogger()
            logger.logLevel = max(logger.logLevel, .warning)
            // Two workers share the cores: one compute thread each unless --threads says otherwise.
            if global.threads == nil { Compute.threadCount = 1 }
            let directory = cache ?? FileManager.default.homeDirectoryForCurrentUser
                .appendingPathComponent(".cache/preindex/demo").path
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            let database = try ClusterDatabase(path: directory + "/state.sqlite")
            let cluster = try LocalCluster(
                database: database, regions: ["FRA", "DEU"], artifactDirectory: directory + "/artifacts", logger: logger)
            defer { cluster.stop() }
            let client = try cluster.client()
            let spec = job()
            print("1/4 submitting job '\(spec.name)': \(spec.models.count) architectures × \(spec.shifts.count) shift types × 3 levels, "
                + "\(spec.calibration!.shifts.count) calibration retrains each, on \(spec.dataset)")
            let accepted = try client.submit(job: Array(try spec.canonicalJSON()), recompute: noCache)
            print("    job \(accepted.jobID): \(accepted.taskCount) tasks, \(accepted.reusedCount) reused from \(directory)")
            print("2/4 running on \(cluster.workers.count) in-process workers (\(Compute.threadCount) compute thread(s) each)")
            let clock = ContinuousClock()
            let start = clock.now
            fflush(nil)  // what was printed comes before the progress on standard error, even through a pipe
            let progress = try JobFollower(jobID: accepted.jobID, options: global).follow(with: client)
            print("    \(progress.done) tasks done, \(progress.failed) failed, in \(start.duration(to: clock.now))")
            print("3/4 ranking (sorted by \(by.rawValue)):")
            let ranking = try Ranking(jsonData: Data(try client.ranking(jobID: accepted.jobID))).sorted(by: by)
            print(RankingTable.render(ranking))
            if progress.failed > 0 { throw ExitCode(1) }
            let outcome = try decide(from: ranking, with: client)
            // The evaluation's ranking again: refitted with the retrains the plan ran.
            let refitted = try Ranking(jsonData: Data(try client.ranking(jobID: accepted.jobID))).sorted(by: by)
            try Data(HTMLReport.render(ranking: refitted, plans: outcome.map { [$0] } ?? []).utf8)
                .write(to: URL(fileURLWithPath: report))
            print("\nwrote \(report)")
        }

        /// Plans retrains under a budget that fits about two of them, runs the plan on the greenest worker and
        /// prints estimated against measured costs.
        private func decide(from ranking: Ranking, with client: ClusterClient) throws -> PlanOutcome? {
            let costs = ranking.rows.compactMap { $0.kilowattHours?.value }.sorted()
            guard costs.count >= 2 else {
                print("4/4 no estimates to plan retrains from; skipping the decision")
                return nil
            }
            let budget = (costs[0] + costs[1]) * 1.05
            let calibration = job().calibration!
            let policy = PlanPolicy(
                budget: .kilowattHours(budget), prefer: .reuse, selections: [], placement: .greenest,
                targetAccuracy: calibration.targetAccuracy, maxEpochs: calibration.maxEpochs, cutoffs: calibration.cutoffs)
            let plan = try RetrainPlan.make(from: ranking, nodes: ranking.nodes.map { PlanNode($0) }, policy: policy)
            print("\n4/4 deciding: a budget of \(String(format: "%.3g", budget)) kWh, greenest placement")
            print(PlanTable.render(plan))
            let accepted = try client.submit(plan: Array(try plan.jsonData()))
            fflush(nil)
            _ = try JobFollower(jobID: accepted.jobID, options: global).follow(with: client)
            let outcome = try PlanOutcome(jsonData: Data(try client.ranking(jobID: accepted.jobID)))
            print(PlanOutcomeTable.render(outcome))
            return outcome
        }
    }
}

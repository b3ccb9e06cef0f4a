import Cluster
import Fleet
import Foundation
import Testing

/// Retrain plans as users run them: `preindex coordinator`, two `preindex worker`s in regions far apart on the grid
/// (FRA at 56 g/kWh, IND at about 700), an evaluation job, then `preindex decide --submit`, `ranking`, `artifacts` and
/// `measure` as separate processes. Serialized, as ``ClusterProcessTests`` is: a test that kills a worker mid-retrain
/// needs the cores to itself for its timing.
@Suite(.serialized) struct PlanProcessTests {
    /// The grid regions of the two workers, and their names in each test's cluster.
    enum Node: String, CaseIterable {
        case green = "fra", dirty = "ind"

        var region: String { self == .green ? "FRA" : "IND" }
    }

    /// Evaluation jobs small enough for a test, all seeded, each with four calibration shifts so that the ranking has
    /// estimates to plan from.
    enum Jobs {
        /// The dataset of ``small``, which `preindex measure` reads the retrained models with.
        static let smallDataset = "builtin:shapes?train=200&test=100&seed=3"

        /// An mlp trained for one epoch, three ranked rows (gaussian 0.05 and 0.2, blur 1), calibrations of up to 2
        /// epochs.
        static let small = """
            {"name": "plan-eval", "dataset": "\(smallDataset)",
             "models": [{"arch": "mlp", "train": {"epochs": 1, "batchSize": 32, "seed": 1}}],
             "shifts": [{"type": "gaussian", "levels": [0.05, 0.2]}, {"type": "blur", "levels": [1]}],
             "measure": {"samples": 100},
             "calibration": {"shifts": ["gaussian:0.1", "gaussian:0.3", "blur:0.5", "blur:2"], "targetAccuracy": 0.99,
                             "maxEpochs": 2, "batchSize": 50}}
            """

        /// A cnn on 1000 images, one ranked row (gaussian 0.2), calibrations of one epoch: its retrain epochs last
        /// long enough to kill the worker between two of them.
        static let cnn = """
            {"name": "plan-eval-cnn", "dataset": "builtin:shapes?train=1000&test=200&seed=3",
             "models": [{"arch": "cnn", "train": {"epochs": 1, "batchSize": 64, "seed": 1}}],
             "shifts": [{"type": "gaussian", "levels": [0.2]}],
             "measure": {"samples": 100},
             "calibration": {"shifts": ["gaussian:0.1", "gaussian:0.3", "blur:0.5", "blur:2"], "targetAccuracy": 0.99,
                             "maxEpochs": 1, "batchSize": 100}}
            """
    }

    /// One entry of `preindex artifacts list --json`.
    struct ListedArtifact: Decodable {
        var sha256, name, kind, sourceModel, shift, node, parentSHA256, job: String
        var row: Int
    }

    /// Starts the coordinator and both workers, runs `job` to its end with `submit --wait`, and returns its id and
    /// ranking; both workers ran some of it, so that both are nodes a plan can place retrains on.
    private func evaluate(_ job: String, on cluster: LocalCluster) throws -> (jobID: String, ranking: Ranking) {
        try cluster.startCoordinator()
        for node in Node.allCases { try cluster.startWorker(node.rawValue, ["--region", node.region]) }
        let submit = try cluster.client(["submit", try cluster.writeJob(job), "--wait", "--json"], timeout: .seconds(90))
        try #require(submit.status == 0, "\(submit.stderr)\n\(cluster.tasks)\n\(cluster.logs)")
        let answer = try JSONSerialization.jsonObject(with: Data(submit.stdout.utf8)) as? [String: Any]
        let jobID = try #require(answer?["jobID"] as? String, "submit printed \(submit.stdout)")
        let ranking = try self.ranking(of: jobID, in: cluster)
        try #require(
            Set(ranking.nodes.map(\.region)) == Set(Node.allCases.map(\.region)),
            "both workers must have run part of the evaluation: \(ranking.nodes.map(\.node))")
        try #require(ranking.calibrations.first?.points == 4)
        return (jobID, ranking)
    }

    private func ranking(of jobID: String, in cluster: LocalCluster) throws -> Ranking {
        let output = try cluster.client(["ranking", jobID, "--format", "json"])
        try #require(output.status == 0, "\(output.stderr)")
        return try Ranking(jsonData: Data(output.stdout.utf8))
    }

    private func outcome(of planJobID: String, in cluster: LocalCluster) throws -> PlanOutcome {
        let output = try cluster.client(["ranking", planJobID, "--format", "json"])
        try #require(output.status == 0, "\(output.stderr)")
        return try PlanOutcome(jsonData: Data(output.stdout.utf8))
    }

    /// Runs `preindex decide` with `arguments` and `--submit`, and returns what it printed and the plan's job id (the
    /// last line of its output).
    private func decideAndSubmit(_ arguments: [String], in cluster: LocalCluster) throws -> (table: String, planJobID: String) {
        let decide = try cluster.client(["decide"] + arguments + ["--submit"])
        try #require(decide.status == 0, "\(decide.stderr)\n\(cluster.logs)")
        let lines = decide.stdout.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
        let planJobID = try #require(lines.last, "decide printed nothing")
        try #require(Int(planJobID) != nil, "decide's last line is not a job id: \(decide.stdout)")
        return (decide.stdout, planJobID)
    }

    /// The line of `text` that contains `marker`, or a failure saying it is missing.
    private func line(containing marker: String, in text: String) throws -> String {
        let found = text.split(separator: "\n").first { $0.contains(marker) }
        return try #require(found.map { $0.trimmingCharacters(in: .whitespaces) }, "no line with '\(marker)' in:\n\(text)")
    }

    /// The jobs the coordinator knows, from `preindex status --json`.
    private func jobCount(_ cluster: LocalCluster) throws -> Int {
        let status = try cluster.client(["status", "--json"], timeout: .seconds(20))
        try #require(status.status == 0, "\(status.stderr)")
        return try JSONDecoder().decode(StatusReport.self, from: Data(status.stdout.utf8)).jobs.count
    }

    @Test func aBudgetedPlanRunsOnTheGreenWorkerAndItsModelsComeBackMeasurableWithTheRankingRefitted() throws {
        let started = ContinuousClock.now
        let cluster = try LocalCluster("plan-green", budget: .seconds(150))
        defer { cluster.shutDown() }
        let (jobID, ranking) = try evaluate(Jobs.small, on: cluster)
        let green = cluster.nodeID(Node.green.rawValue)

        // A budget for the two cheapest retrains: at least one fits, and spread would send one of two to IND.
        let options = ["--prefer", "reuse", "--placement", "greenest", "--max-epochs", "2", "--target-accuracy", "0.99"]
        let dryRun = try cluster.client(["decide", jobID, "--json"] + options)
        try #require(dryRun.status == 0, "\(dryRun.stderr)")
        let unbudgeted = try RetrainPlan(jsonData: Data(dryRun.stdout.utf8))
        let estimates = unbudgeted.rows.map(\.kilowattHours.value).sorted()
        try #require(estimates.count >= 2, "too few rows to plan in \(dryRun.stdout)")
        let budget = (estimates[0] + estimates[1]) * 1.001
        let planPath = cluster.directory + "/plan.json"
        let (table, planJobID) = try decideAndSubmit(
            [jobID, "--budget-kwh", String(budget), "--out", planPath] + options, in: cluster)
        let plan = try RetrainPlan(jsonData: try Data(contentsOf: URL(fileURLWithPath: planPath)))
        #expect(!plan.rows.isEmpty && plan.totals.kilowattHours.value <= budget)
        #expect(plan.rows.allSatisfy { $0.node == green && $0.region == "FRA" }, "\(plan.rows.map(\.node))")
        let saving = try line(containing: "Greenest placement saves", in: table)
        // Spread would put one of two retrains on IND, at twelve times FRA's grid intensity.
        #expect(plan.rows.count < 2 || plan.greenestSavesKilogramsCO2eq > 0, "\(table)")

        try cluster.waitForJob(planJobID)
        let outcome = try outcome(of: planJobID, in: cluster)
        #expect(outcome.rows.count == plan.rows.count)
        for row in outcome.rows {
            #expect(row.state == "done" && row.node == green && row.attempts == 1, "\(row)")
            let actual = try #require(row.actual, "row \(row.planned.number) has no actual cost")
            #expect(actual.kilowattHours > 0 && actual.kilogramsCO2eq > 0 && (actual.epochs ?? 0) >= 1)
        }
        let mape = try #require(outcome.kilowattHourMAPE)
        #expect(mape.isFinite)
        let summary = try cluster.client(["ranking", planJobID])
        #expect(summary.status == 0, "\(summary.stderr)")
        let mapeLine = try line(containing: "kWh prediction error (MAPE)", in: summary.stdout)

        // The retrained models: listed, fetched, verified and measurable.
        let list = try cluster.client(["artifacts", "list", planJobID, "--json"])
        try #require(list.status == 0, "\(list.stderr)")
        let listed = try JSONDecoder().decode([ListedArtifact].self, from: Data(list.stdout.utf8))
        #expect(Set(listed.map(\.sha256)) == Set(outcome.rows.compactMap(\.modelSHA256)))
        #expect(listed.count == plan.rows.count && listed.allSatisfy { $0.node == green && $0.name.hasSuffix(".safetensors") })
        #expect(listed.allSatisfy { $0.kind == "model" && $0.job == planJobID && $0.parentSHA256.count == 64 })
        for (index, artifact) in listed.enumerated() {
            let file = cluster.directory + "/retrained-\(index).safetensors"
            let get = try cluster.client(["artifacts", "get", artifact.sha256, "-o", file])
            #expect(get.status == 0, "\(get.stderr)")
            #expect(SHA256.hex(try SHA256.hash(file: file)) == artifact.sha256)
            let measure = try runCommand(
                preindexExecutable,
                ["measure", "--model", file, "--dataset", Jobs.smallDataset, "--shift", "gaussian:0.1", "--samples", "50"],
                timeout: min(.seconds(60), cluster.remaining))
            #expect(measure.status == 0, "\(measure.stderr)")
        }

        // The retrains join the evaluation's ranking: measured rows and more calibration points.
        let refitted = try self.ranking(of: jobID, in: cluster)
        #expect(refitted.rows.filter { $0.actual != nil }.count == plan.rows.count)
        #expect(refitted.calibrations.first?.points == (ranking.calibrations.first?.points ?? 0) + plan.rows.count)

        print("PlanProcessTests: \(plan.rows.count) of \(unbudgeted.rows.count) retrains within \(budget) kWh")
        print("PlanProcessTests: \(saving) (\(plan.greenestSavesKilogramsCO2eq) kg exactly)")
        print("PlanProcessTests: \(mapeLine) (\(mape) exactly)")
        print("PlanProcessTests: green plan test took \(ContinuousClock.now - started)")
    }

    @Test func aRetrainWhoseWorkerIsKilledAfterACheckpointResumesOnTheOtherWorker() throws {
        let started = ContinuousClock.now
        let cluster = try LocalCluster("plan-resume", budget: .seconds(150))
        defer { cluster.shutDown() }
        let (jobID, _) = try evaluate(Jobs.cnn, on: cluster)
        let workers = Dictionary(uniqueKeysWithValues: cluster.processes.filter { $0.name.hasPrefix("worker") }.map {
            (cluster.nodeID(String($0.name.dropFirst("worker ".count))), $0)
        })

        // Four epochs of one retrain, the target out of reach so that none stops early.
        let (_, planJobID) = try decideAndSubmit(
            [jobID, "--prefer", "reuse", "--select", "cnn:gaussian:0.2", "--max-epochs", "4", "--target-accuracy", "1"],
            in: cluster)
        let taskID = try cluster.sqlCount("SELECT id FROM task WHERE jobId = \(planJobID)")
        try cluster.waitUntil("the retrain has uploaded a checkpoint", interval: .milliseconds(50)) {
            try cluster.sqlCount("SELECT count(*) FROM artifact WHERE kind = 'checkpoint' AND taskId = \(taskID)") > 0
        }
        let node = try #require(
            try cluster.sql("SELECT leasedTo FROM task WHERE id = \(taskID) AND state = 'leased'").first,
            "the retrain finished before its worker could be killed:\n\(cluster.tasks)")
        #expect(node == cluster.nodeID(Node.green.rawValue), "greenest placement put the retrain on \(node)")
        let doomed = try #require(workers[node], "no worker named \(node)")
        doomed.signal(SIGKILL)
        #expect(doomed.waitForExit(within: .seconds(10)) != nil && doomed.wasKilledBySignal)

        try cluster.waitForJob(planJobID)
        let row = try #require(try outcome(of: planJobID, in: cluster).rows.first)
        #expect(row.state == "done" && row.attempts == 2, "\(row)\n\(cluster.tasks)")
        #expect(row.node == cluster.nodeID(Node.dirty.rawValue), "\(row)")
        let payload = try #require(
            try cluster.sql("SELECT hex(payload) FROM result WHERE taskId = \(taskID)").first, "no result stored")
        let result = try RetrainTaskResult.decode(try bytes(hex: payload))
        let resumed = try #require(result.resumedFromEpoch, "the second attempt started from the source model")
        #expect(resumed >= 1 && result.totalEpochs == 4, "resumed from \(resumed), \(result.record.epochs) epochs run")
        print("PlanProcessTests: retrain resumed from epoch \(resumed) on \(row.node ?? "?"); took \(ContinuousClock.now - started)")
    }

    @Test func badPlanInputIsRefusedWithOneClearMessageAndNothingSubmitted() throws {
        let started = ContinuousClock.now
        let budgetZero = try preindex("decide", "1", "--budget-kwh", "0")
        #expect(budgetZero.status != 0)
        // One error line; ArgumentParser adds its usage hint below it, as for every invalid option.
        let budgetErrors = budgetZero.stderr.split(separator: "\n").filter { $0.hasPrefix("Error:") }
        #expect(budgetErrors.count == 1 && budgetErrors[0].contains("budget of 0 kWh"), "\(budgetZero.stderr)")

        let cluster = try LocalCluster("plan-refused", budget: .seconds(120))
        defer { cluster.shutDown() }
        let (jobID, _) = try evaluate(Jobs.small, on: cluster)
        let planPath = cluster.directory + "/plan.json"
        let decide = try cluster.client(["decide", jobID, "--prefer", "reuse", "--max-epochs", "1", "--out", planPath])
        try #require(decide.status == 0, "\(decide.stderr)")
        let planText = try String(contentsOfFile: planPath, encoding: .utf8)
        let jobsBefore = try jobCount(cluster)

        let brokenPath = cluster.directory + "/broken-plan.json"
        try Data(planText.dropLast(planText.count / 3).utf8).write(to: URL(fileURLWithPath: brokenPath))
        let broken = try cluster.client(["submit", brokenPath])
        #expect(broken.status != 0)
        #expect(broken.stderr.contains("not valid JSON at line"), "\(broken.stderr)")
        #expect(broken.stderr.split(separator: "\n").count == 1, "\(broken.stderr)")

        var edited = try #require(try JSONSerialization.jsonObject(with: Data(planText.utf8)) as? [String: Any])
        var rows = try #require(edited["rows"] as? [[String: Any]])
        rows[0]["modelSHA256"] = String(repeating: "b", count: 64)
        edited["rows"] = rows
        let editedPath = cluster.directory + "/edited-plan.json"
        try JSONSerialization.data(withJSONObject: edited).write(to: URL(fileURLWithPath: editedPath))
        let tampered = try cluster.client(["submit", editedPath])
        #expect(tampered.status != 0)
        #expect(tampered.stderr.contains("edited"), "\(tampered.stderr)")
        #expect(tampered.stderr.split(separator: "\n").count == 1, "\(tampered.stderr)")

        #expect(try jobCount(cluster) == jobsBefore)
        print("PlanProcessTests: refusal test took \(ContinuousClock.now - started)")
    }
}

/// The bytes of `hex` (as sqlite3's `hex()` prints them).
private func bytes(hex: String) throws -> [UInt8] {
    let digits = Array(hex.utf8)
    guard digits.count % 2 == 0 else { throw ClusterTestError("odd number of hexadecimal digits: \(hex.prefix(40))…") }
    return try stride(from: 0, to: digits.count, by: 2).map { index in
        guard let byte = UInt8(String(decoding: digits[index..<index + 2], as: UTF8.self), radix: 16) else {
            throw ClusterTestError("'\(hex.prefix(40))…' is not hexadecimal")
        }
        return byte
    }
}

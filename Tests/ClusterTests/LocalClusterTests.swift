import Cluster
import Fleet
import Networks
import Foundation
import TestSupport
import Testing

/// Whole jobs through a coordinator and in-process workers running real tasks: phases, reuse, ranking, refusals.
@Suite(.serialized)
struct LocalClusterTests: ServiceFixtures {
    /// A small job: an mlp trained for one epoch, two shift types, four calibration shifts of one epoch each.
    private func tinyJob(name: String = "tiny", calibrated: Bool = true) -> JobSpec {
        JobSpec(
            name: name, dataset: "builtin:shapes?train=200&test=100&seed=3",
            models: [ModelSpec(arch: "mlp", train: TrainSpec(epochs: 1, batchSize: 32, seed: 1))],
            shifts: [ShiftSpec(type: "gaussian", levels: [0.05, 0.2]), ShiftSpec(type: "blur", levels: [1])],
            measure: MeasureSpec(samples: 100),
            calibration: calibrated
                ? CalibrationSpec(
                    shifts: ["gaussian:0.1", "gaussian:0.3", "blur:0.5", "blur:2"], targetAccuracy: 0.99, maxEpochs: 1,
                    batchSize: 50)
                : nil)
    }

    private func withCluster<T>(
        workers: Int = 2, in directory: String = temporaryPath("local-cluster-\(UUID())"),
        _ body: (LocalCluster, ClusterClient, ClusterDatabase) throws -> T
    ) throws -> T {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let database = try ClusterDatabase(path: directory + "/state.sqlite")
        let cluster = try LocalCluster(
            database: database, regions: Array(["FRA", "DEU"].prefix(workers)), artifactDirectory: directory + "/artifacts",
            configuration: fastCoordinator, logger: quietLogger)
        defer { cluster.stop() }
        return try body(cluster, try cluster.client(timeout: .seconds(60)), database)
    }

    private func finish(_ jobID: String, with client: ClusterClient) throws -> Wire.JobProgress {
        try client.waitUntilFinished(jobID: jobID, interval: .milliseconds(50), timeout: .seconds(120))
    }

    @Test func aJobTrainsItsModelThenCalibratesAndMeasuresItAndIsRanked() throws {
        try withCluster { _, client, database in
            let accepted = try client.submit(job: Array(try tinyJob().canonicalJSON()))
            // 1 train + 4 calibrate + 2 measure tasks, only the train task stored at first
            #expect(accepted.taskCount == 7)
            let progress = try finish(accepted.jobID, with: client)
            #expect(progress.total == 7 && progress.done == 7 && progress.failed == 0)
            #expect(try database.job(Int64(accepted.jobID)!)?.state == .done)

            let ranking = try Ranking(jsonData: Data(try client.ranking(jobID: accepted.jobID)))
            #expect(ranking.rows.count == 3)
            #expect(Set(ranking.rows.map(\.shift)) == ["gaussian:0.05", "gaussian:0.2", "blur:1"])
            #expect(ranking.rows.allSatisfy { $0.model == "mlp" && $0.preindex.isFinite })
            #expect(ranking.calibrations.first?.points == 4)
            #expect(Set(ranking.nodes.map(\.region)).isSubset(of: ["FRA", "DEU"]))
            #expect(ranking.total.kilowattHours > 0)
            // The trained model is an artifact of the coordinator, with the train task as its origin
            let models = try database.artifacts(kind: "model")
            #expect(models.count == 1 && models[0].taskID != nil)
        }
    }

    @Test func resubmittingAJobReusesEveryStoredResultAndNoCacheRecomputes() throws {
        try withCluster(workers: 1) { _, client, _ in
            let job = Array(try tinyJob(calibrated: false).canonicalJSON())
            let first = try client.submit(job: job)
            #expect(try finish(first.jobID, with: client).done == 3)

            let again = try client.submit(job: job)
            #expect(again.taskCount == 3 && again.reusedCount == 3)
            let reused = try client.status(jobID: again.jobID)
            #expect(reused.jobs[0].done == 3 && reused.jobs[0].queued == 0)
            #expect(reused.energy.isEmpty, "the reusing job itself spent nothing")
            // Its ranking still names the nodes that computed its results, so a plan can be placed from it.
            let original = try Ranking(jsonData: Data(try client.ranking(jobID: first.jobID)))
            let reusedRanking = try Ranking(jsonData: Data(try client.ranking(jobID: again.jobID)))
            #expect(!reusedRanking.nodes.isEmpty)
            #expect(reusedRanking.nodes.map(\.node) == original.nodes.map(\.node))
            #expect(reusedRanking.total.kilowattHours == original.total.kilowattHours)

            let recomputed = try client.submit(job: job, recompute: true)
            #expect(recomputed.reusedCount == 0)
            #expect(try finish(recomputed.jobID, with: client).done == 3)
        }
    }

    @Test func aRunningJobCanBeCancelledKeepingWhatFinished() throws {
        try withCluster(workers: 1) { _, client, _ in
            let accepted = try client.submit(job: Array(try tinyJob(name: "to-cancel").canonicalJSON()))
            let status = try client.cancel(jobID: accepted.jobID)
            let progress = try #require(status.jobs.first)
            #expect(progress.isFinished)
            #expect(try client.status(jobID: accepted.jobID).jobs[0].queued == 0)
        }
    }

    @Test func badSubmissionsAndQueriesAreAnsweredWithOneClearError() throws {
        try withCluster(workers: 1) { _, client, _ in
            let notJSON = #expect(throws: ClusterClientError.self) { try client.submit(job: Array("{".utf8)) }
            #expect(notJSON?.message.contains("not valid") == true)
            let badShift = #"{"name":"x","dataset":"builtin:shapes","models":[{"arch":"mlp"}],"shifts":[{"type":"fog","levels":[1]}]}"#
            let unknownShift = #expect(throws: ClusterClientError.self) { try client.submit(job: Array(badShift.utf8)) }
            #expect(unknownShift?.message.contains("shifts[0].type") == true)
            let missingArtifact = """
                {"name":"x","dataset":"builtin:shapes","models":[{"file":"m.safetensors","sha256":"\(String(repeating: "a", count: 64))"}],
                 "shifts":[{"type":"blur","levels":[1]}]}
                """
            let artifact = #expect(throws: ClusterClientError.self) { try client.submit(job: Array(missingArtifact.utf8)) }
            #expect(artifact?.message.contains("upload it first") == true)
            let unknownJob = #expect(throws: ClusterClientError.self) { try client.status(jobID: "999") }
            #expect(unknownJob?.message.contains("no job 999") == true)
            let malformedID = #expect(throws: ClusterClientError.self) { try client.ranking(jobID: "seven") }
            #expect(malformedID?.message.contains("not a job identifier") == true)
            // and the coordinator still serves
            let jobs = try client.status().jobs
            #expect(jobs.isEmpty)
        }
    }

    @Test func anUploadedFileIsFetchedBackByItsDigest() throws {
        try withCluster(workers: 1) { cluster, client, _ in
            let source = temporaryPath("upload-\(UUID()).bin")
            defer { removeFile(source) }
            var generator = SystemRandomNumberGenerator()
            let bytes = (0..<(2_500_000)).map { _ in UInt8.random(in: 0...255, using: &generator) }
            try Data(bytes).write(to: URL(fileURLWithPath: source))
            let sha256 = try client.upload(file: source, name: "blob.bin")

            let cacheDirectory = temporaryPath("fetch-cache-\(UUID())")
            defer { try? FileManager.default.removeItem(atPath: cacheDirectory) }
            let fetched = try client.fetch(sha256: sha256, into: try ArtifactCache(directory: cacheDirectory))
            #expect(try Data(contentsOf: URL(fileURLWithPath: fetched)) == Data(bytes))

            let unknown = #expect(throws: ClusterClientError.self) {
                try client.fetch(
                    sha256: String(repeating: "0", count: 64), into: try ArtifactCache(directory: cacheDirectory))
            }
            #expect(unknown?.message.contains("no artifact") == true)
            _ = cluster
        }
    }

    @Test func aPlainCoordinatorBindsOnlyLoopbackUnlessInsecure() throws {
        let plain = ServerSecurity.plain(allowingRemotePeers: false)
        #expect(throws: InsecureEndpointError.self) { try plain.check(bindable: "tcp://0.0.0.0:5555") }
        #expect(throws: InsecureEndpointError.self) { try plain.check(bindable: "tcp://*:5555") }
        for local in ["tcp://127.0.0.1:5555", "tcp://localhost:1", "tcp://[::1]:2", "inproc://x", "ipc:///tmp/x"] {
            try plain.check(bindable: local)
        }
        try ServerSecurity.plain(allowingRemotePeers: true).check(bindable: "tcp://*:5555")
    }
}

/// Retrain plans through a coordinator and in-process workers in two regions.
@Suite(.serialized)
struct LocalClusterPlanTests: ServiceFixtures {
    private func evaluated(
        _ body: (LocalCluster, ClusterClient, ClusterDatabase, Ranking) throws -> Void
    ) throws {
        let directory = temporaryPath("local-plan-\(UUID())")
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let database = try ClusterDatabase(path: directory + "/state.sqlite")
        let cluster = try LocalCluster(
            database: database, regions: ["IND", "FRA"], artifactDirectory: directory + "/artifacts",
            configuration: fastCoordinator, logger: quietLogger)
        defer { cluster.stop() }
        let client = try cluster.client(timeout: .seconds(60))
        let job = JobSpec(
            name: "eval", dataset: "builtin:shapes?train=200&test=100&seed=3",
            models: [ModelSpec(arch: "mlp", train: TrainSpec(epochs: 1, batchSize: 32, seed: 1))],
            shifts: [ShiftSpec(type: "gaussian", levels: [0.05, 0.2]), ShiftSpec(type: "blur", levels: [1])],
            measure: MeasureSpec(samples: 100),
            calibration: CalibrationSpec(
                shifts: ["gaussian:0.1", "gaussian:0.3", "blur:0.5", "blur:2"], targetAccuracy: 0.99, maxEpochs: 2,
                batchSize: 50))
        let accepted = try client.submit(job: Array(try job.canonicalJSON()))
        #expect(try wait(for: accepted.jobID, with: client))
        let ranking = try Ranking(jsonData: Data(try client.ranking(jobID: accepted.jobID)))
        try body(cluster, client, database, ranking)
    }

    private func wait(for jobID: String, with client: ClusterClient) throws -> Bool {
        try client.waitUntilFinished(jobID: jobID, interval: .milliseconds(50), timeout: .seconds(120)).failed == 0
    }

    @Test func aPlanRunsOnTheGreenestWorkerReturnsLoadableModelsAndRefitsTheRanking() throws {
        try evaluated { _, client, database, ranking in
            let plan = try RetrainPlan.make(
                from: ranking, nodes: ranking.nodes.map { PlanNode($0) },
                policy: PlanPolicy(prefer: .reuse, placement: .greenest, targetAccuracy: 0.99, maxEpochs: 2))
            #expect(plan.rows.count == 3)
            #expect(plan.rows.allSatisfy { $0.region == "FRA" })
            let accepted = try client.submit(plan: Array(try plan.jsonData()))
            #expect(try wait(for: accepted.jobID, with: client))

            let outcome = try PlanOutcome(jsonData: Data(try client.ranking(jobID: accepted.jobID)))
            #expect(outcome.rows.count == 3)
            #expect(outcome.rows.allSatisfy { $0.state == "done" && $0.node == "local-2" && $0.actual != nil })
            #expect(outcome.kilowattHourMAPE != nil)
            for row in outcome.rows {
                let sha256 = try #require(row.modelSHA256)
                let record = try #require(try database.artifact(sha256: sha256))
                let path = try #require(record.path)
                #expect(SHA256.hex(try SHA256.hash(file: path)) == sha256)
                _ = try Model(contentsOfFile: path)
                // Lineage: the retrained model's parent is the model the evaluation trained
                let parent = try #require(record.parentSha256)
                #expect(try database.artifact(sha256: parent)?.kind == "model")
                #expect(try database.lineage(ofArtifact: sha256).map(\.sha256) == [sha256, parent])
            }
            // The plan's artifacts are listed over the wire with their parent and job; checkpoints only on request
            let listed = try client.artifacts(kind: "model", jobID: accepted.jobID)
            #expect(Set(listed.map(\.sha256)) == Set(outcome.rows.compactMap(\.modelSHA256)))
            #expect(listed.allSatisfy { $0.jobID == accepted.jobID && !$0.parentSHA256.isEmpty && !$0.taskID.isEmpty })
            #expect(try client.artifacts(kind: "checkpoint", jobID: accepted.jobID).count >= 3)
            let everything = try client.artifacts()
            #expect(everything.count > listed.count)
            let unknown = #expect(throws: ClusterClientError.self) { try client.artifacts(jobID: "999") }
            #expect(unknown?.message.contains("no job 999") == true)
            // The retrains join the calibration: measured rows, more points
            let refitted = try Ranking(jsonData: Data(try client.ranking(jobID: ranking.jobID)))
            #expect(refitted.rows.filter { $0.actual != nil }.count == 3)
            #expect(refitted.calibrations.first?.points == 7)
        }
    }

    @Test func aBadPlanIsRefusedWholeWithOneClearError() throws {
        try evaluated { _, client, database, ranking in
            let plan = try RetrainPlan.make(
                from: ranking, nodes: ranking.nodes.map { PlanNode($0) }, policy: PlanPolicy(maxEpochs: 1))
            let jobsBefore = try database.jobs().count

            var otherJob = plan
            otherJob.jobID = "99"
            let unknownJob = #expect(throws: ClusterClientError.self) {
                try client.submit(plan: Array(try otherJob.jsonData()))
            }
            #expect(unknownJob?.message.contains("job 99") == true)

            var otherModel = plan
            otherModel.rows[0].model = "resnet-huge"
            let unknownModel = #expect(throws: ClusterClientError.self) {
                try client.submit(plan: Array(try otherModel.jsonData()))
            }
            #expect(unknownModel?.message.contains("resnet-huge") == true)

            var tampered = plan
            tampered.rows[0].modelSHA256 = String(repeating: "b", count: 64)
            let tamperedHash = #expect(throws: ClusterClientError.self) {
                try client.submit(plan: Array(try tampered.jsonData()))
            }
            #expect(tamperedHash?.message.contains("edited") == true)

            let notJSON = #expect(throws: ClusterClientError.self) { try client.submit(plan: Array("{\"rows\": [".utf8)) }
            #expect(notJSON?.message.contains("not valid") == true)
            #expect(try database.jobs().count == jobsBefore)

            // Rows can be cancelled only in a plan, and only rows it has
            let rowsOfEvaluation = #expect(throws: ClusterClientError.self) {
                try client.cancel(jobID: ranking.jobID, rows: [1])
            }
            #expect(rowsOfEvaluation?.message.contains("not a retrain plan") == true)
            let accepted = try client.submit(plan: Array(try plan.jsonData()))
            let noSuchRow = #expect(throws: ClusterClientError.self) {
                try client.cancel(jobID: accepted.jobID, rows: [UInt32(plan.rows.count + 1)])
            }
            #expect(noSuchRow?.message.contains("there is no row") == true)
            let status = try client.cancel(jobID: accepted.jobID, rows: [1])
            #expect(status.jobs.first?.total == UInt32(plan.rows.count))
        }
    }

    @Test func aRetrainWhoseWorkerIsLostResumesFromItsLastCheckpointElsewhere() throws {
        let directory = temporaryPath("local-resume-\(UUID())")
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let database = try ClusterDatabase(path: directory + "/state.sqlite")
        let cluster = try LocalCluster(
            database: database, regions: ["FRA", "DEU"], artifactDirectory: directory + "/artifacts",
            configuration: fastCoordinator, logger: quietLogger)
        defer { cluster.stop() }
        let client = try cluster.client(timeout: .seconds(60))
        let job = JobSpec(
            name: "eval", dataset: "builtin:shapes?train=1000&test=200&seed=3",
            models: [ModelSpec(arch: "cnn", train: TrainSpec(epochs: 1, batchSize: 64, seed: 1))],
            shifts: [ShiftSpec(type: "gaussian", levels: [0.2])], measure: MeasureSpec(samples: 100),
            calibration: CalibrationSpec(
                shifts: ["gaussian:0.1", "gaussian:0.3", "blur:0.5", "blur:2"], targetAccuracy: 0.99, maxEpochs: 1,
                batchSize: 100))
        let evaluation = try client.submit(job: Array(try job.canonicalJSON()))
        #expect(try wait(for: evaluation.jobID, with: client))
        let ranking = try Ranking(jsonData: Data(try client.ranking(jobID: evaluation.jobID)))
        // Retrain the row for 4 epochs on local-1
        var plan = try RetrainPlan.make(
            from: ranking, nodes: ranking.nodes.map { PlanNode($0) },
            policy: PlanPolicy(
                prefer: .reuse, selections: [try PlanSelection(parsing: "cnn:gaussian:0.2")], targetAccuracy: 1,
                maxEpochs: 4))
        plan.rows[0].node = "local-1"
        let accepted = try client.submit(plan: Array(try plan.jsonData()))

        // When local-1 vanishes after its first checkpoint and progress report
        let planTask = try #require(try database.tasks(ofJob: Int64(accepted.jobID)!).first)
        let checkpointed = try eventually {
            try !database.artifacts(kind: "checkpoint").isEmpty && !database.energyReports(ofTask: planTask.id!).isEmpty
        }
        #expect(checkpointed)
        cluster.workers[0].abandon()

        // Then local-2 finishes the row from a checkpoint, in fewer epochs than the whole retrain
        #expect(try wait(for: accepted.jobID, with: client))
        let outcome = try PlanOutcome(jsonData: Data(try client.ranking(jobID: accepted.jobID)))
        let row = try #require(outcome.rows.first)
        #expect(row.state == "done" && row.node == "local-2" && row.attempts == 2)
        let task = try #require(try database.tasks(ofJob: Int64(accepted.jobID)!).first)
        let result = try RetrainTaskResult.decode(Array(try #require(try database.result(ofTask: task.id!)).payload))
        let resumed = try #require(result.resumedFromEpoch)
        #expect(resumed >= 1)
        #expect(result.record.epochs == 4 - resumed)
        // and the energy the lost attempt had spent by its last progress report still counts
        let reports = try database.energyReports(ofTask: task.id!)
        #expect(reports.map(\.attempt) == [1, 2])
        #expect(reports.allSatisfy { $0.joules > 0 })
    }
}

import Fleet
import Foundation
import Testing

/// A cooperative package in a cluster job, as users run it: `preindex train --cooperative`, then `preindex submit`
/// of a job naming the package file, a coordinator and a worker as separate processes, and `preindex ranking`.
@Suite(.serialized) struct CooperativeProcessTests {
    private func job(depths: String = "") -> String {
        """
        {"name": "coop", "dataset": "builtin:shapes?train=200&test=100&seed=1",
         "models": [{"file": "coop.safetensors"\(depths)}],
         "shifts": [{"type": "gaussian", "levels": [0.1]}, {"type": "blur", "levels": [1]}],
         "measure": {"samples": 100}}
        """
    }

    private func trainPackage(in cluster: LocalCluster) throws {
        let train = try runCommand(
            preindexExecutable,
            [
                "train", "--cooperative", "--arch", "resnet-mini", "--dataset", "builtin:shapes?train=200&test=100&seed=1",
                "--epochs", "1", "--recalibration-steps", "2", "--out", cluster.directory + "/coop.safetensors",
            ], timeout: .seconds(120))
        try #require(train.status == 0, "\(train.stderr)")
    }

    @Test func aPackageIsSubmittedAsOneMemberPerDepthAndRankedWithItsDepthTradeOff() throws {
        let cluster = try LocalCluster("coop", budget: .seconds(150))
        defer { cluster.shutDown() }
        try trainPackage(in: cluster)
        try cluster.startCoordinator()
        try cluster.startWorker("w")

        let jobID = try cluster.submit(try cluster.writeJob(job()))
        #expect(try cluster.waitForJob(jobID).failed == 0)
        let json = try cluster.client(["ranking", jobID, "--format", "json"])
        try #require(json.status == 0, "\(json.stderr)")
        let ranking = try Ranking(jsonData: Data(json.stdout.utf8))
        // resnet-mini has three residual blocks: depths 3, 2 and 1, each ranked under both shifts.
        #expect(Set(ranking.rows.map(\.model)) == ["coop@3.safetensors", "coop@2.safetensors", "coop@1.safetensors"])
        #expect(ranking.rows.count == 6)
        let tradeOff = try #require(ranking.depthTradeOffs.first)
        #expect(tradeOff.family == "coop" && tradeOff.points.map(\.depth) == [3, 2, 1])
        let flops = tradeOff.points.compactMap(\.megaFLOPs)
        #expect(flops.count == 3 && flops == flops.sorted(by: >), "deeper networks cost more: \(flops)")
        #expect(tradeOff.points.allSatisfy { $0.cleanAccuracy != nil && $0.shiftedAccuracy != nil })

        let table = try cluster.client(["ranking", jobID])
        #expect(table.status == 0 && table.stdout.contains("Depths of coop"), "\(table.stdout)")

        // Chosen depths only; a depth the package lacks is refused before anything is sent.
        let chosen = try cluster.submit(try cluster.writeJob(job(depths: #", "depths": [1, 3]"#), name: "chosen.json"))
        #expect(try cluster.waitForJob(chosen).failed == 0)
        let chosenRanking = try cluster.client(["ranking", chosen, "--format", "json"])
        let chosenModels = Set(try Ranking(jsonData: Data(chosenRanking.stdout.utf8)).rows.map(\.model))
        #expect(chosenModels == ["coop@3.safetensors", "coop@1.safetensors"])
        let missing = try cluster.client(["submit", try cluster.writeJob(job(depths: #", "depths": [7]"#), name: "bad.json")])
        #expect(missing.status != 0 && missing.stderr.contains("no network of depth 7"), "\(missing.stderr)")
    }
}

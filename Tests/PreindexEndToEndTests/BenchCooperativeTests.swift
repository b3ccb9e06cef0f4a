import Foundation
import Testing

/// `preindex bench cooperative` as users run it, on a few images so that it takes seconds.
@Test func benchCooperativeTrainsTheLeaderArchitectureItIsGiven() throws {
    let run = try runCommand(
        preindexExecutable,
        ["bench", "cooperative", "--samples", "16", "--epochs", "1", "--batch", "8", "--leader-arch", "cnn", "--json", "--quiet"],
        timeout: .seconds(120))
    try #require(run.status == 0, "\(run.stderr)")
    let report = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
    #expect(report["architecture"] as? String == "resnet-mini")
    #expect(report["leaderArchitecture"] as? String == "cnn")
    // resnet-mini's three blocks: depths 3, 2 and 1 for each of the two Teammates.
    #expect((report["rows"] as? [Any])?.count == 6)
}

@Test func benchCooperativeTrainsTheTwinsForTheirOwnEpochsWhenAsked() throws {
    let run = try runCommand(
        preindexExecutable,
        ["bench", "cooperative", "--arch", "cnn", "--samples", "16", "--epochs", "1", "--twin-epochs", "2", "--batch", "8", "--quiet"],
        timeout: .seconds(120))
    try #require(run.status == 0, "\(run.stderr)")
    #expect(run.stdout.contains("1 epochs cooperative, 2 epochs alone"))
}

@Test func benchCooperativeRefusesTwinEpochsBelowOne() throws {
    let run = try runCommand(preindexExecutable, ["bench", "cooperative", "--twin-epochs", "0"], timeout: .seconds(60))
    #expect(run.status != 0)
    #expect(run.stderr.contains("--twin-epochs must be at least 1, got 0"))
}

import ArgumentParser

/// The `preindex` command: configuration only; each subcommand lives in its own file.
@main
struct Preindex: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "preindex",
        abstract: "Estimate what retraining each model costs under each distribution shift, before spending it.",
        version: "0.1.0",
        subcommands: [
            Demo.self, Train.self, Measure.self, Retrain.self, Calibrate.self, Estimate.self, CoordinatorCommand.self,
            WorkerCommand.self, SubmitCommand.self, StatusCommand.self, RankingCommand.self, CancelCommand.self,
            DecideCommand.self, ArtifactsCommand.self, ReportCommand.self, Keygen.self, Bench.self,
        ]
    )
}

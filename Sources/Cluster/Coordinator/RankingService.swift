/// Answers ranking queries from the stored results of a job.
final class RankingService {
    private let database: ClusterDatabase
    private let jobs: JobService

    init(database: ClusterDatabase, jobs: JobService) {
        self.database = database
        self.jobs = jobs
    }

    /// The ranking of the job the query names, as JSON, or an Error.
    func answer(_ query: Wire.RankingQuery) -> Wire.Envelope.Body {
        .error(Wire.ErrorReply(code: .internal, message: "ranking is being built"))
    }
}

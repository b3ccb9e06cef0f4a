import GRDB

// Energy accounting: what each node spent, and the cluster's total.

extension ClusterDatabase {
    /// Energy and emissions per node (and region and method), from every stored report, by node identifier.
    ///
    /// - Parameters:
    ///   - jobID: Only the tasks of this job, or `nil` for all jobs.
    ///   - countingReusedResults: Also the tasks whose stored results the job reused (what its results cost when
    ///     they were computed); `false` counts only what the job itself spent.
    public func energyByNode(job jobID: Int64? = nil, countingReusedResults: Bool = false) throws(StoreError)
        -> [EnergyTotal]
    {
        try read("summing energy per node") { db in
            let rows = try Row.fetchAll(
                db,
                sql: """
                    SELECT energy.nodeId AS nodeId, energy.region AS region, energy.method AS method,
                           COUNT(DISTINCT energy.taskId) AS tasks, TOTAL(energy.joules) AS joules,
                           TOTAL(energy.kgCO2eq) AS kgCO2eq
                    FROM energy JOIN task ON task.id = energy.taskId
                    WHERE ?1 IS NULL OR task.jobId = ?1
                       OR (?2 AND task.id IN (SELECT reusedFrom FROM task WHERE jobId = ?1 AND reusedFrom IS NOT NULL))
                    GROUP BY energy.nodeId, energy.region, energy.method
                    ORDER BY energy.nodeId, energy.region, energy.method
                    """,
                arguments: [jobID, countingReusedResults])
            return rows.map { row in
                EnergyTotal(
                    nodeID: row["nodeId"], region: row["region"], method: row["method"], tasks: row["tasks"],
                    joules: row["joules"], kgCO2eq: row["kgCO2eq"])
            }
        }
    }

    /// Energy and emissions of the whole cluster, from every stored report.
    ///
    /// - Parameter jobID: Only the tasks of this job, or `nil` for all jobs.
    public func energyTotal(job jobID: Int64? = nil) throws(StoreError) -> EnergyTotal {
        try read("summing energy") { db in
            let row = try Row.fetchOne(
                db,
                sql: """
                    SELECT COUNT(DISTINCT energy.taskId) AS tasks, TOTAL(energy.joules) AS joules,
                           TOTAL(energy.kgCO2eq) AS kgCO2eq
                    FROM energy JOIN task ON task.id = energy.taskId
                    WHERE ?1 IS NULL OR task.jobId = ?1
                    """,
                arguments: [jobID])
            return EnergyTotal(
                nodeID: nil, region: nil, method: nil, tasks: row?["tasks"] ?? 0, joules: row?["joules"] ?? 0,
                kgCO2eq: row?["kgCO2eq"] ?? 0)
        }
    }

    /// Energy and emissions of each of `taskIDs` that reported any, summed over its attempts, by task.
    public func energyByTask(_ taskIDs: some Collection<Int64>) throws(StoreError) -> [Int64: EnergyTotal] {
        guard !taskIDs.isEmpty else { return [:] }
        return try read("summing energy per task") { db in
            let rows = try Row.fetchAll(
                db,
                sql: """
                    SELECT taskId, COUNT(*) AS reports, TOTAL(joules) AS joules, TOTAL(kgCO2eq) AS kgCO2eq
                    FROM energy WHERE taskId IN (\(taskIDs.map { _ in "?" }.joined(separator: ",")))
                    GROUP BY taskId
                    """,
                arguments: StatementArguments(Array(taskIDs)))
            return Dictionary(
                uniqueKeysWithValues: rows.map { row in
                    (
                        row["taskId"] as Int64,
                        EnergyTotal(
                            nodeID: nil, region: nil, method: nil, tasks: 1, joules: row["joules"],
                            kgCO2eq: row["kgCO2eq"])
                    )
                })
        }
    }

    /// The energy reports of task `taskID`, one per attempt that reported (a lost attempt keeps what its progress
    /// reports last said), by attempt.
    public func energyReports(ofTask taskID: Int64) throws(StoreError) -> [EnergyRecord] {
        try read("reading the energy of task \(taskID)") { db in
            try EnergyRecord.filter(EnergyRecord.Columns.taskID == taskID).order(EnergyRecord.Columns.attempt).fetchAll(db)
        }
    }
}

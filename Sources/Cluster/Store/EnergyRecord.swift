import Foundation
import GRDB

/// Energy one attempt of a task used on one node: one row of table `energy`.
///
/// Kept for every attempt that reported, including attempts whose result was a duplicate or stale: the energy
/// was spent all the same. A report sent twice for the same attempt is counted once.
public struct EnergyRecord: Codable, Hashable, Sendable {
    /// The row's identifier; `nil` until inserted.
    public var id: Int64?
    /// The task the energy was spent on.
    public var taskID: Int64
    /// The attempt that spent it.
    public var attempt: Int
    /// The node that spent it.
    public var nodeID: String
    /// The node's grid region code.
    public var region: String
    /// How the energy was measured ("rapl", "cpu-time-model").
    public var method: String
    /// Energy used, in joules.
    public var joules: Double
    /// CPU time used, in seconds, summed over threads.
    public var cpuSeconds: Double
    /// Elapsed time, in seconds.
    public var wallSeconds: Double
    /// Grid carbon intensity, in g CO2eq per kWh.
    public var gridIntensity: Double
    /// Emissions: kWh × intensity, in kg CO2eq.
    public var kgCO2eq: Double
    /// When it was stored.
    public var createdAt: Date

    /// Creates the value from its fields.
    public init(
        id: Int64? = nil, taskID: Int64, attempt: Int, nodeID: String, region: String, method: String,
        joules: Double, cpuSeconds: Double, wallSeconds: Double, gridIntensity: Double, kgCO2eq: Double,
        createdAt: Date
    ) {
        self.id = id
        self.taskID = taskID
        self.attempt = attempt
        self.nodeID = nodeID
        self.region = region
        self.method = method
        self.joules = joules
        self.cpuSeconds = cpuSeconds
        self.wallSeconds = wallSeconds
        self.gridIntensity = gridIntensity
        self.kgCO2eq = kgCO2eq
        self.createdAt = createdAt
    }

    /// The row for `report` of attempt `attempt` of task `taskID`, with its emissions computed.
    ///
    /// - Throws: ``StoreError/Code/malformedPayload`` when a quantity is negative, infinite or NaN.
    init(taskID: Int64, attempt: Int, report: Wire.EnergyReport, createdAt: Date) throws(StoreError) {
        let quantities = [
            ("joules", report.joules), ("cpuSeconds", report.cpuSeconds), ("wallSeconds", report.wallSeconds),
            ("gridIntensity", report.gridIntensity),
        ]
        for (name, value) in quantities where !(value.isFinite && value >= 0) {
            throw StoreError.malformed(
                "the energy report of task \(taskID) attempt \(attempt) from node \(report.nodeID)",
                "has \(name) = \(value); expected a finite number ≥ 0")
        }
        self.init(
            taskID: taskID, attempt: attempt, nodeID: report.nodeID, region: report.region, method: report.method,
            joules: report.joules, cpuSeconds: report.cpuSeconds, wallSeconds: report.wallSeconds,
            gridIntensity: report.gridIntensity,
            kgCO2eq: report.joules / EnergyUnits.joulesPerKilowattHour * report.gridIntensity / 1000,
            createdAt: createdAt)
    }

    private enum CodingKeys: String, CodingKey {
        case id
        case taskID = "taskId"
        case attempt
        case nodeID = "nodeId"
        case region, method, joules, cpuSeconds, wallSeconds, gridIntensity, kgCO2eq, createdAt
    }
}

extension EnergyRecord: FetchableRecord, MutablePersistableRecord {
    /// The table's name.
    public static var databaseTableName: String { "energy" }

    /// Takes the identifier SQLite gave the new row.
    public mutating func didInsert(_ inserted: InsertionSuccess) {
        id = inserted.rowID
    }

    /// The table's columns, for queries.
    public enum Columns {
        /// Column `id`.
        public static let id = Column(CodingKeys.id)
        /// Column `taskId`.
        public static let taskID = Column(CodingKeys.taskID)
        /// Column `attempt`.
        public static let attempt = Column(CodingKeys.attempt)
        /// Column `nodeId`.
        public static let nodeID = Column(CodingKeys.nodeID)
        /// Column `region`.
        public static let region = Column(CodingKeys.region)
        /// Column `method`.
        public static let method = Column(CodingKeys.method)
        /// Column `joules`.
        public static let joules = Column(CodingKeys.joules)
        /// Column `cpuSeconds`.
        public static let cpuSeconds = Column(CodingKeys.cpuSeconds)
        /// Column `wallSeconds`.
        public static let wallSeconds = Column(CodingKeys.wallSeconds)
        /// Column `gridIntensity`.
        public static let gridIntensity = Column(CodingKeys.gridIntensity)
        /// Column `kgCO2eq`.
        public static let kgCO2eq = Column(CodingKeys.kgCO2eq)
        /// Column `createdAt`.
        public static let createdAt = Column(CodingKeys.createdAt)
    }
}

/// Unit conversions of energy accounting.
public enum EnergyUnits {
    /// Joules in one kilowatt-hour.
    public static let joulesPerKilowattHour = 3_600_000.0
}

import Foundation

extension RetrainPlan {
    /// The plan as JSON, with the encoder of ``Ranking/makeJSONEncoder(prettyPrinted:)`` (sorted keys).
    public func jsonData(prettyPrinted: Bool = true) throws(FleetError) -> Data {
        try FleetJSON.encode(self, prettyPrinted: prettyPrinted, what: "the plan of job \(jobID)")
    }

    /// Reads and checks a plan written by ``jsonData(prettyPrinted:)``, perhaps edited since.
    ///
    /// The version is read first, so a plan of another format is refused as such rather than as malformed.
    ///
    /// - Throws: ``FleetError/Code/invalidPlan`` for data that is not JSON, a plan of another version, a missing
    ///   or malformed field, or a value out of range (``validate()``).
    public init(jsonData: Data) throws(FleetError) {
        struct Header: Decodable { var version: Int? }
        let header = try FleetJSON.decode(Header.self, from: jsonData, name: "plan", code: .invalidPlan)
        guard let version = header.version else {
            throw FleetError(.invalidPlan, "the plan JSON has no \"version\"; is it a plan written by preindex decide?")
        }
        guard version == Self.currentVersion else {
            throw Self.unreadableVersion(version)
        }
        self = try FleetJSON.decode(RetrainPlan.self, from: jsonData, name: "plan", code: .invalidPlan)
        try validate()
    }
}

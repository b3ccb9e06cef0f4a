import Networks

/// The JSON in a package file's `preindex.cooperative` metadata.
public struct CooperativeManifest: Codable, Hashable, Sendable {
    /// The format version this build writes and reads.
    public static let currentVersion = 1

    public var version: Int
    /// The Leader's architecture.
    public var leader: Architecture
    /// Both Teammates' architecture (full depth).
    public var teammate: Architecture
    /// The configuration the package was trained with (skip orders, depths, weights, temperature).
    public var configuration: CooperativeConfiguration
    /// Depth, skipped blocks, MFLOPs and test accuracy of each Teammate network.
    public var depthTable: [DepthRow]

    public init(leader: Architecture, teammate: Architecture, configuration: CooperativeConfiguration, depthTable: [DepthRow]) {
        version = Self.currentVersion
        self.leader = leader
        self.teammate = teammate
        self.configuration = configuration
        self.depthTable = depthTable
    }
}

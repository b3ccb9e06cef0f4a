import Foundation
import Networks
import Tensors

/// Package files: one `.safetensors` file holding the three networks' `state_dict`s under the
/// prefixes `leader.`, `teammate-a.` and `teammate-b.`, and in the `__metadata__` entry
/// `preindex.cooperative` a JSON ``CooperativeManifest``: both architectures, the configuration
/// (skip orders included) and the depth table. Sub-networks' own BatchNorm statistics
/// (``batchNormStatistics``), when recalibrated, are stored as `teammate-b@1.<buffer name>`.
extension CooperativePackage {
    /// The metadata key holding the manifest JSON.
    public static let manifestMetadataKey = "preindex.cooperative"

    /// The tensor-name prefix of `member`'s network (`leader.`, `teammate-a.`, `teammate-b.`).
    static func prefix(_ network: String) -> String { network + "." }

    /// Whether the file at `path` is a readable safetensors file carrying a package manifest (so it is meant as a
    /// package, whether or not the rest of it is valid); `false` for plain model files and unreadable files.
    public static func isPackage(atPath path: String) -> Bool {
        (try? SafeTensors(contentsOfFile: path))?.metadata[manifestMetadataKey] != nil
    }

    /// Reads a package file.
    ///
    /// - Throws: ``CooperativeError/Code/invalidPackage`` for a truncated or corrupt file, a file
    ///   without a valid manifest (a plain model file), or tensors that do not fit the architectures.
    public init(contentsOfFile path: String) throws(CooperativeError) {
        let file: SafeTensors
        do {
            file = try SafeTensors(contentsOfFile: path)
        } catch {
            throw CooperativeError(.invalidPackage, "\(path) is not a readable cooperative package: \(error.message)")
        }
        guard let json = file.metadata[Self.manifestMetadataKey] else {
            throw CooperativeError(
                .invalidPackage,
                "\(path) has no \(Self.manifestMetadataKey) metadata, so it is not a cooperative package; "
                    + "write one with `preindex train --cooperative`")
        }
        let manifest: CooperativeManifest
        do {
            manifest = try JSONDecoder().decode(CooperativeManifest.self, from: Data(json.utf8))
        } catch {
            throw CooperativeError(.invalidPackage, "\(path): the \(Self.manifestMetadataKey) metadata is not a valid manifest")
        }
        guard manifest.version == CooperativeManifest.currentVersion else {
            throw CooperativeError(
                .invalidPackage,
                "\(path) is a version \(manifest.version) package; this preindex reads version \(CooperativeManifest.currentVersion)")
        }
        do {
            try manifest.configuration.validate(for: manifest.teammate)
        } catch {
            throw CooperativeError(.invalidPackage, "\(path): \(error.message)")
        }
        do {
            self.init(
                leader: try Model(manifest.leader, tensorsIn: file, prefix: Self.prefix("leader")),
                teammateA: try Model(manifest.teammate, tensorsIn: file, prefix: Self.prefix(Teammate.a.rawValue)),
                teammateB: try Model(manifest.teammate, tensorsIn: file, prefix: Self.prefix(Teammate.b.rawValue)),
                configuration: manifest.configuration, depthTable: manifest.depthTable, batchNormStatistics: [:])
        } catch {
            throw CooperativeError(.invalidPackage, error.message)
        }
        for row in depthTable where !row.skippedBlocks.isEmpty {
            let prefix = Self.prefix(row.member.description)
            var statistics: [String: Tensor] = [:]
            for entry in file.entries where entry.name.hasPrefix(prefix) {
                do {
                    statistics[String(entry.name.dropFirst(prefix.count))] = try file.tensor(entry.name)
                } catch {
                    throw CooperativeError(.invalidPackage, error.message)
                }
            }
            if !statistics.isEmpty {
                batchNormStatistics[row.member] = statistics
                do { _ = try model(of: row) } catch { throw CooperativeError(.invalidPackage, "\(path): \(error.message)") }
            }
        }
        let offered = Set(depths)
        if let bad = depthTable.first(where: { !offered.contains($0.depth) || $0.skippedBlocks != skippedBlocks($0.teammate, depth: $0.depth) }) {
            throw CooperativeError(
                .invalidPackage, "\(path): the depth table's row \(bad.member) does not match the package's configuration")
        }
    }

    /// Writes the package as one `.safetensors` file (atomically).
    ///
    /// - Throws: ``CooperativeError/Code/invalidPackage`` when the file cannot be written.
    public func write(toFile path: String) throws(CooperativeError) {
        let manifest = CooperativeManifest(
            leader: leader.architecture, teammate: teammateArchitecture, configuration: configuration,
            depthTable: depthTable)
        let json: String
        do {
            let encoder = JSONEncoder()
            encoder.outputFormatting = .sortedKeys
            json = String(decoding: try encoder.encode(manifest), as: UTF8.self)
        } catch {
            throw CooperativeError(.invalidPackage, "cannot encode the package manifest: \(error)")
        }
        var writer = SafeTensorsWriter(metadata: [Self.manifestMetadataKey: json, "format": "pt"])
        do {
            try leader.append(to: &writer, prefix: Self.prefix("leader"))
            try teammateA.append(to: &writer, prefix: Self.prefix(Teammate.a.rawValue))
            try teammateB.append(to: &writer, prefix: Self.prefix(Teammate.b.rawValue))
            for row in depthTable {
                guard let statistics = batchNormStatistics[row.member] else { continue }
                for (name, value) in statistics.sorted(by: { $0.key < $1.key }) {
                    try writer.append(Self.prefix(row.member.description) + name, value)
                }
            }
            try writer.write(toFile: path)
        } catch {
            throw CooperativeError(.invalidPackage, "cannot write \(path): \(error.message)")
        }
    }
}

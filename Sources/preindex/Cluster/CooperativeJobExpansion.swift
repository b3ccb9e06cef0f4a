import ArgumentParser
import Cluster
import Cooperative
import Foundation

/// Turns each cooperative package a job names into one plain model file per depth, so that the coordinator, the
/// workers and the ranking see the package as a family of fleet members `NAME@DEPTH` (see `Fleet.DepthTradeOff`)
/// and need nothing cooperative themselves.
///
/// A model entry `{"file": "coop.safetensors"}` whose file carries a package manifest becomes
/// `{"file": ".../coop@3.safetensors"}`, `{"file": ".../coop@2.safetensors"}`, … deepest first: every depth of the
/// package, or those of `"depths"`. Each is the more accurate Teammate's network of that depth
/// (`CooperativePackage.member(depth:)`), written under `directory`, keyed by the package's sha256 so a second
/// submission reuses the files (and so the coordinator's stored results).
struct CooperativeJobExpansion {
    /// Where the extracted member files go.
    var directory: String

    /// `spec` with every cooperative package expanded; `resolve` turns a file name of the job into a path.
    func expand(_ spec: JobSpec, resolve: (String) -> String) throws -> JobSpec {
        var expanded = spec
        expanded.models = []
        for (index, model) in spec.models.enumerated() {
            guard let file = model.file, CooperativePackage.isPackage(atPath: resolve(file)) else {
                if model.depths != nil {
                    throw ValidationError(
                        "models[\(index)] gives \"depths\", but '\(model.file ?? model.arch ?? "")' is not a cooperative "
                            + "package; write one with `preindex train --cooperative`, or remove \"depths\"")
                }
                expanded.models.append(model)
                continue
            }
            expanded.models += try members(of: resolve(file), named: file, depths: model.depths, at: index)
        }
        return expanded
    }

    /// One model entry per chosen depth of the package at `path`, deepest first.
    private func members(of path: String, named file: String, depths: [Int]?, at index: Int) throws -> [ModelSpec] {
        let package: CooperativePackage
        do {
            package = try CooperativePackage(contentsOfFile: path)
        } catch {
            throw ValidationError("models[\(index)]: \(error.message)")
        }
        let offered = Set(package.depthTable.map(\.depth))
        let chosen = (depths ?? Array(offered)).sorted(by: >)
        if let missing = chosen.first(where: { !offered.contains($0) }) {
            throw ValidationError(
                "models[\(index)]: the package \(file) has no network of depth \(missing); its depths are "
                    + offered.sorted().map(String.init).joined(separator: ", "))
        }
        let digest = SHA256.hex(try SHA256.hash(file: path))
        let folder = directory + "/" + digest.prefix(16)
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let stem = URL(fileURLWithPath: file).deletingPathExtension().lastPathComponent
        return try chosen.map { depth in
            let member = "\(folder)/\(stem)@\(depth).safetensors"
            if !FileManager.default.fileExists(atPath: member) {
                let partial = member + ".partial"
                try package.member(depth: depth).write(toFile: partial)
                guard rename(partial, member) == 0 else {
                    throw ValidationError("cannot write \(member): \(String(cString: strerror(errno)))")
                }
            }
            return ModelSpec(file: member)
        }
    }
}

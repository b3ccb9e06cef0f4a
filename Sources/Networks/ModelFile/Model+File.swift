import Foundation
import Tensors

/// Model files: one `.safetensors` file whose tensors are the PyTorch `state_dict` (OIHW conv
/// weights, BatchNorm `weight`/`bias`/`running_mean`/`running_var`/`num_batches_tracked`) and whose
/// `__metadata__` entry `preindex.arch` holds the ``Architecture`` as JSON.
///
/// A PyTorch user can `safetensors.torch.save_file(model.state_dict(), path, metadata={"preindex.arch": …})`
/// and load the result here; files written here load into the matching PyTorch module.
extension Model {
    /// The metadata key holding the architecture JSON.
    public static let architectureMetadataKey = "preindex.arch"

    /// Reads a model file.
    ///
    /// - Parameters:
    ///   - path: the `.safetensors` file.
    ///   - architecture: the architecture to use when the file has no `preindex.arch` metadata
    ///     (a plain PyTorch export); ignored otherwise.
    /// - Throws: ``ModelError`` with code `invalidFile` for a truncated or corrupt file or missing
    ///   architecture, and the codes of ``load(stateDict:)`` for names and shapes that do not match.
    public init(contentsOfFile path: String, architecture fallback: Architecture? = nil) throws(ModelError) {
        let file: SafeTensors
        do {
            file = try SafeTensors(contentsOfFile: path)
        } catch {
            throw ModelError(.invalidFile, error.message)
        }
        let architecture: Architecture
        if let json = file.metadata[Self.architectureMetadataKey] {
            do {
                architecture = try JSONDecoder().decode(Architecture.self, from: Data(json.utf8))
            } catch {
                throw ModelError(
                    .invalidFile,
                    "\(path): the \(Self.architectureMetadataKey) metadata is not a valid architecture: \(json)")
            }
        } else if let fallback {
            architecture = fallback
        } else {
            throw ModelError(
                .invalidFile,
                "\(path) has no \(Self.architectureMetadataKey) metadata; add it when saving, or name the architecture")
        }
        do {
            try self.init(architecture)
        } catch {
            throw ModelError(error.code, "\(path): \(error.message)")
        }
        var tensors: [String: Tensor] = [:]
        for entry in file.entries where !Self.isIgnoredOnLoad(entry.name) {
            guard entry.dtype.isFloatingPoint else {
                throw ModelError(
                    .invalidFile, "\(path): tensor '\(entry.name)' has dtype \(entry.dtype), parameters must be floating point")
            }
            do { tensors[entry.name] = try file.tensor(entry.name) } catch { throw ModelError(.invalidFile, error.message) }
        }
        do {
            try load(stateDict: tensors)
        } catch {
            throw ModelError(error.code, "\(path): \(error.message)")
        }
    }

    /// Writes the model as `.safetensors` (atomically: a crash never leaves half a file).
    ///
    /// Each BatchNorm also gets PyTorch's int64 `num_batches_tracked` (0), so a strict
    /// `load_state_dict` in PyTorch accepts the file.
    public func write(toFile path: String) throws(ModelError) {
        let json: String
        do {
            let encoder = JSONEncoder()
            encoder.outputFormatting = .sortedKeys
            json = String(decoding: try encoder.encode(architecture), as: UTF8.self)
        } catch {
            throw ModelError(.invalidFile, "cannot encode the architecture: \(error)")
        }
        do {
            var writer = SafeTensorsWriter(metadata: [Self.architectureMetadataKey: json, "format": "pt"])
            for (name, value) in stateDict {
                try writer.append(name, value)
                if name.hasSuffix(".running_var") {
                    let prefix = name.dropLast(".running_var".count)
                    try writer.append(prefix + ".num_batches_tracked", integers: [0], shape: [])
                }
            }
            try writer.write(toFile: path)
        } catch {
            throw ModelError(.invalidFile, "cannot write \(path): \(error.message)")
        }
    }
}

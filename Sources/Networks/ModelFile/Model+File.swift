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
        try self.init(architecture, tensorsIn: file, prefix: "")
    }

    /// A model of `architecture` whose parameters are the tensors of `file` named `prefix` + their
    /// `state_dict` name: one model of a file that holds several (such as a cooperative package).
    ///
    /// Tensors with other prefixes are not looked at; a sub-network (``Architecture/skippedBlocks``)
    /// takes the tensors it uses from a file of its full network.
    ///
    /// - Throws: ``ModelError`` with code `invalidFile` for a tensor that cannot be read or is not
    ///   floating point, and the codes of ``load(stateDict:)`` for names and shapes that do not match;
    ///   messages name `file.source`.
    public init(_ architecture: Architecture, tensorsIn file: SafeTensors, prefix: String) throws(ModelError) {
        let path = file.source
        do {
            try self.init(architecture)
        } catch {
            throw ModelError(error.code, "\(path): \(error.message)")
        }
        let wanted = Set(parameters.map(\.name))
        let fullFile = prefix.isEmpty && architecture.skippedBlocks.isEmpty
        var tensors: [String: Tensor] = [:]
        for entry in file.entries where entry.name.hasPrefix(prefix) {
            let name = String(entry.name.dropFirst(prefix.count))
            guard !Self.isIgnoredOnLoad(name), fullFile || wanted.contains(name) else { continue }
            guard entry.dtype.isFloatingPoint else {
                throw ModelError(
                    .invalidFile, "\(path): tensor '\(entry.name)' has dtype \(entry.dtype), parameters must be floating point")
            }
            do { tensors[name] = try file.tensor(entry.name) } catch { throw ModelError(.invalidFile, error.message) }
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
        var writer = SafeTensorsWriter(metadata: [Self.architectureMetadataKey: try architecture.jsonString(), "format": "pt"])
        do {
            try append(to: &writer, prefix: "")
            try writer.write(toFile: path)
        } catch {
            throw ModelError(.invalidFile, "cannot write \(path): \(error.message)")
        }
    }

    /// Appends the `state_dict` to `writer`, each name prefixed with `prefix`, with PyTorch's int64
    /// `num_batches_tracked` (0) after each BatchNorm: how ``write(toFile:)`` and files holding
    /// several models store a model.
    ///
    /// - Throws: `SafeTensorsError` when a name is already in `writer`.
    public func append(to writer: inout SafeTensorsWriter, prefix: String) throws(SafeTensorsError) {
        for (name, value) in stateDict {
            try writer.append(prefix + name, value)
            if name.hasSuffix(".running_var") {
                let batchNorm = name.dropLast(".running_var".count)
                try writer.append(prefix + batchNorm + ".num_batches_tracked", integers: [0], shape: [])
            }
        }
    }
}

extension Architecture {
    /// The architecture as the compact JSON (sorted keys) stored in model files' metadata.
    ///
    /// - Throws: ``ModelError/Code/invalidFile`` when it cannot be encoded (a non-finite normalisation).
    public func jsonString() throws(ModelError) -> String {
        do {
            let encoder = JSONEncoder()
            encoder.outputFormatting = .sortedKeys
            return String(decoding: try encoder.encode(self), as: UTF8.self)
        } catch {
            throw ModelError(.invalidFile, "cannot encode the architecture: \(error)")
        }
    }
}

import Tensors

/// Saving and loading parameters by PyTorch `state_dict` name.
extension Model {
    /// Every parameter and buffer as `(name, value)` in `state_dict` order.
    public var stateDict: [(name: String, value: Tensor)] {
        parameters.map { ($0.name, $0.value) }
    }

    /// Names PyTorch saves that carry no information for PreIndex, accepted and ignored on load.
    static func isIgnoredOnLoad(_ name: String) -> Bool {
        name.hasSuffix(".num_batches_tracked")
    }

    /// Replaces every parameter and buffer with the tensor of the same name in `tensors`.
    ///
    /// All names are checked before anything changes, so a failed load leaves the model as it was.
    ///
    /// - Throws: ``ModelError`` with code `unknownParameter` for a name the architecture lacks,
    ///   `missingParameter` for a parameter absent from `tensors`, `parameterShape` for a shape
    ///   mismatch, and `invalidInput` for NaN or infinite values.
    public mutating func load(stateDict tensors: [String: Tensor]) throws(ModelError) {
        let own = Dictionary(uniqueKeysWithValues: parameters.map { ($0.name, $0.value.shape) })
        let arch = architecture.name.rawValue
        if let unknown = tensors.keys.sorted().first(where: { own[$0] == nil && !Self.isIgnoredOnLoad($0) }) {
            throw ModelError(.unknownParameter, "tensor '\(unknown)' is not a parameter of \(arch)")
        }
        for (name, shape) in own.sorted(by: { $0.key < $1.key }) {
            guard let tensor = tensors[name] else {
                throw ModelError(.missingParameter, "parameter '\(name)' of \(arch) is missing")
            }
            guard tensor.shape == shape else {
                throw ModelError(
                    .parameterShape, "parameter '\(name)' has shape \(tensor.shape), but \(arch) needs \(shape)")
            }
            do { try tensor.checkFinite("parameter '\(name)'") } catch { throw ModelError(.invalidInput, error.message) }
        }
        visitParameters { $0.value = tensors[$0.name]! }
    }
}

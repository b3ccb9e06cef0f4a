import Tensors

/// Passes over part of a network: a range of its top-level layers (`network.layers`), forward or
/// backward.
///
/// Consecutive ranges chain into the whole pass (``Sequential/forward(_:layers:context:)``), so a
/// pass can stop at a layer, keep the activation entering it, and resume from there. Sub-networks
/// that skip residual blocks (``Architecture/skippedBlocks``) compute exactly their full network's
/// activations up to their ``branchPoint(skipping:)``: they can share that prefix, run only their
/// own suffix from the kept activation, and send the gradient at the branch point back through the
/// shared prefix once (module `Cooperative` trains and re-estimates BatchNorm statistics this way).
extension Model {
    /// The number of top-level layers: ranges of ``forward(_:layers:context:)`` lie in `0...layerCount`.
    public var layerCount: Int { network.layers.count }

    /// Runs the top-level layers at `range` forward. From layer 0 `input` is the images (checked and
    /// normalised as ``forward(_:context:)`` does); from any other layer it is the activation that
    /// entered that layer, as an earlier pass returned it.
    ///
    /// - Throws: ``ModelError/Code/invalidInput`` when `input` does not fit the layers or the images
    ///   hold NaN/∞.
    /// - Precondition: `range` lies within `0...layerCount`.
    public mutating func forward(_ input: Tensor, layers range: Range<Int>, context: ForwardContext = .inference)
        throws(ModelError) -> Tensor
    {
        var x = input
        if range.lowerBound == 0 && !range.isEmpty {
            try checkInput(input)
            x = architecture.normalization?.apply(to: input) ?? input
        }
        do {
            return try network.forward(x, layers: range, context: context)
        } catch {
            throw ModelError(.invalidInput, error.message)
        }
    }

    /// A whole forward pass that also returns the activation entering each layer of `layers`
    /// (`layerCount` gives the logits, 0 the images): what a later pass over a suffix resumes from.
    ///
    /// - Throws: ``ModelError/Code/invalidInput`` as ``forward(_:context:)`` does.
    /// - Precondition: every index lies within `0...layerCount`.
    public mutating func forward(
        _ images: Tensor, context: ForwardContext = .inference, keepingInputsOf layers: Set<Int>
    ) throws(ModelError) -> (logits: Tensor, inputs: [Int: Tensor])
    {
        var x = images
        var start = 0
        var inputs: [Int: Tensor] = [:]
        for end in layers.union([layerCount]).sorted() {
            x = try forward(x, layers: start..<end, context: context)
            if layers.contains(end) { inputs[end] = x }
            start = end
        }
        return (x, inputs)
    }

    /// Back-propagates `gradOutput`, the gradient of the output of the layers at `range`, through
    /// them after their training forward pass, accumulating parameter gradients; returns the gradient
    /// of what entered `range.lowerBound`.
    ///
    /// - Precondition: `range` lies within `0...layerCount`.
    public mutating func backward(_ gradOutput: Tensor, layers range: Range<Int>) -> Tensor {
        network.backward(gradOutput, layers: range)
    }

    /// The index of the first top-level layer that differs in the sub-network skipping `blocks`:
    /// the first of them in network order; `layerCount` when none is a block of this network.
    /// Layers before it are the same in both, so both compute the same activation entering it.
    public func branchPoint(skipping blocks: some Sequence<String>) -> Int {
        let names = Set(blocks)
        return network.layers.firstIndex { ($0 as? any SkippableBlock).map { names.contains($0.name) } ?? false } ?? layerCount
    }

    /// The parameters and buffers of the top-level layers at `range`, in `state_dict` order.
    ///
    /// - Precondition: `range` lies within `0...layerCount`.
    public func parameters(layers range: Range<Int>) -> [Parameter] {
        var part = Sequential(Array(network.layers[range]))
        var result: [Parameter] = []
        part.visitParameters { result.append($0) }
        return result
    }
}

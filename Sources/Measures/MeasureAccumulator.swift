import Tensors

/// The measure stage without the network: channel means and embeddings in, ``MeasureResult`` out.
///
/// Both paths feed it: streaming forward passes batch by batch (``Measurement``), and an
/// activation dump read back whole (``ActivationDump``). PreIndex and ARM sums stay constant in
/// size; only the shifted embedding rows for k-means grow with the samples (the clean rows, shared
/// by every shift, are kept once by the caller and handed to ``finish(shift:embeddingClean:formula:kMeansStart:)``).
public struct MeasureAccumulator: Sendable {
    public let classes: Int
    public let mode: Distance.WassersteinMode
    public private(set) var layers: [String] = []
    public let embeddingLayer: String
    private var preIndex: PreIndexAccumulator
    private var arm: [String: ActivationRangeMeasure] = [:]
    private var embeddingShifted: [Float] = []
    private var embeddingWidth = 0
    public private(set) var labels: [Int] = []
    private var correct: (clean: Int, shifted: Int)?

    /// - Parameter armRanges: exact per-layer ranges for ARM, when the whole data is known up front.
    public init(
        classes: Int, embeddingLayer: String, mode: Distance.WassersteinMode,
        armRanges: [String: (start: Float, stop: Float)] = [:]
    ) {
        self.classes = classes
        self.embeddingLayer = embeddingLayer
        self.mode = mode
        preIndex = PreIndexAccumulator(mode: mode)
        arm = armRanges.mapValues { ActivationRangeMeasure(range: $0) }
    }

    /// The samples added so far.
    public var samples: Int { labels.count }

    /// Reserves room for the shifted embeddings of `samples` samples of `features` each.
    public mutating func reserve(samples: Int, features: Int) {
        embeddingShifted.reserveCapacity(samples * features)
        labels.reserveCapacity(samples)
    }

    /// Adds one batch: per participating layer (in forward order) the `[n, channels]` channel
    /// means, the `[n, features]` shifted embeddings, the labels and, when known, the predictions.
    public mutating func add(
        layers batchLayers: [(name: String, clean: Tensor, shifted: Tensor)],
        embeddingShifted: Tensor, labels: [Int], predictions: (clean: [Int], shifted: [Int])? = nil
    ) {
        if layers.isEmpty { layers = batchLayers.map(\.name) }
        for layer in batchLayers {
            preIndex.add(clean: layer.clean, shifted: layer.shifted)
            arm[layer.name, default: ActivationRangeMeasure()].add(clean: layer.clean, shifted: layer.shifted)
        }
        embeddingWidth = embeddingShifted.shape.elementsPerItem
        if self.embeddingShifted.capacity == 0 {
            // Nothing reserved or added yet (a dump read whole): share the rows instead of copying them.
            self.embeddingShifted = embeddingShifted.scalars
        } else {
            self.embeddingShifted += embeddingShifted.scalars
        }
        self.labels += labels
        if let predictions {
            let previous = correct ?? (0, 0)
            correct = (
                previous.clean + zip(predictions.clean, labels).filter { $0 == $1 }.count,
                previous.shifted + zip(predictions.shifted, labels).filter { $0 == $1 }.count
            )
        }
    }

    /// The result, with `formula` evaluated as the single index and k-means started at `kMeansStart`.
    ///
    /// - Parameter embeddingClean: the clean embeddings of the same samples, `[samples, features]`.
    /// - Throws: ``MeasureError/Code/noSamples`` when nothing was added.
    public func finish(
        shift: String?, embeddingClean: Tensor, formula: Formula = .default, kMeansStart: KMeans.Start = .classCentroids
    ) throws(MeasureError) -> MeasureResult {
        guard samples > 0 else { throw MeasureError(.noSamples, "no samples were measured; ask for at least one") }
        let n = samples
        let invARI = EmbeddingClustering.inverseARI(
            clean: embeddingClean,
            shifted: Tensor(shape: [n, embeddingWidth], scalars: embeddingShifted), labels: labels, classes: classes,
            start: kMeansStart)
        let perLayer = Dictionary(uniqueKeysWithValues: layers.map { ($0, arm[$0]?.distance ?? 0) })
        var result = MeasureResult(
            shift: shift, samples: n, layers: layers, embeddingLayer: embeddingLayer, mode: mode,
            p: preIndex.components, invARI: invARI,
            arm: layers.isEmpty ? 0 : layers.reduce(0) { $0 + perLayer[$1]! } / Double(layers.count),
            armPerLayer: perLayer,
            accuracy: correct.map { .init(clean: Double($0.clean) / Double(n), shifted: Double($0.shifted) / Double(n)) },
            formula: formula, preindex: 0)
        if kMeansStart != .classCentroids { result.kMeansStart = kMeansStart }
        result.preindex = formula.evaluate(result.component)
        return result
    }
}

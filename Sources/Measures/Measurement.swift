import Networks
import Tensors

/// One streaming measurement of a model under one or more shifts: feed batches of clean images
/// with their shifted versions, then ask for one ``MeasureResult`` per shift.
///
/// Each batch runs one clean inference pass, shared by all shifts, and one pass per shift; an
/// observer reduces every participating layer's output to per-sample channel means on the fly,
/// so memory does not grow with the samples except for the embedding rows k-means needs.
public struct Measurement {
    public private(set) var model: Model
    public let embeddingLayer: String
    /// Participating layers: Conv2d/Linear whose width exceeds the class count, in forward order.
    public let layers: [ObservedLayer]
    /// How many shifted versions each batch brings.
    public let shiftCount: Int
    private var accumulators: [MeasureAccumulator]
    /// Clean embedding rows, shared by every shift.
    private var embeddingClean: [Float] = []
    private var embeddingWidth = 0
    private var dumps: [ActivationDump.Recording]?

    /// Prepares a measurement.
    ///
    /// - Parameters:
    ///   - embeddingLayer: the layer whose output k-means clusters; `nil` picks the last
    ///     Conv2d/Linear before the classifier outside a shortcut (`layer4.1.conv2` in resnet18).
    ///   - shiftCount: the number of shifted versions each batch will bring.
    ///   - expectedSamples: when known, memory for this many embedding rows is reserved up front
    ///     instead of growing (and briefly doubling) while streaming.
    ///   - recordsDump: keep every channel-mean row and embedding so that ``writeDump(to:shiftIndex:shift:seed:)`` can write them.
    /// - Throws: ``MeasureError/Code/unknownLayer`` for an embedding layer the model lacks,
    ///   ``MeasureError/Code/mismatch`` when no layer is wider than the class count.
    public init(
        model: Model, shiftCount: Int = 1, embeddingLayer: String? = nil, mode: Distance.WassersteinMode = .reference,
        expectedSamples: Int? = nil, recordsDump: Bool = false
    ) throws(MeasureError) {
        precondition(shiftCount >= 1)
        let observed = model.observedLayers()
        let classes = model.architecture.classes
        if let embeddingLayer {
            guard observed.contains(where: { $0.name == embeddingLayer }) else {
                throw MeasureError(
                    .unknownLayer,
                    "'\(embeddingLayer)' is not a Conv2d/Linear layer of this \(model.architecture.name.rawValue); "
                        + "layers: \(observed.map(\.name).joined(separator: ", "))")
            }
            self.embeddingLayer = embeddingLayer
        } else {
            self.embeddingLayer = observed.dropLast().last { !$0.name.contains("shortcut") }?.name ?? observed.last!.name
        }
        layers = observed.filter { $0.width > classes }
        guard !layers.isEmpty else {
            throw MeasureError(.mismatch, "no Conv2d/Linear layer of this model is wider than its \(classes) classes")
        }
        self.model = model
        self.shiftCount = shiftCount
        accumulators = Array(
            repeating: MeasureAccumulator(classes: classes, embeddingLayer: self.embeddingLayer, mode: mode),
            count: shiftCount)
        dumps = recordsDump ? Array(repeating: ActivationDump.Recording(), count: shiftCount) : nil
        self.expectedSamples = expectedSamples
    }

    private let expectedSamples: Int?

    /// Measures one batch: `clean` is `[n, C, H, W]`, `shifted` holds one version of the same
    /// samples per shift.
    ///
    /// - Throws: ``ModelError`` when the images do not fit the model or hold NaN.
    public mutating func add(clean: Tensor, shifted: [Tensor], labels: [Int]) throws(ModelError) {
        precondition(shifted.count == shiftCount, "\(shifted.count) shifted versions for \(shiftCount) shifts")
        let names = Set(layers.map(\.name))
        let recorder = ActivationRecorder(embeddingLayer: embeddingLayer) { name, _ in names.contains(name) }
        let cleanPredictions = Self.argmax(try model.forward(clean, context: recorder.context))
        let cleanMeans = recorder.means, cleanEmbedding = recorder.embedding!
        if embeddingClean.isEmpty, let expectedSamples {
            embeddingClean.reserveCapacity(expectedSamples * cleanEmbedding.shape[1])
            for index in accumulators.indices {
                accumulators[index].reserve(samples: expectedSamples, features: cleanEmbedding.shape[1])
            }
        }
        embeddingClean += cleanEmbedding.scalars
        embeddingWidth = cleanEmbedding.shape[1]
        for (index, images) in shifted.enumerated() {
            recorder.reset()
            let predictions = Self.argmax(try model.forward(images, context: recorder.context))
            let batch = zip(cleanMeans, recorder.means).map { (name: $0.name, clean: $0.values, shifted: $1.values) }
            accumulators[index].add(
                layers: batch, embeddingShifted: recorder.embedding!, labels: labels,
                predictions: (cleanPredictions, predictions))
            dumps?[index].add(
                layers: batch, embeddingClean: cleanEmbedding, embeddingShifted: recorder.embedding!, labels: labels)
        }
    }

    /// The samples measured so far.
    public var samples: Int { accumulators[0].samples }

    /// The result so far for shift number `shiftIndex`.
    public func finish(
        shiftIndex: Int = 0, shift: String?, formula: Formula = .default, kMeansStart: KMeans.Start = .classCentroids
    ) throws(MeasureError) -> MeasureResult {
        try accumulators[shiftIndex].finish(
            shift: shift, embeddingClean: Tensor(shape: [samples, embeddingWidth], scalars: embeddingClean), formula: formula,
            kMeansStart: kMeansStart)
    }

    /// Writes what the index of shift number `shiftIndex` was computed from (see ``ActivationDump``).
    public func writeDump(to directory: String, shiftIndex: Int = 0, shift: String?, seed: UInt64) throws(MeasureError) {
        guard let dumps else { preconditionFailure("the measurement was not created with recordsDump: true") }
        try dumps[shiftIndex].write(
            to: directory, layers: layers.map(\.name), classes: model.architecture.classes,
            embeddingLayer: embeddingLayer, shift: shift, seed: seed)
    }

    static func argmax(_ logits: Tensor) -> [Int] {
        let k = logits.shape[1]
        return (0..<logits.shape[0]).map { row in
            var best = 0
            for j in 1..<k where logits[flat: row * k + j] > logits[flat: row * k + best] { best = j }
            return best
        }
    }
}

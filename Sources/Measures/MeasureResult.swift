/// Everything one measurement of a model under one shift produced.
public struct MeasureResult: Codable, Sendable {
    /// The three `1 − ARI` values of k-means on the embedding (see ``EmbeddingClustering``).
    public struct InverseARI: Codable, Sendable, Hashable {
        /// Clean embeddings, clustered from their class centroids.
        public var clean: Double
        /// Shifted embeddings, clustered from their own class centroids.
        public var shiftedOwn: Double
        /// Shifted embeddings, clustered from the clean class centroids.
        public var shiftedClean: Double

        /// The three values, each `1 − ARI` in [0, 2].
        public init(clean: Double, shiftedOwn: Double, shiftedClean: Double) {
            self.clean = clean
            self.shiftedOwn = shiftedOwn
            self.shiftedClean = shiftedClean
        }
    }

    /// Top-1 accuracy of the model on the measured samples, from the same forward passes.
    public struct Accuracy: Codable, Sendable, Hashable {
        public var clean: Double
        public var shifted: Double

        /// Accuracies as fractions in [0, 1].
        public init(clean: Double, shifted: Double) {
            self.clean = clean
            self.shifted = shifted
        }
    }

    public var shift: String?
    public var samples: Int
    /// The participating layers (Conv2d/Linear wider than the class count), in forward order.
    public var layers: [String]
    public var embeddingLayer: String
    public var mode: Distance.WassersteinMode
    public var p: PreIndexComponents
    public var invARI: InverseARI
    public var arm: Double
    public var armPerLayer: [String: Double]
    /// Known when the measurement ran the model (not when it was computed from a dump).
    public var accuracy: Accuracy?
    public var formula: Formula
    /// How the k-means runs started when not at class centroids (the default, then absent).
    public var kMeansStart: KMeans.Start?
    /// The formula's value: the single number reported as the index.
    public var preindex: Double

    /// A result from its parts, as a coordinator reassembles it from a worker's report; ``preindex``
    /// is taken as given, not re-evaluated from `formula`.
    public init(
        shift: String?, samples: Int, layers: [String], embeddingLayer: String, mode: Distance.WassersteinMode,
        p: PreIndexComponents, invARI: InverseARI, arm: Double, armPerLayer: [String: Double], accuracy: Accuracy?,
        formula: Formula, preindex: Double
    ) {
        self.shift = shift
        self.samples = samples
        self.layers = layers
        self.embeddingLayer = embeddingLayer
        self.mode = mode
        self.p = p
        self.invARI = invARI
        self.arm = arm
        self.armPerLayer = armPerLayer
        self.accuracy = accuracy
        self.formula = formula
        self.preindex = preindex
    }

    /// The value of a component named as in ``Formula``.
    public func component(_ name: String) -> Double {
        switch name {
        case "inv_ari.clean": return invARI.clean
        case "inv_ari.shifted_own": return invARI.shiftedOwn
        case "inv_ari.shifted_clean": return invARI.shiftedClean
        case "inv_ari.delta": return invARI.shiftedClean - invARI.clean
        case "arm": return arm
        case "accuracy.drop": return accuracy.map { $0.clean - $0.shifted } ?? .nan
        default:
            let parts = name.split(separator: ".")
            guard parts.count == 3, parts[0] == "p", let bins = Int(parts[2]) else { return .nan }
            if parts[1] == "w1_principled" { return p.principledW1[bins] ?? .nan }
            guard let distance = Distance(rawValue: String(parts[1])) else { return .nan }
            return p.value(distance, bins: bins)
        }
    }
}

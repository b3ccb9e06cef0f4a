import Foundation
import Tensors

/// What the index is computed from, written for anyone to check with their own tools:
///
/// ```
/// meta.json                     {"layers": [...], "classes": K, "shift": "gaussian:0.1", "seed": 0,
///                                "samples": N, "embeddingLayer": "layer4.1.conv2"}
/// clean/<layer>.npy             float32 [N, C]: per-sample channel means (pre-BatchNorm)
/// shifted/<layer>.npy           the same on shifted images
/// embedding_clean.npy           float32 [N, F]: the embedding layer's output, flattened C·H·W
/// embedding_shifted.npy
/// labels.npy                    int64 [N]
/// ```
/// Standard `.npy` v1.0 files, so `numpy.load` reads them.
public enum ActivationDump {
    /// The dump's `meta.json`.
    public struct Metadata: Codable, Sendable {
        public var layers: [String]
        public var classes: Int
        public var shift: String?
        public var seed: UInt64
        public var samples: Int
        public var embeddingLayer: String
    }

    /// Rows kept in memory while measuring, for writing at the end.
    struct Recording: Sendable {
        private var clean: [String: [Float]] = [:]
        private var shifted: [String: [Float]] = [:]
        private var widths: [String: Int] = [:]
        private var embeddingClean: [Float] = []
        private var embeddingShifted: [Float] = []
        private var embeddingWidth = 0
        private var labels: [Int] = []

        mutating func add(
            layers: [(name: String, clean: Tensor, shifted: Tensor)], embeddingClean: Tensor, embeddingShifted: Tensor,
            labels: [Int]
        ) {
            for layer in layers {
                clean[layer.name, default: []] += layer.clean.scalars
                shifted[layer.name, default: []] += layer.shifted.scalars
                widths[layer.name] = layer.clean.shape[1]
            }
            self.embeddingClean += embeddingClean.scalars
            self.embeddingShifted += embeddingShifted.scalars
            embeddingWidth = embeddingClean.shape[1]
            self.labels += labels
        }

        func write(
            to directory: String, layers: [String], classes: Int, embeddingLayer: String, shift: String?, seed: UInt64
        ) throws(MeasureError) {
            let n = labels.count
            do {
                let fm = FileManager.default
                for sub in ["clean", "shifted"] {
                    try fm.createDirectory(atPath: directory + "/" + sub, withIntermediateDirectories: true)
                }
                for name in layers {
                    let shape = [n, widths[name] ?? 0]
                    try NumPyArray(float32: clean[name] ?? [], shape: shape).write(toFile: "\(directory)/clean/\(name).npy")
                    try NumPyArray(float32: shifted[name] ?? [], shape: shape).write(toFile: "\(directory)/shifted/\(name).npy")
                }
                try NumPyArray(float32: embeddingClean, shape: [n, embeddingWidth])
                    .write(toFile: directory + "/embedding_clean.npy")
                try NumPyArray(float32: embeddingShifted, shape: [n, embeddingWidth])
                    .write(toFile: directory + "/embedding_shifted.npy")
                try NumPyArray(int64: labels, shape: [n]).write(toFile: directory + "/labels.npy")
                let meta = Metadata(
                    layers: layers, classes: classes, shift: shift, seed: seed, samples: n, embeddingLayer: embeddingLayer)
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
                try encoder.encode(meta).write(to: URL(fileURLWithPath: directory + "/meta.json"))
            } catch let error as NumPyError {
                throw MeasureError(.invalidDump, "cannot write the activation dump: \(error.message)")
            } catch {
                throw MeasureError(.invalidDump, "cannot write the activation dump to \(directory): \(error.localizedDescription)")
            }
        }
    }

    /// Recomputes the measure stage from a dump directory (ARM on the exact data range).
    ///
    /// - Throws: ``MeasureError/Code/invalidDump`` for missing files or inconsistent shapes.
    public static func measure(
        directory: String, mode: Distance.WassersteinMode = .reference, formula: Formula = .default,
        kMeansStart: KMeans.Start = .classCentroids
    ) throws(MeasureError) -> MeasureResult {
        try Contents(directory: directory).measure(mode: mode, formula: formula, kMeansStart: kMeansStart)
    }

    /// A dump read back into memory.
    public struct Contents: Sendable {
        public var metadata: Metadata
        /// Per participating layer, `[N, C]` clean and shifted channel means.
        public var layers: [(name: String, clean: Tensor, shifted: Tensor)]
        public var embeddingClean: Tensor
        public var embeddingShifted: Tensor
        public var labels: [Int]

        /// Reads `directory`, checking that every file is there with consistent shapes.
        public init(directory: String) throws(MeasureError) {
            do {
                metadata = try JSONDecoder().decode(
                    Metadata.self, from: Data(contentsOf: URL(fileURLWithPath: directory + "/meta.json")))
            } catch {
                throw MeasureError(
                    .invalidDump, "\(directory)/meta.json is missing or not a PreIndex dump: \(error.localizedDescription)")
            }
            let n = metadata.samples
            func load(_ path: String) throws(MeasureError) -> Tensor {
                let array: NumPyArray
                do { array = try NumPyArray(contentsOfFile: directory + "/" + path) } catch {
                    throw MeasureError(.invalidDump, error.message)
                }
                guard array.shape.count == 2, array.shape[0] == n else {
                    throw MeasureError(.invalidDump, "\(directory)/\(path) has shape \(array.shape), expected [\(n), …]")
                }
                let tensor = array.tensor()
                do { try tensor.checkFinite("\(directory)/\(path)") } catch { throw MeasureError(.invalidDump, error.message) }
                return tensor
            }
            layers = []
            for name in metadata.layers {
                let clean = try load("clean/\(name).npy"), shifted = try load("shifted/\(name).npy")
                guard clean.shape == shifted.shape else {
                    throw MeasureError(
                        .invalidDump, "clean and shifted \(name) differ in shape: \(clean.shape) vs \(shifted.shape)")
                }
                layers.append((name, clean, shifted))
            }
            do {
                labels = try NumPyArray(contentsOfFile: directory + "/labels.npy").integers()
            } catch {
                throw MeasureError(.invalidDump, error.message)
            }
            let classes = metadata.classes
            guard labels.count == n, labels.allSatisfy({ $0 >= 0 && $0 < classes }) else {
                throw MeasureError(.invalidDump, "\(directory)/labels.npy must hold \(n) labels in 0..<\(classes)")
            }
            embeddingClean = try load("embedding_clean.npy")
            embeddingShifted = try load("embedding_shifted.npy")
        }

        /// The measure stage on these activations, with ARM on each layer's exact range.
        public func measure(
            mode: Distance.WassersteinMode = .reference, formula: Formula = .default,
            kMeansStart: KMeans.Start = .classCentroids
        ) throws(MeasureError) -> MeasureResult {
            try accumulated(mode: mode).finish(
                shift: metadata.shift, embeddingClean: embeddingClean, formula: formula, kMeansStart: kMeansStart)
        }

        /// The per-sample half of ``measure(mode:formula:kMeansStart:)``: every layer's histograms and
        /// distances and ARM added up, the clustering not yet run.
        public func accumulated(mode: Distance.WassersteinMode = .reference) -> MeasureAccumulator {
            var ranges: [String: (start: Float, stop: Float)] = [:]
            for layer in layers {
                let c = layer.clean.withUnsafeBufferPointer(Histogram.extremes)
                let s = layer.shifted.withUnsafeBufferPointer(Histogram.extremes)
                ranges[layer.name] = (min(c.low, s.low), max(c.high, s.high))
            }
            var accumulator = MeasureAccumulator(
                classes: metadata.classes, embeddingLayer: metadata.embeddingLayer, mode: mode, armRanges: ranges)
            accumulator.add(layers: layers, embeddingShifted: embeddingShifted, labels: labels)
            return accumulator
        }
    }
}

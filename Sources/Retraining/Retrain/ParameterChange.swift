import Networks
import Tensors

/// Per-layer size of a parameter change: `‖θ_a − θ_b‖₂ / √n` over each layer's trainable
/// parameters together (`layer1.0.conv1` gathers its weight; a Linear its weight and bias),
/// n = the layer's parameter count. Accumulated in `Double`.
public enum ParameterChange {
    /// The change from `before` to `after` per layer name, for two states of one architecture.
    public static func perLayer(from before: [Parameter], to after: [Parameter]) -> [String: Double] {
        var squares: [String: Double] = [:]
        var counts: [String: Int] = [:]
        for (a, b) in zip(before, after) where a.isTrainable {
            precondition(a.name == b.name, "parameters out of order: \(a.name) vs \(b.name)")
            let layer = layerName(of: a.name)
            var sum = 0.0
            a.value.withUnsafeBufferPointer { x in
                b.value.withUnsafeBufferPointer { y in
                    for i in 0..<x.count {
                        let d = Double(y[i]) - Double(x[i])
                        sum += d * d
                    }
                }
            }
            squares[layer, default: 0] += sum
            counts[layer, default: 0] += a.value.count
        }
        return squares.mapValues { $0 }.reduce(into: [:]) { result, entry in
            result[entry.key] = (entry.value / Double(counts[entry.key]!)).squareRoot()
        }
    }

    /// The layer a parameter belongs to: its name without the last component (`.weight`, `.bias`).
    static func layerName(of parameter: String) -> String {
        guard let dot = parameter.lastIndex(of: ".") else { return parameter }
        return String(parameter[..<dot])
    }
}

import Shifts
import Tensors

/// Image batches the shift tests share.
enum TestImages {
    /// `count` images of `channels × size × size`, every value `value`.
    static func flat(_ count: Int, channels: Int = 3, size: Int = 32, value: Float = 0.5) -> Tensor {
        Tensor(zeros: [count, channels, size, size], value: value)
    }

    /// `count` images of `channels × size × size` with seeded uniform values on the 8-bit grid,
    /// like decoded photographs.
    static func random(_ count: Int, channels: Int = 3, size: Int = 32, seed: UInt64 = 11) -> Tensor {
        var generator = SeededGenerator(seed: seed)
        let shape: Shape = [count, channels, size, size]
        return Tensor(
            shape: shape, scalars: (0..<shape.elementCount).map { _ in Float(generator.next(below: 256)) / 255 })
    }

    /// The shift `spec`, which the test knows to be valid.
    static func shift(_ spec: String) throws -> Shift {
        try Shift(parsing: spec)
    }

    /// One example spec of every kind at a middling level.
    static let everyKind = [
        "identity", "gaussian:0.1", "salt-pepper:0.05", "blur:1.5", "shot:1", "impulse:0.05", "frost:3",
        "brightness:0.2", "contrast:0.5",
    ]

    /// The specs of ``everyKind`` whose output depends on the seed.
    static let randomKinds = ["gaussian:0.1", "salt-pepper:0.05", "shot:1", "impulse:0.05", "frost:3"]
}

import TestSupport
#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Paths of the files `Tests/Fixtures/datasets/make_fixtures.py` writes, and the pixel formulas
/// it uses, so tests can check exact values.
enum Fixtures {
    /// `Tests/Fixtures/datasets`.
    static let directory = fixturePath("datasets")

    /// The fixture at `relative` below ``directory``.
    static func path(_ relative: String) -> String { directory + "/" + relative }

    /// CIFAR fixture pixel of record `record` (counted across a split's files).
    static func cifarPixel(record: Int, channel: Int, y: Int, x: Int, seed: Int) -> Float {
        Float((31 * record + 17 * channel + 5 * y + 3 * x + seed) % 256) / 255
    }

    /// IDX fixture pixel of a 5 × 6 image.
    static func idxPixel(image: Int, y: Int, x: Int, seed: Int) -> Float {
        Float((11 * image + 7 * y + x + seed) % 256) / 255
    }

    /// `.npy` fixture pixel of a 3 × 5 × 6 image, as a byte.
    static func npyByte(image: Int, channel: Int, y: Int, x: Int) -> Int {
        (13 * image + 29 * channel + 7 * y + x) % 256
    }
}

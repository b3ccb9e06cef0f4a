/// The size of one `C × H × W` image of a batch, as the per-sample kernels see it.
struct ImageGeometry {
    let channels: Int
    let height: Int
    let width: Int

    /// Values per channel plane, `H · W`.
    var plane: Int { height * width }
    /// Values per image, `C · H · W`.
    var count: Int { channels * height * width }
}

/// The ten classes of the built-in synthetic set (``BuiltinShapes``), in label order.
///
/// Five are solid shapes and five are textures. Colours are drawn independently of the class,
/// so only form and pattern tell the classes apart.
public enum ShapeClass: Int, Hashable, Sendable, CaseIterable, CustomStringConvertible {
    /// A filled disc.
    case circle
    /// A filled square, tilted by at most 25°.
    case square
    /// A filled equilateral triangle, any rotation.
    case triangle
    /// A plus sign of two crossing bars, any rotation.
    case cross
    /// An annulus: a disc with a hole.
    case ring
    /// A patch of horizontal bars, tilted by at most 15°.
    case horizontalStripes
    /// A patch of vertical bars, tilted by at most 15°.
    case verticalStripes
    /// A patch of checkerboard, tilted by at most 15°.
    case checker
    /// A filled rhombus about twice as long as wide, any rotation.
    case diamond
    /// Five to nine small scattered dots.
    case dots

    /// The class's name in reports: "circle", "stripes-h", ….
    public var description: String {
        switch self {
        case .circle: "circle"
        case .square: "square"
        case .triangle: "triangle"
        case .cross: "cross"
        case .ring: "ring"
        case .horizontalStripes: "stripes-h"
        case .verticalStripes: "stripes-v"
        case .checker: "checker"
        case .diamond: "diamond"
        case .dots: "dots"
        }
    }
}

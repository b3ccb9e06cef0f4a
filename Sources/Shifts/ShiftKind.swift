/// The kinds of distribution shift, each with the meaning and range of its level.
///
/// The raw value is the name used in specs (`salt-pepper:0.05`). Every kind leaves the images
/// untouched at level 0; larger levels shift more (except ``brightness`` and ``contrast``,
/// whose negative levels shift the other way). See ``Shift`` for how a kind is applied.
///
/// | kind | level | range |
/// |---|---|---|
/// | `identity` | none (0) | 0 |
/// | `gaussian` | standard deviation of added normal noise | 0…1 |
/// | `salt-pepper` | fraction of pixels set to black or white (half each) | 0…1 |
/// | `blur` | Gaussian sigma in pixels over height and width | 0…10 |
/// | `shot` | strength of Poisson photon noise, 60 photons at white | 0…5 |
/// | `impulse` | fraction of pixels replaced by uniform random values | 0…1 |
/// | `frost` | severity, a whole number | 0…10 |
/// | `brightness` | amount added to every value | −1…1 |
/// | `contrast` | fraction of contrast removed (negative: added) | −1…1 |
public enum ShiftKind: String, CaseIterable, Hashable, Sendable, Codable {
    /// No change; takes no level.
    case identity
    /// Adds independent normal noise of standard deviation `level` to every value.
    case gaussian
    /// Sets a fraction `level` of pixel positions to black (all channels 0) or white (all 1), half each.
    case saltPepper = "salt-pepper"
    /// Gaussian blur of standard deviation `level` pixels along height and width, channel by channel.
    case blur
    /// Poisson photon noise: `x + level · (Poisson(60 x) / 60 − x)`.
    case shot
    /// Replaces a fraction `level` of pixel positions by independent uniform values, channel by channel.
    case impulse
    /// Blends a procedural ice texture in: severity `level` picks the blend weights.
    case frost
    /// Adds `level` to every value.
    case brightness
    /// Scales each channel around its mean by `1 − level`.
    case contrast

    /// The closed range a level of this kind must lie in.
    public var levelRange: ClosedRange<Double> {
        switch self {
        case .identity: 0...0
        case .gaussian, .saltPepper, .impulse: 0...1
        case .blur: 0...10
        case .shot: 0...5
        case .frost: 0...10
        case .brightness, .contrast: -1...1
        }
    }

    /// Whether the level must be a whole number (``frost`` severities).
    public var needsWholeLevel: Bool { self == .frost }

    /// The names of all kinds as written in specs, comma-separated (for help and error text).
    public static var validNames: String {
        allCases.map(\.rawValue).joined(separator: ", ")
    }
}

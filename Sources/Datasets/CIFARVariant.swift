/// Which CIFAR binary format a file holds, and for CIFAR-100 which of its two labels to use.
///
/// A CIFAR-10 record is 1 label byte and 3,072 pixel bytes (3,073); a CIFAR-100 record is a
/// coarse (20 superclasses) and a fine (100 classes) label byte, then the pixels (3,074). The
/// pixels are the 1,024 red, then green, then blue values of a 32 × 32 image, row by row.
public enum CIFARVariant: String, Hashable, Sendable, CaseIterable, CustomStringConvertible {
    /// CIFAR-10: 10 classes.
    case cifar10
    /// CIFAR-100 with its fine labels: 100 classes.
    case cifar100Fine = "cifar100-fine"
    /// CIFAR-100 with its coarse labels: 20 superclasses.
    case cifar100Coarse = "cifar100-coarse"

    /// Bytes per record: 3,073 for CIFAR-10, 3,074 for CIFAR-100.
    public var recordSize: Int { labelBytes + CIFAR.pixelsPerImage }

    /// The number of classes the labels range over.
    public var classCount: Int {
        switch self {
        case .cifar10: 10
        case .cifar100Fine: 100
        case .cifar100Coarse: 20
        }
    }

    /// Label bytes before the pixels of each record.
    var labelBytes: Int { self == .cifar10 ? 1 : 2 }

    /// The position of the used label byte in the record.
    var labelOffset: Int { self == .cifar100Fine ? 1 : 0 }

    /// The format's name as people write it: "CIFAR-10", "CIFAR-100".
    var formatName: String { self == .cifar10 ? "CIFAR-10" : "CIFAR-100" }

    public var description: String { rawValue }
}

import Tensors

/// Reading dataset files, with gzip decompression when the bytes start with the gzip magic.
enum DataFile {
    /// The contents of `path`, decompressed when it is gzip data (whatever its name).
    ///
    /// - Throws: ``DatasetError/Code/unreadable`` when the file is missing or unreadable,
    ///   ``DatasetError/Code/invalidFormat`` when its gzip data is corrupt.
    static func read(_ path: String) throws(DatasetError) -> [UInt8] {
        let bytes: [UInt8]
        do {
            bytes = try BinaryFile.read(path)
        } catch {
            throw DatasetError(.unreadable, error.message)
        }
        return Gzip.isCompressed(bytes) ? try Gzip.decompress(bytes, source: "'\(path)'") : bytes
    }

    /// The first of `names` (each also tried with `.gz` appended) that exists in `directory`.
    static func find(_ names: [String], in directory: String) -> String? {
        for name in names {
            for candidate in [name, name + ".gz"] {
                let path = join(directory, candidate)
                if BinaryFile.exists(path) && !BinaryFile.isDirectory(path) { return path }
            }
        }
        return nil
    }

    /// `directory/name`, without doubling a trailing slash.
    static func join(_ directory: String, _ name: String) -> String {
        directory.hasSuffix("/") ? directory + name : directory + "/" + name
    }

    /// Throws ``DatasetError/Code/unreadable`` unless `path` is an existing directory.
    static func requireDirectory(_ path: String, holding what: String) throws(DatasetError) {
        guard BinaryFile.isDirectory(path) else {
            let problem = BinaryFile.exists(path) ? "is not a directory" : "does not exist"
            throw DatasetError(.unreadable, "'\(path)' \(problem); expected a directory holding \(what)")
        }
    }

    /// Decodes `records` unsigned-byte images into `destination` as `Float` in `[0, 1]`, `Float(byte) / 255` exactly.
    ///
    /// Record `r`'s `pixelsPerRecord` bytes start at `firstOffset + r · recordSize` in `bytes`;
    /// they are written contiguously, in order. Large inputs are split over ``Compute``'s threads.
    static func decodeUnitPixels(
        _ bytes: [UInt8], records: Int, recordSize: Int, firstOffset: Int, pixelsPerRecord: Int,
        into destination: UnsafeMutablePointer<Float>
    ) {
        let recordsPerPiece = max(1, (1 << 16) / max(1, pixelsPerRecord))
        let pieces = (records + recordsPerPiece - 1) / recordsPerPiece
        let output = UncheckedSendable(destination)
        bytes.withUnsafeBufferPointer { input in
            let input = UncheckedSendable(input)
            Compute.forEach(pieces) { piece in
                let first = piece * recordsPerPiece
                for record in first..<min(records, first + recordsPerPiece) {
                    let from = input.value.baseAddress! + firstOffset + record * recordSize
                    let to = output.value + record * pixelsPerRecord
                    for index in 0..<pixelsPerRecord { to[index] = Float(from[index]) / 255 }
                }
            }
        }
    }
}

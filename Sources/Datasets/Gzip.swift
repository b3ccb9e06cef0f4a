// The only file that imports CZlib: gzip decompression for `.gz` dataset files.
//
// `inflateInit2` is a C macro, so Swift calls the function behind it, `inflateInit2_`, passing the
// library's version and the stream structure's size as the macro would. A window-bits value of
// 15 + 16 asks zlib for the gzip wrapper (header and CRC-32 checked) rather than raw zlib.

import CZlib

/// Decompression of gzip files (package-internal).
enum Gzip {
    /// Whether `bytes` starts with the gzip magic number `1F 8B`.
    static func isCompressed(_ bytes: [UInt8]) -> Bool {
        bytes.count >= 2 && bytes[0] == 0x1F && bytes[1] == 0x8B
    }

    /// The decompressed contents of the gzip data `bytes`, all members concatenated.
    ///
    /// Data after the last member that is not another gzip member is ignored, as `gzip -d` does.
    ///
    /// - Parameter source: names the data in error messages.
    /// - Throws: ``DatasetError/Code/invalidFormat`` when the data is corrupt or truncated.
    static func decompress(_ bytes: [UInt8], source: String) throws(DatasetError) -> [UInt8] {
        guard bytes.count <= Int(UInt32.max) else {
            throw DatasetError(.invalidFormat, "\(source) is a gzip file over 4 GiB; decompress it first")
        }
        var stream = z_stream()
        guard inflateInit2_(&stream, 15 + 16, zlibVersion(), Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            throw DatasetError(.invalidFormat, "zlib could not start decompressing \(source)")
        }
        defer { inflateEnd(&stream) }

        // The gzip trailer holds the uncompressed size modulo 2³²: a good first capacity.
        let trailerSize = bytes.suffix(4).enumerated().reduce(0) { $0 | Int($1.element) << (8 * $1.offset) }
        var output: [UInt8] = []
        output.reserveCapacity(min(trailerSize, 64 * bytes.count))
        var chunk = [UInt8](repeating: 0, count: 1 << 18)
        var status = Z_OK
        var failure: String?
        bytes.withUnsafeBufferPointer { input in
            stream.next_in = UnsafeMutablePointer(mutating: input.baseAddress)
            stream.avail_in = UInt32(input.count)
            while true {
                chunk.withUnsafeMutableBufferPointer { out in
                    stream.next_out = out.baseAddress
                    stream.avail_out = UInt32(out.count)
                    status = inflate(&stream, Z_NO_FLUSH)
                }
                output.append(contentsOf: chunk[0..<(chunk.count - Int(stream.avail_out))])
                if status == Z_STREAM_END {
                    // Another member may follow (concatenated gzip files).
                    let remaining = Int(stream.avail_in)
                    let offset = input.count - remaining
                    guard remaining >= 2, input[offset] == 0x1F, input[offset + 1] == 0x8B else { return }
                    guard inflateReset(&stream) == Z_OK else {
                        failure = "zlib could not restart"
                        return
                    }
                    continue
                }
                if status == Z_BUF_ERROR && stream.avail_in == 0 {
                    failure = "the data ends before the compressed stream does (truncated file)"
                    return
                }
                guard status == Z_OK else {
                    let reason = stream.msg.map { String(cString: $0) } ?? "zlib error \(status)"
                    failure = "the compressed data is corrupt (\(reason))"
                    return
                }
            }
        }
        if let failure {
            throw DatasetError(.invalidFormat, "\(source) cannot be decompressed: \(failure)")
        }
        return output
    }
}

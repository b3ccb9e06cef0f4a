// The libFuzzer target of the wire decoder; Scripts/fuzz-wire.sh (`make fuzz`) builds and runs it.
//
// Every input goes through the public decoder, `Wire.Envelope(decoding:)`, and must satisfy the
// property the seeded tests check (Tests/ClusterTests/WireRoundTrip.swift, compiled in here): it throws
// a WireError, or it decodes to an envelope that encodes again and round-trips. A trap anywhere, or a
// broken round trip (turned into a trap below), is what libFuzzer reports as a crash.
//
// `--write-seeds=DIR` writes the encodings of the sample envelopes (Tests/ClusterTests/WireSamples.swift)
// to DIR and exits, before fuzzing starts: the seed corpus. libFuzzer ignores flags that start with `--`.

import Cluster
import Foundation

@_cdecl("LLVMFuzzerInitialize")
public func fuzzerInitialize(
    _ argc: UnsafeMutablePointer<CInt>, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>
) -> CInt {
    let flag = "--write-seeds="
    guard let argument = CommandLine.arguments.first(where: { $0.hasPrefix(flag) }) else { return 0 }
    let directory = URL(fileURLWithPath: String(argument.dropFirst(flag.count)))
    do {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        for (index, envelope) in WireSamples.envelopes.enumerated() {
            let name = "sample-\(index)-\(envelope.body.name)"
            try Data(envelope.encoded()).write(to: directory.appendingPathComponent(name))
        }
    } catch {
        FileHandle.standardError.write(Data("cannot write the seed corpus to \(directory.path): \(error)\n".utf8))
        exit(1)
    }
    exit(0)
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzerTestOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = size == 0 ? [] : Array(UnsafeBufferPointer(start: data, count: size))
    if case .broken(let problem) = WireRoundTrip.check(bytes) {
        fatalError(problem)
    }
    return 0
}

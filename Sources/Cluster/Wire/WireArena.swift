// The C memory an encoding builds its protobuf-c message tree in (see Wire+Encoding.swift): every
// string, byte buffer, array and sub-message is one allocation of an `Arena`, freed all at once.

import CProtobufC
import PreIndexWire

/// The memory of one C message tree being encoded; ``deallocateAll()`` frees all of it at once.
final class Arena {
    private var allocations: [UnsafeMutableRawPointer] = []

    /// Uninitialised memory for `count` values of `T`, owned by the arena.
    func allocate<T>(_ type: T.Type, count: Int) -> UnsafeMutablePointer<T> {
        let raw = UnsafeMutableRawPointer.allocate(
            byteCount: MemoryLayout<T>.stride * count, alignment: MemoryLayout<T>.alignment)
        allocations.append(raw)
        return raw.bindMemory(to: T.self, capacity: count)
    }

    /// A C message initialised by its generated `…__init` function.
    func message<T>(_ initialize: (UnsafeMutablePointer<T>?) -> Void) -> UnsafeMutablePointer<T> {
        let message = allocate(T.self, count: 1)
        initialize(message)
        return message
    }

    /// A NUL-terminated copy of `value`, which must not itself contain NUL.
    func string(_ value: String, field: String) throws(WireError) -> UnsafeMutablePointer<CChar> {
        let utf8 = value.utf8
        guard !utf8.contains(0) else {
            throw WireError(.unencodable, "Field \(field) contains a NUL character, which the wire format cannot carry")
        }
        let copy = allocate(CChar.self, count: utf8.count + 1)
        for (index, byte) in utf8.enumerated() { copy[index] = CChar(bitPattern: byte) }
        copy[utf8.count] = 0
        return copy
    }

    /// A protobuf-c `bytes` value pointing at a copy of `value`.
    func bytes(_ value: [UInt8]) -> ProtobufCBinaryData {
        ProtobufCBinaryData(len: value.count, data: array(value))
    }

    /// A copy of `values` as a C array; `nil` when empty.
    func array<T>(_ values: [T]) -> UnsafeMutablePointer<T>? {
        guard !values.isEmpty else { return nil }
        let copy = allocate(T.self, count: values.count)
        copy.initialize(from: values, count: values.count)
        return copy
    }

    /// Frees everything the arena allocated; the C tree built in it must not be used afterwards.
    func deallocateAll() {
        for allocation in allocations { allocation.deallocate() }
        allocations.removeAll()
    }
}

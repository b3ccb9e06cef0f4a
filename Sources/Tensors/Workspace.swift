import Synchronization

/// Scratch memory reused across calls, so hot loops do not allocate (and page-fault) each time.
///
/// A buffer is borrowed for the duration of a closure and returned to a small free list
/// afterwards; contents are uninitialised on entry.
package enum Workspace {
    private struct Buffer: @unchecked Sendable {
        var pointer: UnsafeMutablePointer<Float>
        var capacity: Int
    }

    private static let free = Mutex<[Buffer]>([])
    /// Buffers kept for reuse at most; beyond this, returned buffers are released.
    private static let retainedLimit = 16

    /// Calls `body` with scratch space for at least `count` floats.
    package static func withScratch<R>(_ count: Int, _ body: (UnsafeMutablePointer<Float>) -> R) -> R {
        let buffer = take(atLeast: max(count, 1))
        defer { give(buffer) }
        return body(buffer.pointer)
    }

    private static func take(atLeast count: Int) -> Buffer {
        let reused: Buffer? = free.withLock { list in
            // The smallest buffer that is large enough.
            guard let index = list.indices.filter({ list[$0].capacity >= count })
                .min(by: { list[$0].capacity < list[$1].capacity })
            else { return nil }
            return list.remove(at: index)
        }
        if let reused { return reused }
        return Buffer(pointer: .allocate(capacity: count), capacity: count)
    }

    private static func give(_ buffer: Buffer) {
        let evicted: Buffer? = free.withLock { list in
            list.append(buffer)
            guard list.count > retainedLimit else { return nil }
            let smallest = list.indices.min { list[$0].capacity < list[$1].capacity }!
            return list.remove(at: smallest)
        }
        evicted?.pointer.deallocate()
    }
}

import Foundation
import TestSupport

/// Temporary trees of fake kernel files for the meter tests.
enum EnergyTestFixtures {
    /// A new empty directory for one test; remove it with ``remove(_:)``.
    static func directory(_ name: String) throws -> String {
        let path = temporaryPath(name)
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    /// A copy of `Tests/Fixtures/energy/powercap` (two packages with DRAM zones, psys, mmio) to change.
    static func powercapCopy() throws -> String {
        let path = temporaryPath("powercap")
        try FileManager.default.copyItem(atPath: fixturePath("energy/powercap"), toPath: path)
        return path
    }

    /// Writes `value` into the file `relativePath` under `root` (creating folders).
    static func write(_ value: String, to relativePath: String, in root: String) throws {
        let path = root + "/" + relativePath
        try FileManager.default.createDirectory(
            atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try (value + "\n").write(toFile: path, atomically: false, encoding: .utf8)
    }

    /// Sets the `energy_uj` counter of `zone` (a path under `root`, such as `intel-rapl:0`).
    static func setCounter(_ microjoules: UInt64, zone: String, in root: String) throws {
        try write(String(microjoules), to: zone + "/energy_uj", in: root)
    }

    /// A fake `/proc` with `cpuinfo` for `sockets × threadsPerSocket` logical CPUs of `model` and
    /// `meminfo` with `memoryKiB`.
    static func proc(
        model: String, sockets: Int, threadsPerSocket: Int, virtual: Bool = false, memoryKiB: Int = 16_777_216
    ) throws -> String {
        let root = try directory("proc")
        var cpuinfo = ""
        for socket in 0..<sockets {
            for thread in 0..<threadsPerSocket {
                cpuinfo += """
                    processor\t: \(socket * threadsPerSocket + thread)
                    vendor_id\t: GenuineIntel
                    model name\t: \(model)
                    physical id\t: \(socket)
                    siblings\t: \(threadsPerSocket)
                    flags\t\t: fpu vme de pse tsc msr\(virtual ? " hypervisor" : "") avx2

                    """
            }
        }
        try write(cpuinfo, to: "cpuinfo", in: root)
        try write("MemTotal:       \(memoryKiB) kB\nMemFree:        1024 kB", to: "meminfo", in: root)
        return root
    }

    /// Deletes the tree at `path`.
    static func remove(_ path: String) {
        try? FileManager.default.removeItem(atPath: path)
    }
}

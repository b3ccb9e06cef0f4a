/// The RAPL energy counters of a machine: every package zone and its DRAM subzones, read together.
///
/// Linux exposes RAPL (Intel since Sandy Bridge, AMD since Zen) under `/sys/class/powercap` as
/// `intel-rapl:N` package zones with `intel-rapl:N:M` subzones, each an `energy_uj` counter of
/// microjoules that wraps to 0 after `max_energy_range_uj`. We sum the package zones (named
/// `package-…`) for CPU energy and their `dram` subzones for memory energy. Skipped on purpose:
/// `core`/`uncore` subzones (already inside the package), `psys` (the whole platform, which
/// includes the packages) and `intel-rapl-mmio:N` (a second view of the same package counter):
/// adding them would count the same joules twice. A zone directory without `energy_uj` is not a
/// counter and is skipped; a package without a `dram` subzone adds no memory energy.
///
/// Since 2020 kernels make `energy_uj` readable by root only. ``init(root:)`` reads every counter
/// once, so a meter learns at once, with an ``EnergyError`` that says why, that it must fall back.
public struct RAPLCounters: Sendable, Hashable {
    /// The values of every counter at one instant, in ``RAPLCounters/zones`` order.
    public struct Snapshot: Sendable, Hashable {
        /// Microjoules per zone.
        public var microjoules: [UInt64]
    }

    /// The powercap directory the zones were found in.
    public let root: String
    /// The counters, packages in index order, each followed by its DRAM subzones.
    public let zones: [RAPLZone]

    /// The counters under `root` (default `/sys/class/powercap`), each checked readable.
    ///
    /// - Throws: ``EnergyError/Code/raplUnavailable`` when `root` does not exist or holds no package
    ///   zone; ``EnergyError/Code/raplUnreadable`` when a counter or its range cannot be read or is
    ///   not a whole number (most often: `energy_uj` is readable by root only).
    public init(root: String = "/sys/class/powercap") throws(EnergyError) {
        guard SystemFiles.isDirectory(root) else {
            throw EnergyError(
                .raplUnavailable,
                "no RAPL counters: '\(root)' does not exist (usual on virtual machines); energy is estimated instead")
        }
        let names: [String]
        do {
            names = try SystemFiles.list(root)
        } catch {
            throw EnergyError(.raplUnreadable, "no RAPL counters: \(error.message)")
        }
        var zones: [RAPLZone] = []
        for package in names.compactMap(ZoneID.init).filter({ $0.sub == nil }).sorted() {
            let directory = SystemFiles.join(root, package.text)
            guard SystemFiles.exists(SystemFiles.join(directory, "energy_uj")) else { continue }
            let name = Self.zoneName(directory) ?? "package-\(package.package)"
            guard name.hasPrefix("package") else { continue }
            zones.append(try Self.zone(package.text, name: name, kind: .package, directory: directory))
            // Subzones sit inside the package directory; /sys/class/powercap also links them at the top.
            let inner = ((try? SystemFiles.list(directory)) ?? []).compactMap(ZoneID.init)
            let outer = names.compactMap(ZoneID.init)
            var seen = Set<String>()
            for sub in (inner + outer).filter({ $0.package == package.package && $0.sub != nil }).sorted()
            where seen.insert(sub.text).inserted {
                let subdirectory = SystemFiles.join(
                    inner.contains(sub) ? directory : root, sub.text)
                guard SystemFiles.exists(SystemFiles.join(subdirectory, "energy_uj")),
                    Self.zoneName(subdirectory) == "dram"
                else { continue }
                zones.append(try Self.zone(sub.text, name: "dram", kind: .dram, directory: subdirectory))
            }
        }
        guard zones.contains(where: { $0.kind == .package }) else {
            throw EnergyError(
                .raplUnavailable, "no RAPL counters: '\(root)' has no readable intel-rapl:N package zone")
        }
        self.root = root
        self.zones = zones
        _ = try read()
    }

    /// Every counter's value now.
    ///
    /// - Throws: ``EnergyError/Code/raplUnreadable`` when a counter cannot be read or parsed.
    public func read() throws(EnergyError) -> Snapshot {
        var values: [UInt64] = []
        values.reserveCapacity(zones.count)
        for zone in zones { values.append(try Self.counter(zone.energyPath)) }
        return Snapshot(microjoules: values)
    }

    /// The CPU (package) and RAM (dram) energy in joules between two snapshots of these counters.
    ///
    /// Each counter's increase is taken modulo its range (``delta(from:to:range:)``): at most one
    /// wrap between the snapshots can be seen, so take snapshots more often than a counter wraps
    /// (its range divided by the package's power: about 20 minutes for 262 kJ at 200 W).
    public func energy(from start: Snapshot, to end: Snapshot) -> (cpuJoules: Double, ramJoules: Double) {
        var cpu = 0.0
        var ram = 0.0
        for (index, zone) in zones.enumerated() where index < start.microjoules.count && index < end.microjoules.count {
            let joules =
                Double(
                    Self.delta(
                        from: start.microjoules[index], to: end.microjoules[index],
                        range: zone.maxEnergyRangeMicrojoules))
                / 1e6
            switch zone.kind {
            case .package: cpu += joules
            case .dram: ram += joules
            }
        }
        return (cpu, ram)
    }

    /// The increase of a counter from `start` to `end` in microjoules, with one wrap-around.
    ///
    /// `end − start` when the counter did not go down; otherwise it wrapped past `range` back to 0:
    /// `range − start + end`. (A `start` beyond `range` is impossible for a real counter; it
    /// then counts from 0 to `end`.)
    public static func delta(from start: UInt64, to end: UInt64, range: UInt64) -> UInt64 {
        if end >= start { return end - start }
        return start <= range ? (range - start) + end : end
    }

    // MARK: - Reading the tree

    /// A zone directory name `intel-rapl:P` or `intel-rapl:P:S`, ordered by numbers.
    private struct ZoneID: Hashable, Comparable {
        let text: String
        let package: Int
        let sub: Int?

        init?(_ text: String) {
            let prefix = "intel-rapl:"
            guard text.hasPrefix(prefix) else { return nil }
            let numbers = text.dropFirst(prefix.count).split(separator: ":", omittingEmptySubsequences: false)
            guard (1...2).contains(numbers.count), let package = Int(numbers[0]), package >= 0 else { return nil }
            if numbers.count == 2 {
                guard let sub = Int(numbers[1]), sub >= 0 else { return nil }
                self.sub = sub
            } else {
                self.sub = nil
            }
            self.text = text
            self.package = package
        }

        static func < (lhs: ZoneID, rhs: ZoneID) -> Bool {
            (lhs.package, lhs.sub ?? -1) < (rhs.package, rhs.sub ?? -1)
        }
    }

    /// The zone's `name` file, trimmed; `nil` when there is none.
    private static func zoneName(_ directory: String) -> String? {
        guard let text = try? SystemFiles.readText(SystemFiles.join(directory, "name")) else { return nil }
        return String(Substring(text).trimmingWhitespace())
    }

    private static func zone(
        _ id: String, name: String, kind: RAPLZone.Kind, directory: String
    ) throws(EnergyError)
        -> RAPLZone
    {
        let range = try counter(SystemFiles.join(directory, "max_energy_range_uj"))
        return RAPLZone(id: id, name: name, kind: kind, directory: directory, maxEnergyRangeMicrojoules: range)
    }

    /// The whole number in the counter file at `path`.
    private static func counter(_ path: String) throws(EnergyError) -> UInt64 {
        let text: String
        do {
            text = try SystemFiles.readText(path)
        } catch {
            let hint =
                error.isPermission
                ? " (the kernel lets only root read RAPL counters: run as root, "
                    + "or `sudo chmod a+r` the energy_uj files)"
                : ""
            throw EnergyError(.raplUnreadable, "RAPL counter unreadable: \(error.message)\(hint)")
        }
        let trimmed = Substring(text).trimmingWhitespace()
        guard let value = UInt64(trimmed) else {
            throw EnergyError(
                .raplUnreadable,
                "RAPL counter '\(path)' holds '\(trimmed.prefix(40))', not a whole number of microjoules")
        }
        return value
    }
}

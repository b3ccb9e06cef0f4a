/// CodeCarbon's table of CPU thermal design powers, and its rule for finding a CPU in it.
///
/// The table is CodeCarbon's `data/hardware/cpu_power.csv` (4918 CPUs, generated into
/// `CPUPowerData.swift` by `Scripts/extract-codecarbon-tables.py`). ``match(_:)`` reproduces
/// `codecarbon.core.cpu.TDP._get_matching_cpu` (non-greedy), so both methods that need a TDP
/// find the same CPU CodeCarbon finds; `Tests/Fixtures/energy/codecarbon_goldens.json` holds
/// CodeCarbon's own answers for about 7000 names and the tests require ours to equal them.
public enum CPUPowerTable {
    /// One row of the table.
    public struct Entry: Sendable, Hashable {
        /// The CPU's name as the table writes it (`Intel Xeon Gold 6148`).
        public let name: String
        /// The TDP in watts; `nil` for the four rows whose TDP is not a number (`27.29.5`).
        public let watts: Double?
    }

    /// The CPU a model name matched, and its TDP.
    public struct Match: Sendable, Hashable {
        /// The table's name for the CPU.
        public let name: String
        /// Its TDP in watts; `nil` when the table's value is not a number.
        public let watts: Double?
    }

    /// Every row, in the table's order.
    public static var entries: [Entry] { index.entries }

    /// The row CodeCarbon would pick for the CPU model name `model` (as `/proc/cpuinfo` shows it).
    ///
    /// CodeCarbon's rule, in order:
    /// 1. a name equal to `model`, ignoring case;
    /// 2. the same after removing `(R)`, everything from ` CPU @ ` on (when not at the start),
    ///    every ` CPU`, and every ` @ 2.40GHz`-like frequency;
    /// 3. the one name whose words (lower-cased, anything not a letter or digit a separator) are a
    ///    subset or a superset of the model's words (the words of step 2's text); when several
    ///    names qualify there is no match (CodeCarbon's non-greedy choice).
    ///
    /// - Returns: The matched row, or `nil` when CodeCarbon would not know the CPU.
    public static func match(_ model: String) -> Match? {
        let index = index
        if let row = index.firstRowByLowercasedName[model.lowercased()] { return index.match(row) }
        var cleaned = model.replacing("(R)", with: "")
        if let cut = cleaned.firstRange(of: " CPU @ "), cut.lowerBound > cleaned.startIndex {
            cleaned = String(cleaned[..<cut.lowerBound])
        }
        cleaned = cleaned.replacing(" CPU", with: "").replacing(#/ @\s*\d+\.\d+GHz/#, with: "")
        if let row = index.firstRowByLowercasedName[cleaned.lowercased()] { return index.match(row) }
        let words = CPUNameWords(cleaned)
        guard !words.isEmpty else { return nil }
        var found: Int?
        for (row, candidate) in index.words.enumerated() where words.containsOrIsContained(in: candidate) {
            if found != nil { return nil }
            found = row
        }
        return found.map(index.match)
    }

    /// The parsed table with its lookup structures, built on first use.
    private static let index = Index(rows: codeCarbonCPUPowerRows)

    private struct Index: Sendable {
        let entries: [Entry]
        let firstRowByLowercasedName: [String: Int]
        let words: [CPUNameWords]

        init(rows: String) {
            var entries: [Entry] = []
            var firstRow: [String: Int] = [:]
            for line in rows.split(separator: "\n") {
                guard let bar = line.lastIndex(of: "|") else { continue }
                let name = String(line[..<bar])
                let watts = Double(line[line.index(after: bar)...].trimmingWhitespace())
                if firstRow[name.lowercased()] == nil { firstRow[name.lowercased()] = entries.count }
                entries.append(Entry(name: name, watts: watts))
            }
            self.entries = entries
            self.firstRowByLowercasedName = firstRow
            self.words = entries.map { CPUNameWords($0.name) }
        }

        func match(_ row: Int) -> Match { Match(name: entries[row].name, watts: entries[row].watts) }
    }
}

/// The set of words of a name as rapidfuzz's `default_process` and `token_set_ratio` see them.
///
/// Every character that is not a letter or a number (Python's `str.isalnum`) separates words;
/// letters are lower-cased.
struct CPUNameWords: Sendable, Hashable {
    private let members: Set<String>

    init(_ text: String) {
        var words = Set<String>()
        var word = ""
        for scalar in text.unicodeScalars {
            if Self.isAlphanumeric(scalar) {
                word += scalar.properties.lowercaseMapping
            } else if !word.isEmpty {
                words.insert(word)
                word = ""
            }
        }
        if !word.isEmpty { words.insert(word) }
        members = words
    }

    var isEmpty: Bool { members.isEmpty }

    /// Whether the two sets share a word and one holds all the other's (`token_set_ratio` = 100).
    func containsOrIsContained(in other: CPUNameWords) -> Bool {
        guard !other.members.isEmpty, !members.isDisjoint(with: other.members) else { return false }
        return members.isSubset(of: other.members) || other.members.isSubset(of: members)
    }

    private static func isAlphanumeric(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter,
            .decimalNumber, .letterNumber, .otherNumber:
            return true
        default:
            return false
        }
    }
}

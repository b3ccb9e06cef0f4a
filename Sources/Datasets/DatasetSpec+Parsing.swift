extension DatasetSpec {
    /// The schemes a spec may start with.
    public static let schemes = ["builtin", "cifar", "cifar10", "cifar100", "mnist", "fashion-mnist", "npy"]

    /// Parses a spec such as `builtin:shapes?train=5000&seed=7`, `cifar10:/data/cifar` or
    /// `npy:/data/x.npy,/data/y.npy` (see ``DatasetSpec``).
    ///
    /// - Throws: ``DatasetError/Code/invalidSpec`` for an unknown scheme (the message lists the
    ///   valid ones), an unknown option or built-in name, a malformed value, or a missing path.
    ///   Files are not touched: ``load()`` reports problems with them.
    public init(parsing text: String) throws(DatasetError) {
        guard let colon = text.firstIndex(of: ":") else {
            throw DatasetError(
                .invalidSpec,
                "dataset spec '\(text)' has no scheme; write SCHEME:WHAT with SCHEME one of \(Self.schemes.joined(separator: ", "))"
            )
        }
        let scheme = String(text[..<colon]).lowercased()
        var (target, options) = try Options.split(
            String(text[text.index(after: colon)...]), spec: text, targetIsPath: scheme != "builtin")
        switch scheme {
        case "builtin":
            guard target == "shapes" else {
                throw DatasetError(
                    .invalidSpec, "unknown built-in dataset '\(target)' in '\(text)'; the built-in datasets are: shapes"
                )
            }
            let defaults = BuiltinShapes()
            let shapes = BuiltinShapes(
                trainCount: try options.integer("train") ?? defaults.trainCount,
                testCount: try options.integer("test") ?? defaults.testCount,
                seed: UInt64(try options.integer("seed") ?? Int(defaults.seed)))
            try options.finish(valid: ["train", "test", "seed"])
            self = .shapes(shapes)
        case "cifar", "cifar10", "cifar100":
            try Self.requirePath(target, in: text)
            var variant: CIFARVariant? = scheme == "cifar10" ? .cifar10 : nil
            if scheme == "cifar100" {
                switch try options.string("labels") ?? "fine" {
                case "fine": variant = .cifar100Fine
                case "coarse": variant = .cifar100Coarse
                case let other:
                    throw DatasetError(
                        .invalidSpec, "'\(text)' asks for labels=\(other); CIFAR-100 labels are fine or coarse")
                }
            }
            try options.finish(valid: scheme == "cifar100" ? ["labels"] : [])
            self = .cifar(path: target, variant: variant)
        case "mnist", "fashion-mnist":
            try Self.requirePath(target, in: text)
            let classCount = try options.integer("classes", minimum: 1) ?? 10
            try options.finish(valid: ["classes"])
            self = .idx(directory: target, name: scheme, classCount: classCount)
        case "npy":
            let files = target.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            guard files.count == 2 || files.count == 4, files.allSatisfy({ !$0.isEmpty }) else {
                throw DatasetError(
                    .invalidSpec,
                    "'\(text)' names \(files.count) files; write npy:IMAGES.npy,LABELS.npy or npy:IMAGES.npy,LABELS.npy,TEST_IMAGES.npy,TEST_LABELS.npy"
                )
            }
            var layout: ImageLayout?
            if let name = try options.string("layout") {
                guard let parsed = ImageLayout(rawValue: name.lowercased()) else {
                    throw DatasetError(.invalidSpec, "'\(text)' asks for layout=\(name); the layouts are nchw and nhwc")
                }
                layout = parsed
            }
            let classCount = try options.integer("classes", minimum: 1)
            try options.finish(valid: ["layout", "classes"])
            self = .numPy(
                NumPySource(
                    train: .init(images: files[0], labels: files[1]),
                    test: files.count == 4 ? .init(images: files[2], labels: files[3]) : nil,
                    layout: layout, classCount: classCount))
        default:
            throw DatasetError(
                .invalidSpec,
                "unknown dataset scheme '\(scheme)' in '\(text)'; valid schemes are \(Self.schemes.joined(separator: ", "))"
            )
        }
    }

    private static func requirePath(_ path: String, in text: String) throws(DatasetError) {
        guard !path.isEmpty else {
            throw DatasetError(.invalidSpec, "dataset spec '\(text)' has no path after its scheme")
        }
    }
}

/// The `key=value` options after a spec's last `?`, consumed one by one.
private struct Options {
    let spec: String
    var values: [String: String]

    /// Splits `rest` into its target and options. After a path, a `?` starts options only when
    /// what follows it is empty or holds a `=`, so a path may contain `?`.
    static func split(_ rest: String, spec: String, targetIsPath: Bool) throws(DatasetError) -> (String, Options) {
        guard let mark = targetIsPath ? rest.lastIndex(of: "?") : rest.firstIndex(of: "?") else {
            return (rest, Options(spec: spec, values: [:]))
        }
        let query = rest[rest.index(after: mark)...]
        if targetIsPath && !query.isEmpty && !query.contains("=") { return (rest, Options(spec: spec, values: [:])) }
        var values: [String: String] = [:]
        for pair in query.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard parts.count == 2, !parts[0].isEmpty else {
                throw DatasetError(.invalidSpec, "option '\(pair)' in '\(spec)' is not of the form key=value")
            }
            values[String(parts[0]).lowercased()] = String(parts[1])
        }
        return (String(rest[..<mark]), Options(spec: spec, values: values))
    }

    mutating func string(_ key: String) throws(DatasetError) -> String? {
        values.removeValue(forKey: key)
    }

    mutating func integer(_ key: String, minimum: Int = 0) throws(DatasetError) -> Int? {
        guard let text = values.removeValue(forKey: key) else { return nil }
        guard let value = Int(text), value >= minimum else {
            throw DatasetError(
                .invalidSpec, "option \(key)=\(text) in '\(spec)' must be a whole number of at least \(minimum)")
        }
        return value
    }

    /// Throws when an option was given that the scheme does not know.
    func finish(valid: [String]) throws(DatasetError) {
        guard let unknown = values.keys.sorted().first else { return }
        let known = valid.isEmpty ? "it takes no options" : "valid options are \(valid.joined(separator: ", "))"
        throw DatasetError(.invalidSpec, "unknown option '\(unknown)' in '\(spec)'; \(known)")
    }
}

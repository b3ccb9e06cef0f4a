import Tensors

/// The files a spec reads, and the same spec reading them from elsewhere.
///
/// A cluster moves file datasets as artifacts: the submitter lists the files (``localFiles(relativeTo:)``), keyed
/// by their path as the spec writes it; a worker fetches each by digest and loads ``relocated(_:linkingUnder:)``.
/// A built-in dataset reads no files and travels as its spec.
extension DatasetSpec {
    /// The paths written in the spec, in order: the `.npy` files, the CIFAR file or directory, the IDX directory;
    /// none for a built-in dataset.
    public var paths: [String] {
        switch self {
        case .shapes: return []
        case .cifar(let path, _): return [path]
        case .idx(let directory, _, _): return [directory]
        case .numPy(let source):
            return [source.train.images, source.train.labels] + (source.test.map { [$0.images, $0.labels] } ?? [])
        }
    }

    /// The same spec with every path of ``paths`` replaced by `transform(path)`.
    public func mappingPaths(_ transform: (String) -> String) -> DatasetSpec {
        switch self {
        case .shapes: return self
        case .cifar(let path, let variant): return .cifar(path: transform(path), variant: variant)
        case .idx(let directory, let name, let classCount):
            return .idx(directory: transform(directory), name: name, classCount: classCount)
        case .numPy(var source):
            source.train = .init(images: transform(source.train.images), labels: transform(source.train.labels))
            source.test = source.test.map { .init(images: transform($0.images), labels: transform($0.labels)) }
            return .numPy(source)
        }
    }

    /// Exactly the files ``load()`` opens, as the spec writes them (a file of a directory spec is the directory
    /// joined with the file's name), each once.
    ///
    /// Directory specs look into the directory, as the loaders do; `.npy` specs and a CIFAR file name their files
    /// and nothing is touched.
    ///
    /// - Parameter base: the directory relative paths of the spec are relative to; `nil` for the working directory.
    /// - Throws: ``DatasetError/Code/unreadable`` when a directory is missing or lacks the files its format needs.
    public func localFiles(relativeTo base: String? = nil) throws(DatasetError) -> [String] {
        func local(_ path: String) -> String {
            guard let base, !path.hasPrefix("/") else { return path }
            return DataFile.join(base, path)
        }
        /// `found`, a file under `local(directory)`, written under `directory` instead.
        func written(_ found: String, in directory: String) -> String {
            let prefix = DataFile.join(local(directory), "")
            return found.hasPrefix(prefix) ? DataFile.join(directory, String(found.dropFirst(prefix.count))) : found
        }
        var files: [String]
        switch self {
        case .shapes:
            files = []
        case .numPy:
            files = paths
        case .cifar(let path, let variant):
            guard BinaryFile.isDirectory(local(path)) else { return [path] }
            let batches = try CIFAR.findBatches(in: local(path), variant: variant)
            files = (batches.train + (batches.test.map { [$0] } ?? [])).map { written($0, in: path) }
        case .idx(let directory, _, _):
            let found = try IDX.files(in: local(directory))
            files = [found.train.images, found.train.labels] + (found.test.map { [$0.images, $0.labels] } ?? [])
            files = files.map { written($0, in: directory) }
        }
        var seen = Set<String>()
        return files.filter { seen.insert($0).inserted }
    }

    /// Where `file` sits in the spec: `""` for a path of ``paths`` itself, the name below the directory for a file
    /// of a directory spec (`cifar-10-batches-bin/data_batch_1.bin`, `train-images-idx3-ubyte`), `nil` when the
    /// spec never reads `file`.
    ///
    /// Pure: it looks at the text only, so it answers for files of another machine.
    public func relativeName(of file: String) -> String? {
        switch self {
        case .shapes:
            return nil
        case .numPy:
            return paths.contains(file) ? "" : nil
        case .cifar(let path, _):
            // A CIFAR directory holds its batches directly or in one folder of the archive.
            return file == path ? "" : Self.name(of: file, below: path, depth: 2)
        case .idx(let directory, _, _):
            return Self.name(of: file, below: directory, depth: 1)
        }
    }

    /// Checks that `files` can stand for the files of the spec: each is one the spec reads (``relativeName(of:)``),
    /// there is at least one for a file dataset and none for a built-in one, every `.npy` file is among them, and
    /// a CIFAR path is given either as one file or as files below it.
    ///
    /// - Throws: ``DatasetError/Code/invalidSpec`` naming the first file that does not fit, or the one missing.
    public func checkFiles(_ files: some Collection<String>) throws(DatasetError) {
        if case .shapes = self, let file = files.first {
            throw DatasetError(
                .invalidSpec, "'\(self)' is built in and reads no files, but a file '\(file)' was given for it")
        }
        if files.isEmpty, let path = paths.first {
            throw DatasetError(
                .invalidSpec, "no files were given for '\(self)'; give at least '\(path)' or the files in it")
        }
        for file in files.sorted() where relativeName(of: file) == nil {
            throw DatasetError(
                .invalidSpec,
                "'\(file)' is not a file that '\(self)' reads; give the files as the spec names them "
                    + "(a file of a directory as DIRECTORY/NAME)")
        }
        switch self {
        case .numPy:
            if let missing = paths.first(where: { !files.contains($0) }) {
                throw DatasetError(.invalidSpec, "'\(missing)' of '\(self)' is missing; give every file of the spec")
            }
        case .cifar(let path, _):
            if files.contains(path), files.count > 1 {
                throw DatasetError(
                    .invalidSpec, "'\(path)' of '\(self)' is given both as a file and as a directory of files")
            }
        case .shapes, .idx:
            break
        }
    }

    /// The same spec reading each file from `files[file]` instead (keys as the spec writes them, see
    /// ``relativeName(of:)``).
    ///
    /// Files named in the spec itself (`.npy` files, a CIFAR file) are replaced in the text. A directory spec gets a
    /// directory of symbolic links, `linkDirectory/NAME` to `files[DIRECTORY/NAME]`, so that the loader finds the
    /// names it looks for; links already there are kept when they point to the same file, so specs may share
    /// `linkDirectory` when their files are the same. Give each set of files a directory of its own.
    ///
    /// - Throws: ``DatasetError/Code/invalidSpec`` when `files` does not fit the spec (``checkFiles(_:)``),
    ///   ``DatasetError/Code/unreadable`` when a link cannot be made.
    public func relocated(_ files: [String: String], linkingUnder linkDirectory: String) throws(DatasetError)
        -> DatasetSpec
    {
        try checkFiles(files.keys)
        if case .shapes = self { return self }
        if paths.allSatisfy({ files[$0] != nil }) {
            return mappingPaths { files[$0]! }
        }
        for (file, target) in files.sorted(by: { $0.key < $1.key }) {
            try SymbolicLink.create(at: DataFile.join(linkDirectory, relativeName(of: file)!), to: target)
        }
        return mappingPaths { _ in linkDirectory }
    }

    /// The part of `file` below `directory`, when it is at most `depth` plain names deep.
    private static func name(of file: String, below directory: String, depth: Int) -> String? {
        let prefix = DataFile.join(directory, "")
        guard file.hasPrefix(prefix) else { return nil }
        let name = String(file.dropFirst(prefix.count))
        let parts = name.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count <= depth, parts.allSatisfy({ !$0.isEmpty && $0 != "." && $0 != ".." }) else { return nil }
        return name
    }
}

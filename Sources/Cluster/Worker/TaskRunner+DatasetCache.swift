import Datasets
import Synchronization

extension TaskRunner {
    /// The splits of dataset `spec`; when `files` gives the SHA-256 of its files (keyed by their paths in `spec`),
    /// the files are fetched as artifacts and read from there, never from the paths.
    ///
    /// A directory dataset is read through a directory of links named like the original files, under
    /// ``workDirectory``'s `datasets` folder, one directory per spec and set of digests.
    ///
    /// - Throws: ``TaskFailure`` for an unknown or corrupt artifact; `DatasetError` when the data cannot be loaded.
    func loadDataset(_ spec: String, files: [String: String]?) throws -> DatasetSplits {
        let key = DatasetCache.key(spec: spec, files: files)
        return try datasets.splits(of: key) {
            let parsed = try DatasetSpec(parsing: spec)
            guard let files, !files.isEmpty else { return try parsed.load() }
            var fetched: [String: String] = [:]
            for (file, sha256) in files.sorted(by: { $0.key < $1.key }) {
                fetched[file] = try artifacts.localPath(ofArtifact: sha256)
            }
            let links = workDirectory + "/datasets/" + String(SHA256.hex(SHA256.hash(Array(key.utf8))).prefix(16))
            return try parsed.relocated(fetched, linkingUnder: links).load()
        }
    }

    /// The dataset a runner loaded last, kept for the next task on the same spec and files.
    ///
    /// Tasks of one job share one dataset, and generating or reading it can take longer than a small measure
    /// task; one entry bounds the memory to one dataset. Loading happens outside the lock, so tasks on other
    /// specs never wait for each other.
    final class DatasetCache: Sendable {
        private let last = Mutex<(key: String, splits: DatasetSplits)?>(nil)

        /// What the cache tells datasets apart by: the spec and the digests of its files.
        static func key(spec: String, files: [String: String]?) -> String {
            ([spec] + (files ?? [:]).sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }).joined(separator: "\n")
        }

        /// The splits cached under `key`, or those `load` returns, which are then cached.
        func splits(of key: String, load: () throws -> DatasetSplits) throws -> DatasetSplits {
            if let cached = last.withLock({ $0 }), cached.key == key { return cached.splits }
            let splits = try load()
            last.withLock { $0 = (key, splits) }
            return splits
        }
    }
}

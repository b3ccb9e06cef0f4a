import Datasets
import Synchronization

extension TaskRunner {
    /// The dataset a runner loaded last, kept for the next task on the same spec.
    ///
    /// Tasks of one job share one dataset, and generating or reading it can take longer than a small measure
    /// task; one entry bounds the memory to one dataset. Loading happens outside the lock, so tasks on other
    /// specs never wait for each other.
    final class DatasetCache: Sendable {
        private let last = Mutex<(spec: String, splits: DatasetSplits)?>(nil)

        /// The splits of `spec`: the cached ones, or those `load` returns, which are then cached.
        func splits(of spec: String, load: () throws(DatasetError) -> DatasetSplits) throws(DatasetError)
            -> DatasetSplits
        {
            if let cached = last.withLock({ $0 }), cached.spec == spec { return cached.splits }
            let splits = try load()
            last.withLock { $0 = (spec, splits) }
            return splits
        }
    }
}

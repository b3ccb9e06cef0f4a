import Datasets
import Networks

extension Batches {
    /// The batches as the training loop and evaluation take them.
    public var labelled: LazyMapSequence<Batches, LabelledBatch> {
        lazy.map { LabelledBatch(images: $0.images, labels: $0.labels) }
    }
}

import Tensors

/// The clustering half of PreIndex: k-means on a layer's embedding, scored against the labels.
///
/// With `k` = classes and Lloyd's k-means started at class centroids (``KMeans``):
/// ```
/// inv_ari.clean         = 1 − ARI(y, kmeans(E_clean   from centroids(E_clean)))
/// inv_ari.shifted_own   = 1 − ARI(y, kmeans(E_shifted from centroids(E_shifted)))
/// inv_ari.shifted_clean = 1 − ARI(y, kmeans(E_shifted from centroids(E_clean)))
/// ```
public enum EmbeddingClustering {
    public static func inverseARI(
        clean: Tensor, shifted: Tensor, labels: [Int], classes: Int, kMeans: KMeans = KMeans()
    ) -> MeasureResult.InverseARI {
        let cleanCentres = KMeans.classCentroids(clean, labels: labels, classes: classes)
        let shiftedCentres = KMeans.classCentroids(shifted, labels: labels, classes: classes)
        let cleanPoints = KMeans.Points(clean), shiftedPoints = KMeans.Points(shifted)
        let runs = [(cleanPoints, cleanCentres), (shiftedPoints, shiftedCentres), (shiftedPoints, cleanCentres)]
        // The three runs are independent: run them side by side.
        var scores = [Double](repeating: 0, count: runs.count)
        scores.withUnsafeMutableBufferPointer { scores in
            let out = UncheckedSendable(scores)
            Compute.forEach(runs.count) { index in
                let (data, centres) = runs[index]
                out.value[index] = 1 - adjustedRandIndex(labels, kMeans.fit(data, initialCentres: centres).labels)
            }
        }
        return .init(clean: scores[0], shiftedOwn: scores[1], shiftedClean: scores[2])
    }
}

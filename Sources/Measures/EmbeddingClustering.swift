import Tensors

/// The clustering half of PreIndex: k-means on a layer's embedding, scored against the labels.
///
/// With `k` = classes and Lloyd's k-means started at class centroids (``KMeans``):
/// ```
/// inv_ari.clean         = 1 − ARI(y, kmeans(E_clean   from centroids(E_clean)))
/// inv_ari.shifted_own   = 1 − ARI(y, kmeans(E_shifted from centroids(E_shifted)))
/// inv_ari.shifted_clean = 1 − ARI(y, kmeans(E_shifted from centroids(E_clean)))
/// ```
/// With ``KMeans/Start/plusPlus(seed:)``, `centroids(E)` is instead k-means++ drawn on `E`'s rows
/// (the same seed for both embeddings).
public enum EmbeddingClustering {
    public static func inverseARI(
        clean: Tensor, shifted: Tensor, labels: [Int], classes: Int, kMeans: KMeans = KMeans(),
        start: KMeans.Start = .classCentroids
    ) -> MeasureResult.InverseARI {
        let cleanPoints = KMeans.Points(clean), shiftedPoints = KMeans.Points(shifted)
        func centres(_ points: KMeans.Points) -> Tensor {
            switch start {
            case .classCentroids: KMeans.classCentroids(points.data, labels: labels, classes: classes)
            case .plusPlus(let seed): KMeans.plusPlusCentres(points, count: min(classes, points.count), seed: seed)
            }
        }
        let cleanCentres = centres(cleanPoints), shiftedCentres = centres(shiftedPoints)
        // The clean run and the two runs on the shifted rows (in lockstep, sharing reads) side by side.
        let jobs = [(cleanPoints, [cleanCentres]), (shiftedPoints, [shiftedCentres, cleanCentres])]
        var fitted = [[KMeans.Clustering]](repeating: [], count: jobs.count)
        fitted.withUnsafeMutableBufferPointer { fitted in
            let out = UncheckedSendable(fitted)
            Compute.forEach(jobs.count) { index in
                out.value[index] = kMeans.fit(jobs[index].0, from: jobs[index].1)
            }
        }
        let scores = fitted.joined().map { 1 - adjustedRandIndex(labels, $0.labels) }
        return .init(clean: scores[0], shiftedOwn: scores[1], shiftedClean: scores[2])
    }
}

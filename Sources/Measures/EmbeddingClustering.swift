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
        func centres(_ points: KMeans.Points) -> Tensor {
            switch start {
            case .classCentroids: points.classCentroids!
            case .plusPlus(let seed): KMeans.plusPlusCentres(points, count: min(classes, points.count), seed: seed)
            }
        }
        // The clean run, then the two runs on the shifted rows in lockstep. Each run spreads its rows
        // over the cores, and while one embedding is read over and over the other stays out of the
        // cache (all three runs over both embeddings at once measured 10-15 % slower). The clean
        // rows' prepared form (with its binary16 copy) is gone before the shifted rows are prepared.
        let (cleanCentres, cleanFit) = {
            let points = KMeans.Points(clean, classes: labels, classCount: classes)
            let start = centres(points)
            return (start, kMeans.fit(points, initialCentres: start))
        }()
        let shiftedPoints = KMeans.Points(shifted, classes: labels, classCount: classes)
        let fitted = [cleanFit] + kMeans.fit(shiftedPoints, from: [centres(shiftedPoints), cleanCentres])
        let scores = fitted.map { 1 - adjustedRandIndex(labels, $0.labels) }
        return .init(clean: scores[0], shiftedOwn: scores[1], shiftedClean: scores[2])
    }
}

#!/usr/bin/env python3
"""Reference PreIndex / ARM computed from a `preindex measure --dump-activations DIR` dump.

This is the yardstick the Swift `--mode reference` pipeline is compared with, written the way the
original (Python) implementation works: numpy histograms and scipy distances, one sample and one
layer at a time, and scikit-learn k-means. Nothing here is vectorised beyond what the original
does, so `Tests/Fixtures/bench_measure.py` can time these very functions.

Input (the dump directory; every array a `.npy` v1.0 file):
  meta.json                  {"layers": [names, forward order], "classes": K, "shift": "...",
                              "seed": ..., "samples": N, "embeddingLayer": "..."}
  clean/<layer>.npy          float32 [N, C_l]: per sample, the spatial mean of each output channel
  shifted/<layer>.npy        of that Conv2d/Linear layer (pre-BatchNorm); same shape
  embedding_clean.npy        float32 [N, F]: the embedding layer's raw output, C*H*W per sample
  embedding_shifted.npy      float32 [N, F]
  labels.npy                 int64 [N], each in 0..K-1
A file with the wrong dtype, shape or a non-finite value is rejected with a ValueError naming it.

What is computed, exactly:

1. Histograms (`histogram`). For a float32 row v (one sample, one layer) and B in 16, 32, 64:
   `counts, edges = np.histogram(v, bins=B)`. numpy takes the range from v itself: a = v.min(),
   b = v.max() as float32 scalars; when a == b it uses a - 0.5 and b + 0.5, rounded to float32.
   The edges are float32 (numpy 2 linspace in float32):
       s = f32(f32(b - a) / B),  edge[i] = f32(f32(i * s) + a) for i < B,  edge[B] = b,
   and a value x is counted in bin i when edge[i] <= x < edge[i+1] (the last bin also takes
   x == edge[B]). If two edges coincide (a range of a few float32 ulps) numpy raises
   "Too many bins for data range"; so does this script. The histogram is normalised in float64:
   p = counts / counts.sum() (= counts / C_l), p from the clean row, q from the shifted row of the
   *same* sample.

2. Distances between p and q (all float64):
   w1             scipy.stats.wasserstein_distance(p, q): the two probability *vectors* taken as
                  samples of values (= mean |sort(p) - sort(q)|; bin order plays no part).
   js             scipy.spatial.distance.jensenshannon(p, q, base=None) ** 2: the Jensen-Shannon
                  divergence in nats, 0.5*sum(rel_entr(p, m)) + 0.5*sum(rel_entr(q, m)),
                  m = (p + q) / 2 (scipy takes a square root; squaring undoes it).
   bhattacharyya  1 - sum(sqrt(p * q)).
   kl             sum(scipy.special.rel_entr(p, q)) with inf and nan terms replaced by 0, i.e.
                  KL(clean || shifted) over the bins where q > 0 (it can come out negative).
   w1_principled  scipy.stats.wasserstein_distance(centres_p, centres_q, p, q): the histograms as
                  distributions over their own bin centres, centres = (edge[:-1] + edge[1:]) / 2
                  computed in float64 from the float32 edges.
   `p[B][distance]` is the plain mean over all (layer, sample) pairs (np.mean over an [L, N]
   array): 3 bin counts x 4 distances = 12 components, plus w1_principled for each B.

3. Clustering (`kmeans_and_ari`). E_c, E_s: the clean and shifted embeddings (float32), y the
   labels, K the classes. Class centroids are numpy float32 means, `E[y == k].mean(axis=0)`.
   Three runs of sklearn.cluster.KMeans(n_clusters=K, init=<centroids>, n_init=1, max_iter=300,
   tol=1e-4, algorithm="lloyd"): E_c from the clean centroids ("clean"), E_s from the shifted
   centroids ("shifted_own"), E_s from the clean centroids ("shifted_clean"). sklearn works in the
   dtype of X (float32 here), centres X on its column means first, stops when the labels repeat
   ("strict convergence") or when the summed squared centre shift is <= tol * mean(var(X, axis=0)),
   and then recomputes labels from the final centres; an empty cluster is moved to the points
   farthest from their centres. ari = sklearn.metrics.adjusted_rand_score(y, labels_),
   inv_ari = 1 - ari. n_iter_, labels_, inertia_ (and cluster_centers_ with --include-centres)
   are reported too.

4. ARM (`arm`). For each layer: lo, hi = min and max over that layer's clean and shifted values
   together (all samples, all channels), as float32. For each channel f:
   `np.histogram(clean[:, f], bins=64, range=(lo, hi))` (float32 edges, same formula as above with
   a = lo, b = hi; lo == hi widens by 0.5 each way) normalised to sum 1, likewise for shifted[:, f];
   the float64 average over channels gives P_l and Q_l. W1_l = scipy.stats.wasserstein_distance(
   centres, centres, P_l, Q_l) with the shared bin centres (float64 as above). ARM = mean over
   layers of W1_l.

5. `preindex` = p["64"]["js"], the product's default.

Output (JSON; floats written with repr, so they read back exactly):
  {"p": {"16": {"w1", "js", "bhattacharyya", "kl", "w1_principled"}, "32": ..., "64": ...},
   "p_per_layer": {layer: {same, averaged over samples only}},
   "inv_ari": {"clean", "shifted_own", "shifted_clean"}, "ari": {same keys},
   "kmeans": {run: {"n_iter", "inertia", "labels", "tol", ["centres", "init"]}},
   "arm": ..., "arm_per_layer": {layer: W1_l}, "preindex": ..., "meta": <meta.json>,
   "versions": {"numpy", "scipy", "sklearn"}}

Usage:
    python3 reference_pipeline.py DUMP_DIR [--out FILE] [--include-centres] [--threads N]
--threads N limits BLAS/OpenMP threads (the goldens use 1, so k-means sums are reproducible).
"""

import argparse
import json
import os
import sys
from dataclasses import dataclass

import numpy as np
import scipy
import scipy.spatial.distance
import scipy.special
import scipy.stats
import sklearn
import sklearn.cluster
import sklearn.metrics

BIN_COUNTS = (16, 32, 64)
DISTANCES = ("w1", "js", "bhattacharyya", "kl", "w1_principled")
ARM_BINS = 64
KMEANS_MAX_ITER = 300
KMEANS_TOL = 1e-4


# --- the dump ----------------------------------------------------------------------------------

@dataclass
class Dump:
    """One dump directory, loaded and checked."""

    meta: dict
    layers: list
    classes: int
    clean: dict  # layer -> float32 [N, C]
    shifted: dict  # layer -> float32 [N, C]
    embedding_clean: np.ndarray  # float32 [N, F]
    embedding_shifted: np.ndarray  # float32 [N, F]
    labels: np.ndarray  # int64 [N]

    @property
    def samples(self):
        return int(self.labels.shape[0])

    def subset(self, indices):
        """The same dump restricted to the given sample indices (for benchmarking)."""
        return Dump(
            meta=self.meta,
            layers=self.layers,
            classes=self.classes,
            clean={name: a[indices] for name, a in self.clean.items()},
            shifted={name: a[indices] for name, a in self.shifted.items()},
            embedding_clean=self.embedding_clean[indices],
            embedding_shifted=self.embedding_shifted[indices],
            labels=self.labels[indices],
        )


def _load_array(path, dtype, ndim, rows=None, columns=None):
    if not os.path.isfile(path):
        raise ValueError(f"{path}: file is missing; the dump needs it.")
    array = np.load(path, allow_pickle=False)
    if array.dtype != np.dtype(dtype):
        raise ValueError(f"{path}: dtype is {array.dtype}, expected {np.dtype(dtype)}.")
    if array.ndim != ndim:
        raise ValueError(f"{path}: shape is {array.shape}, expected {ndim} dimensions.")
    if rows is not None and array.shape[0] != rows:
        raise ValueError(f"{path}: has {array.shape[0]} rows, expected {rows} (one per sample).")
    if columns is not None and array.shape[1] != columns:
        raise ValueError(f"{path}: has {array.shape[1]} columns, expected {columns}.")
    if array.dtype.kind == "f" and not np.all(np.isfinite(array)):
        raise ValueError(f"{path}: contains NaN or infinite values; expected finite activations.")
    return np.ascontiguousarray(array)


def load_dump(directory):
    """Reads and validates a dump directory (see the module docstring for the format)."""
    meta_path = os.path.join(directory, "meta.json")
    if not os.path.isfile(meta_path):
        raise ValueError(f"{meta_path}: file is missing; is {directory} a dump directory?")
    with open(meta_path) as f:
        meta = json.load(f)
    for key in ("layers", "classes", "samples"):
        if key not in meta:
            raise ValueError(f"{meta_path}: key '{key}' is missing.")
    layers = list(meta["layers"])
    classes = int(meta["classes"])
    samples = int(meta["samples"])
    if not layers:
        raise ValueError(f"{meta_path}: 'layers' is empty; expected at least one layer.")
    if classes < 2:
        raise ValueError(f"{meta_path}: 'classes' is {classes}; expected at least 2.")
    if samples < 1:
        raise ValueError(f"{meta_path}: 'samples' is {samples}; expected at least 1.")

    labels = _load_array(os.path.join(directory, "labels.npy"), np.int64, 1, rows=samples)
    if labels.min() < 0 or labels.max() >= classes:
        raise ValueError(f"labels.npy: labels span {labels.min()}..{labels.max()}, "
                         f"expected 0..{classes - 1}.")
    clean, shifted = {}, {}
    for name in layers:
        c = _load_array(os.path.join(directory, "clean", name + ".npy"), np.float32, 2,
                        rows=samples)
        if c.shape[1] <= classes:
            raise ValueError(f"clean/{name}.npy: {c.shape[1]} channels; a participating layer "
                             f"is wider than the {classes} classes.")
        s = _load_array(os.path.join(directory, "shifted", name + ".npy"), np.float32, 2,
                        rows=samples, columns=c.shape[1])
        clean[name], shifted[name] = c, s
    embedding_clean = _load_array(os.path.join(directory, "embedding_clean.npy"), np.float32, 2,
                                  rows=samples)
    embedding_shifted = _load_array(os.path.join(directory, "embedding_shifted.npy"), np.float32,
                                    2, rows=samples, columns=embedding_clean.shape[1])
    return Dump(meta, layers, classes, clean, shifted, embedding_clean, embedding_shifted, labels)


# --- pieces ------------------------------------------------------------------------------------

def histogram(values, bins, value_range=None):
    """numpy's histogram of a float32 vector: (int64 counts, float32 edges)."""
    values = np.asarray(values)
    if values.dtype != np.float32:
        raise ValueError(f"histogram: values are {values.dtype}, expected float32.")
    counts, edges = np.histogram(values, bins=bins, range=value_range)
    return counts, edges


def normalised(counts):
    """Counts divided by their sum, float64."""
    return counts / counts.sum()


def bin_centres(edges):
    """Bin centres in float64 from (float32) edges."""
    e = np.asarray(edges, dtype=np.float64)
    return (e[:-1] + e[1:]) / 2.0


def w1_reference(p, q):
    """scipy W1 with the probability vectors treated as samples of values."""
    return float(scipy.stats.wasserstein_distance(p, q))


def w1_principled(centres_p, centres_q, p, q):
    """scipy W1 between the distributions p over centres_p and q over centres_q."""
    return float(scipy.stats.wasserstein_distance(centres_p, centres_q, p, q))


def js_divergence(p, q):
    """Jensen-Shannon divergence in nats, as scipy's distance squared."""
    return float(scipy.spatial.distance.jensenshannon(p, q, base=None) ** 2)


def js_divergence_rel_entr(p, q):
    """The same divergence written out: 0.5 KL(p || m) + 0.5 KL(q || m), m = (p + q) / 2."""
    m = (p + q) / 2.0
    return float(0.5 * np.sum(scipy.special.rel_entr(p, m)) +
                 0.5 * np.sum(scipy.special.rel_entr(q, m)))


def bhattacharyya(p, q):
    """One minus the Bhattacharyya coefficient."""
    return float(1.0 - np.sum(np.sqrt(p * q)))


def kl_dropped(p, q):
    """sum(rel_entr(p, q)) with inf/nan terms set to 0."""
    terms = scipy.special.rel_entr(p, q)
    terms[~np.isfinite(terms)] = 0.0
    return float(np.sum(terms))


def distances(p, q, edges_p, edges_q):
    """All five distances of one (p, q) pair."""
    return {
        "w1": w1_reference(p, q),
        "js": js_divergence(p, q),
        "bhattacharyya": bhattacharyya(p, q),
        "kl": kl_dropped(p, q),
        "w1_principled": w1_principled(bin_centres(edges_p), bin_centres(edges_q), p, q),
    }


# --- the pipeline ------------------------------------------------------------------------------

def p_components(dump, distance_names=DISTANCES):
    """Grand means over (layer, sample) of every distance for every bin count, looping per sample
    and per layer like the original. Returns (p, p_per_layer)."""
    n = dump.samples
    table = {b: {d: np.zeros((len(dump.layers), n)) for d in distance_names} for b in BIN_COUNTS}
    for li, name in enumerate(dump.layers):
        clean, shifted = dump.clean[name], dump.shifted[name]
        for s in range(n):
            for b in BIN_COUNTS:
                counts_p, edges_p = np.histogram(clean[s], bins=b)
                counts_q, edges_q = np.histogram(shifted[s], bins=b)
                p, q = normalised(counts_p), normalised(counts_q)
                row = table[b]
                if "w1" in row:
                    row["w1"][li, s] = w1_reference(p, q)
                if "js" in row:
                    row["js"][li, s] = js_divergence(p, q)
                if "bhattacharyya" in row:
                    row["bhattacharyya"][li, s] = bhattacharyya(p, q)
                if "kl" in row:
                    row["kl"][li, s] = kl_dropped(p, q)
                if "w1_principled" in row:
                    row["w1_principled"][li, s] = w1_principled(
                        bin_centres(edges_p), bin_centres(edges_q), p, q)
    p_means = {str(b): {d: float(np.mean(table[b][d])) for d in distance_names} for b in BIN_COUNTS}
    per_layer = {
        name: {str(b): {d: float(np.mean(table[b][d][li])) for d in distance_names}
               for b in BIN_COUNTS}
        for li, name in enumerate(dump.layers)
    }
    return p_means, per_layer


def class_centroids(embedding, labels, classes):
    """Per-class float32 means; every class needs at least one sample."""
    centroids = np.empty((classes, embedding.shape[1]), dtype=embedding.dtype)
    for k in range(classes):
        members = embedding[labels == k]
        if members.shape[0] == 0:
            raise ValueError(f"class {k} has no samples; class-centroid initialisation needs "
                             f"every one of the {classes} classes present.")
        centroids[k] = members.mean(axis=0)
    return centroids


def kmeans(data, init, max_iter=KMEANS_MAX_ITER, tol=KMEANS_TOL):
    """sklearn Lloyd k-means from explicit initial centres, one run."""
    model = sklearn.cluster.KMeans(n_clusters=init.shape[0], init=init, n_init=1,
                                   max_iter=max_iter, tol=tol, algorithm="lloyd")
    model.fit(data)
    return model


def sklearn_tolerance(data, tol=KMEANS_TOL):
    """The absolute tolerance sklearn derives: tol * mean over features of the variance."""
    return float(np.mean(np.var(data, axis=0)) * tol)


def kmeans_and_ari(dump, include_centres=False):
    """The three k-means runs and their adjusted Rand indices."""
    centroids_clean = class_centroids(dump.embedding_clean, dump.labels, dump.classes)
    centroids_shifted = class_centroids(dump.embedding_shifted, dump.labels, dump.classes)
    runs = {
        "clean": (dump.embedding_clean, centroids_clean),
        "shifted_own": (dump.embedding_shifted, centroids_shifted),
        "shifted_clean": (dump.embedding_shifted, centroids_clean),
    }
    ari, inv_ari, details = {}, {}, {}
    for key, (data, init) in runs.items():
        model = kmeans(data, init)
        score = float(sklearn.metrics.adjusted_rand_score(dump.labels, model.labels_))
        ari[key] = score
        inv_ari[key] = 1.0 - score
        entry = {
            "n_iter": int(model.n_iter_),
            "inertia": float(model.inertia_),
            "tol": sklearn_tolerance(data),
            "labels": [int(v) for v in model.labels_],
        }
        if include_centres:
            entry["init"] = init.astype(np.float64).tolist()
            entry["centres"] = model.cluster_centers_.astype(np.float64).tolist()
        details[key] = entry
    return ari, inv_ari, details


def layer_arm(clean, shifted, bins=ARM_BINS):
    """W1 between the channel-averaged dataset histograms of one layer."""
    lo = np.float32(min(clean.min(), shifted.min()))
    hi = np.float32(max(clean.max(), shifted.max()))
    total_p = np.zeros(bins)
    total_q = np.zeros(bins)
    edges = None
    for f in range(clean.shape[1]):
        counts_p, edges = np.histogram(clean[:, f], bins=bins, range=(lo, hi))
        counts_q, _ = np.histogram(shifted[:, f], bins=bins, range=(lo, hi))
        total_p += normalised(counts_p)
        total_q += normalised(counts_q)
    big_p = total_p / clean.shape[1]
    big_q = total_q / clean.shape[1]
    centres = bin_centres(edges)
    return float(scipy.stats.wasserstein_distance(centres, centres, big_p, big_q))


def arm(dump):
    """(ARM, per-layer W1)."""
    per_layer = {name: layer_arm(dump.clean[name], dump.shifted[name]) for name in dump.layers}
    return float(np.mean(list(per_layer.values()))), per_layer


def versions():
    return {"numpy": np.__version__, "scipy": scipy.__version__, "sklearn": sklearn.__version__}


def reference_preindex(dump, include_centres=False):
    """Every component, as the JSON object documented above."""
    p, p_per_layer = p_components(dump)
    ari, inv_ari, details = kmeans_and_ari(dump, include_centres)
    arm_value, arm_per_layer = arm(dump)
    return {
        "p": p,
        "p_per_layer": p_per_layer,
        "inv_ari": inv_ari,
        "ari": ari,
        "kmeans": details,
        "arm": arm_value,
        "arm_per_layer": arm_per_layer,
        "preindex": p["64"]["js"],
        "meta": dump.meta,
        "versions": versions(),
    }


def limited_threads(threads):
    """A context limiting BLAS/OpenMP threads, or a no-op when threads is None."""
    import contextlib
    if threads is None:
        return contextlib.nullcontext()
    from threadpoolctl import threadpool_limits
    return threadpool_limits(limits=threads)


def main(argv=None):
    parser = argparse.ArgumentParser(description="Reference PreIndex/ARM of an activation dump.")
    parser.add_argument("dump", help="directory written by `preindex measure --dump-activations`")
    parser.add_argument("--out", help="write the JSON here instead of stdout")
    parser.add_argument("--include-centres", action="store_true",
                        help="also report k-means initial and final centres (K x F numbers each)")
    parser.add_argument("--threads", type=int, default=None,
                        help="limit BLAS/OpenMP threads (goldens use 1)")
    args = parser.parse_args(argv)
    try:
        dump = load_dump(args.dump)
        with limited_threads(args.threads):
            result = reference_preindex(dump, include_centres=args.include_centres)
    except ValueError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    text = json.dumps(result, indent=1, allow_nan=False) + "\n"
    if args.out:
        with open(args.out, "w") as f:
            f.write(text)
    else:
        sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""Writes the golden files the Measures tests compare with (numpy, scipy, scikit-learn).

Run from anywhere: `python3 Tests/Fixtures/measures/make_fixtures.py` (needs numpy, scipy,
scikit-learn; threadpoolctl, which comes with scikit-learn). Everything is seeded and computed
with one BLAS/OpenMP thread, so a rerun rewrites the same bytes for the same library versions.

Files (all next to this script):

  dump/                    a synthetic activation dump in exactly the format of
                           `preindex measure --dump-activations` (see reference_pipeline.py):
                           3 layers "conv1" (8 channels), "layer1.0.conv1" (16), "layer2.0.conv1"
                           (12); K = 4 classes, N = 40 samples (10 per class, shuffled);
                           embedding layer "layer2.0.conv1" with output 12 x 1 x 2, so F = 24 and
                           clean/layer2.0.conv1.npy is exactly the float32 mean over the two
                           positions of each channel of the embedding. Values look like pre-BN
                           conv outputs (channel offsets and scales, negative values, a dead
                           channel of exact zeros in conv1). In layer1.0.conv1 the clean row of
                           sample 7 is constant 0.3, the shifted row of sample 19 is constant
                           -1.5 and sample 23 is constant 2.0 in both (numpy's +-0.5 range rule).
                           shifted = clean + channel-scaled Gaussian noise + an offset; the shifted
                           embedding is shrunk, offset and noisy so k-means moves points.
  dump_expected.json       reference_pipeline.py on dump/ (with k-means init and final centres).
  dump_noshift/            the same clean data with shifted == clean byte for byte (shift
                           "gaussian:0"): every p component must be 0 (Bhattacharyya to rounding:
                           1 - sum(p) in float64), the three inv_ari equal, ARM 0.
  dump_noshift_expected.json
  pieces.json              piece-by-piece goldens:
    "histograms": pairs of float32 vectors (clean, shifted) of lengths 1 to 512 (random, constant,
        all zero, exact zeros, tiny 1e-6 and 1e-20 scales, 1e4 scale, values on bin edges, narrow
        ranges where float32 edge rounding shows) with, for bins 16/32/64, numpy's counts and
        float32 edges of each vector and the five distances between the normalised pair;
        "histogram_errors": vectors for which numpy raises (edges collide).
    "distances": pairs of float64 probability vectors (zeros in p only, in q only, in both,
        identical, one-hot, tiny masses) with explicit centres for the principled W1, and w1,
        w1_principled, js (jensenshannon**2), js_rel_entr (the written-out form), bhattacharyya,
        kl; w1_sorted = mean |sort(p) - sort(q)| for comparison.
    "kmeans": float32 data sets (2-D and 5-D) with explicit init, max_iter and tol: sklearn's
        final labels, centres, n_iter, inertia and absolute tolerance; one case hits max_iter,
        one stops on the tolerance, one starts with a centre that gets no points (sklearn then
        moves it to the point farthest from its centre; flagged "empty_cluster": true).
    "ari": label pairs (identical, permuted, one cluster, all singletons, random, ...) with
        sklearn's adjusted_rand_score.
  Every float32 number is written as the exact decimal of its double value: read it as Double,
  convert to Float, and it is the same float32.

The script also checks what the Swift code relies on: numpy's float32 edges equal
f32(f32(i * f32(f32(b - a) / B)) + a) with the last edge b, counts equal the edge rule
edge[i] <= x < edge[i+1] (last bin closed), jensenshannon**2 equals the rel_entr form to 1e-12,
and W1 of the vectors equals mean |sort(p) - sort(q)|.
"""

import json
import os
import shutil
import sys

import numpy as np
import sklearn.metrics
from threadpoolctl import threadpool_limits

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import reference_pipeline as ref  # noqa: E402

CLASSES = 4
SAMPLES = 40
LAYERS = [("conv1", 8), ("layer1.0.conv1", 16), ("layer2.0.conv1", 12)]
EMBEDDING_LAYER = "layer2.0.conv1"
EMBEDDING_SHAPE = (12, 1, 2)


def f32list(a):
    return [float(v) for v in np.asarray(a, dtype=np.float32).ravel()]


def write_json(name, obj):
    with open(os.path.join(HERE, name), "w") as f:
        f.write(json.dumps(obj, indent=1, allow_nan=False) + "\n")


# --- synthetic dump ----------------------------------------------------------------------------

def synthetic_activations(rng):
    labels = np.repeat(np.arange(CLASSES, dtype=np.int64), SAMPLES // CLASSES)
    rng.shuffle(labels)

    # Embedding: class centres plus overlapping noise, plus per-channel offsets.
    c, h, w = EMBEDDING_SHAPE
    centres = rng.normal(0.0, 0.3, (CLASSES, c, h, w))
    channel_offset = rng.normal(0.0, 0.5, (1, c, 1, 1))
    emb_clean = centres[labels] + channel_offset + rng.normal(0.0, 0.85, (SAMPLES, c, h, w))
    emb_shifted = (0.8 * emb_clean + 0.3 * rng.normal(0.0, 1.0, (1, c, h, w))
                   + rng.normal(0.0, 0.6, (SAMPLES, c, h, w)))
    emb_clean = emb_clean.astype(np.float32)
    emb_shifted = emb_shifted.astype(np.float32)

    clean, shifted = {}, {}
    for name, width in LAYERS:
        if name == EMBEDDING_LAYER:
            clean[name] = emb_clean.reshape(SAMPLES, c, h * w).mean(axis=2)
            shifted[name] = emb_shifted.reshape(SAMPLES, c, h * w).mean(axis=2)
            continue
        offset = rng.normal(0.0, 0.5, width)
        scale = rng.uniform(0.5, 2.0, width)
        brightness = rng.normal(0.0, 0.3, (SAMPLES, 1))
        class_effect = rng.normal(0.0, 0.3, (CLASSES, width))[labels]
        x = offset + scale * (brightness + class_effect + rng.normal(0.0, 0.4, (SAMPLES, width)))
        y = x + 0.25 * scale * rng.normal(0.0, 1.0, (SAMPLES, width)) + 0.05
        clean[name], shifted[name] = x.astype(np.float32), y.astype(np.float32)

    # A dead filter: exact zeros, clean and shifted.
    clean["conv1"][:, 5] = 0.0
    shifted["conv1"][:, 5] = 0.0
    # Constant rows: numpy widens the range by 0.5 each way.
    clean["layer1.0.conv1"][7, :] = np.float32(0.3)
    shifted["layer1.0.conv1"][19, :] = np.float32(-1.5)
    clean["layer1.0.conv1"][23, :] = np.float32(2.0)
    shifted["layer1.0.conv1"][23, :] = np.float32(2.0)
    for name, _ in LAYERS:
        assert clean[name].dtype == np.float32 and shifted[name].dtype == np.float32
    return labels, clean, shifted, emb_clean.reshape(SAMPLES, -1), emb_shifted.reshape(SAMPLES, -1)


def write_dump(directory, shift, labels, clean, shifted, emb_clean, emb_shifted):
    path = os.path.join(HERE, directory)
    if os.path.isdir(path):
        shutil.rmtree(path)
    os.makedirs(os.path.join(path, "clean"))
    os.makedirs(os.path.join(path, "shifted"))
    meta = {
        "layers": [name for name, _ in LAYERS],
        "classes": CLASSES,
        "shift": shift,
        "seed": 0,
        "samples": SAMPLES,
        "embeddingLayer": EMBEDDING_LAYER,
    }
    with open(os.path.join(path, "meta.json"), "w") as f:
        f.write(json.dumps(meta, indent=1) + "\n")
    for name, _ in LAYERS:
        np.save(os.path.join(path, "clean", name + ".npy"), clean[name])
        np.save(os.path.join(path, "shifted", name + ".npy"), shifted[name])
    np.save(os.path.join(path, "embedding_clean.npy"), emb_clean)
    np.save(os.path.join(path, "embedding_shifted.npy"), emb_shifted)
    np.save(os.path.join(path, "labels.npy"), labels)
    return path


def check_dump_pieces(dump):
    """Every histogram of the dump (per sample, and ARM's shared-range ones) follows the documented
    float32 rule, and jensenshannon**2 equals the rel_entr form on every pair."""
    for name in dump.layers:
        clean, shifted = dump.clean[name], dump.shifted[name]
        for s in range(dump.samples):
            for b in ref.BIN_COUNTS:
                cp, ep = np.histogram(clean[s], bins=b)
                cq, eq = np.histogram(shifted[s], bins=b)
                check_numpy_histogram_rule(clean[s], b, cp, ep)
                check_numpy_histogram_rule(shifted[s], b, cq, eq)
                p, q = ref.normalised(cp), ref.normalised(cq)
                assert abs(ref.js_divergence(p, q) - ref.js_divergence_rel_entr(p, q)) <= 1e-12
        lo = np.float32(min(clean.min(), shifted.min()))
        hi = np.float32(max(clean.max(), shifted.max()))
        for f in range(clean.shape[1]):
            for column in (clean[:, f], shifted[:, f]):
                counts, edges = np.histogram(column, bins=ref.ARM_BINS, range=(lo, hi))
                check_numpy_histogram_rule(column, ref.ARM_BINS, counts, edges, (lo, hi))


def check_kmeans_not_knife_edge(dump, expected):
    """The same k-means in float64 must give the same labels and iterations, so the golden does
    not hinge on float32 rounding (the Swift code may sum in another order)."""
    centroids = {
        "clean": ref.class_centroids(dump.embedding_clean, dump.labels, dump.classes),
        "shifted": ref.class_centroids(dump.embedding_shifted, dump.labels, dump.classes),
    }
    runs = {
        "clean": (dump.embedding_clean, "clean"),
        "shifted_own": (dump.embedding_shifted, "shifted"),
        "shifted_clean": (dump.embedding_shifted, "clean"),
    }
    for key, (data, init) in runs.items():
        model = ref.kmeans(data.astype(np.float64), centroids[init].astype(np.float64))
        assert model.n_iter_ == expected["kmeans"][key]["n_iter"], key
        assert model.labels_.tolist() == expected["kmeans"][key]["labels"], key


def make_dumps():
    rng = np.random.default_rng(20240317)
    labels, clean, shifted, emb_clean, emb_shifted = synthetic_activations(rng)

    path = write_dump("dump", "gaussian:0.1", labels, clean, shifted, emb_clean, emb_shifted)
    dump = ref.load_dump(path)
    check_dump_pieces(dump)
    expected = ref.reference_preindex(dump, include_centres=True)
    check_kmeans_not_knife_edge(dump, expected)
    write_json("dump_expected.json", expected)

    same = {name: a.copy() for name, a in clean.items()}
    path = write_dump("dump_noshift", "gaussian:0", labels, clean, same, emb_clean,
                      emb_clean.copy())
    noshift = ref.reference_preindex(ref.load_dump(path), include_centres=True)
    for b in ref.BIN_COUNTS:
        for d in ref.DISTANCES:
            value = noshift["p"][str(b)][d]
            assert abs(value) <= 1e-15, (b, d, value)
    assert len(set(noshift["inv_ari"].values())) == 1, noshift["inv_ari"]
    assert noshift["arm"] == 0.0, noshift["arm"]
    write_json("dump_noshift_expected.json", noshift)
    return expected, noshift


# --- pieces: histograms ------------------------------------------------------------------------

def check_numpy_histogram_rule(v, bins, counts, edges, value_range=None):
    """Asserts the documented float32 edge formula and counting rule."""
    a, b = (v.min(), v.max()) if value_range is None else value_range
    if a == b:
        a, b = np.float32(a - np.float32(0.5)), np.float32(b + np.float32(0.5))
    step = np.float32(np.float32(b - a) / np.float32(bins))
    mine = np.array([np.float32(np.float32(np.float32(i) * step) + a) for i in range(bins)] + [b],
                    dtype=np.float32)
    assert edges.dtype == np.float32 and np.array_equal(mine, edges), (v, bins)
    index = np.searchsorted(edges, v, side="right") - 1
    index[index == bins] = bins - 1
    assert np.array_equal(np.bincount(index, minlength=bins), counts), (v, bins)


def histogram_vectors(rng):
    """(description, clean, shifted) float32 pairs."""
    f = np.float32
    cases = [
        ("random normal, 10", rng.normal(0, 1, 10), None),
        ("single value", np.array([0.7]), np.array([-0.2])),
        ("constant 0.1 vs noisy", np.full(16, 0.1), None),
        ("all zeros vs noisy", np.zeros(8), None),
        ("constant -3.7 both", np.full(5, -3.7), np.full(5, -3.7)),
        ("relu-like with exact zeros, 64", np.maximum(rng.normal(0, 1, 64), 0), None),
        ("tiny 1e-6 scale, 32", rng.normal(0, 1e-6, 32), None),
        ("tiny 1e-20 scale, 24", rng.normal(0, 1e-20, 24), None),
        ("large 1e4 scale, 100", rng.normal(5e3, 1e4, 100), None),
        ("two values", np.array([-1.0, 1.0]), np.array([1.0, -1.0])),
        ("integers on 16-bin edges", np.arange(17, dtype=np.float64), np.arange(17)[::-1] * 0.5),
        ("0, 0, 1", np.array([0.0, 0.0, 1.0]), np.array([0.0, 1.0, 1.0])),
        ("repeats with an outlier", np.array([0.5] * 20 + [9.0]), None),
        ("resnet18 width 512", rng.normal(0.2, 0.7, 512), None),
        ("skewed exponential", rng.exponential(1.0, 48) - 1.0, None),
        ("narrow range near 1", 1.0 + rng.uniform(0, 1e-4, 40), None),
        ("narrow range near 100", 100.0 + rng.uniform(0, 1e-2, 40), None),
        ("uniform [-1, 1], 64", rng.uniform(-1, 1, 64), None),
        ("all negative, 20", -rng.uniform(0.1, 5.0, 20), None),
        ("constant shifted row", rng.normal(0, 1, 12), np.full(12, 0.3)),
        ("half-integers, 128", rng.integers(-8, 8, 128) * 0.5, None),
    ]
    pairs = []
    for description, clean, shifted in cases:
        clean = np.asarray(clean, dtype=np.float64)
        if shifted is None:
            spread = float(np.ptp(clean)) or 1.0
            shifted = clean + rng.normal(0, 0.2 * spread, clean.shape)
        shifted = np.asarray(shifted, dtype=np.float64)
        pairs.append((description, clean.astype(f), shifted.astype(f)))
    return pairs


def histogram_pieces(rng):
    out = []
    for description, clean, shifted in histogram_vectors(rng):
        entry = {"description": description, "clean": f32list(clean), "shifted": f32list(shifted),
                 "bins": {}}
        for bins in ref.BIN_COUNTS:
            counts_p, edges_p = ref.histogram(clean, bins)
            counts_q, edges_q = ref.histogram(shifted, bins)
            check_numpy_histogram_rule(clean, bins, counts_p, edges_p)
            check_numpy_histogram_rule(shifted, bins, counts_q, edges_q)
            p, q = ref.normalised(counts_p), ref.normalised(counts_q)
            entry["bins"][str(bins)] = {
                "clean": {"counts": [int(c) for c in counts_p], "edges": f32list(edges_p)},
                "shifted": {"counts": [int(c) for c in counts_q], "edges": f32list(edges_q)},
                "distances": ref.distances(p, q, edges_p, edges_q),
            }
        out.append(entry)
    errors = []
    for values, bins in (([1.0, 1.0000001], 64), ([1000.0, 1000.0001, 1000.0002], 16)):
        v = np.array(values, dtype=np.float32)
        try:
            np.histogram(v, bins=bins)
        except ValueError as error:
            errors.append({"values": f32list(v), "bins": bins, "numpy_error": str(error)})
        else:
            raise AssertionError(f"numpy did not raise for {values}")
    return out, errors


# --- pieces: distances -------------------------------------------------------------------------

def probability_pairs(rng):
    def dirichlet(n, alpha=1.0):
        return rng.dirichlet(np.full(n, alpha))

    def with_zeros(v, indices):
        v = v.copy()
        v[list(indices)] = 0.0
        return v / v.sum()

    def unit(v):
        return v / v.sum()

    u16 = np.full(16, 1 / 16)
    cases = [
        ("identical uniform 16", u16, u16.copy()),
        ("identical random 32", (x := dirichlet(32)), x.copy()),
        ("one-hot, different bins", np.eye(16)[0], np.eye(16)[15]),
        ("one-hot, same bin", np.eye(8)[3], np.eye(8)[3].copy()),
        ("zeros in p only", with_zeros(dirichlet(16), [0, 5, 9]), dirichlet(16)),
        ("zeros in q only", dirichlet(16), with_zeros(dirichlet(16), [2, 3, 15])),
        ("zeros in both, same bins", with_zeros(dirichlet(32), [1, 7, 30]),
         with_zeros(dirichlet(32), [1, 7, 30])),
        ("zeros in both, different bins", with_zeros(dirichlet(32), range(0, 32, 3)),
         with_zeros(dirichlet(32), range(1, 32, 4))),
        ("random 16", dirichlet(16), dirichlet(16)),
        ("random 64", dirichlet(64), dirichlet(64)),
        ("sparse random 64", dirichlet(64, 0.1), dirichlet(64, 0.1)),
        ("tiny masses", with_zeros(np.r_[1 - 15e-12, np.full(15, 1e-12)], []),
         with_zeros(np.r_[np.full(15, 1e-12), 1 - 15e-12], [])),
        ("length 1", np.array([1.0]), np.array([1.0])),
        ("histogram-like counts/16", np.bincount(rng.integers(0, 16, 16), minlength=16) / 16,
         np.bincount(rng.integers(0, 16, 16), minlength=16) / 16),
        ("histogram-like counts/512", np.bincount(rng.integers(0, 64, 512), minlength=64) / 512,
         np.bincount(rng.integers(0, 64, 512), minlength=64) / 512),
        ("permuted copy", (x := dirichlet(16)), x[::-1].copy()),
        ("nearly equal", (x := dirichlet(32)), unit(x + 1e-9 * rng.uniform(0, 1, 32))),
        ("half and half vs uniform", np.r_[np.full(8, 1 / 8), np.zeros(8)], u16.copy()),
        ("two-point", np.array([0.5, 0.5]), np.array([0.9, 0.1])),
        ("peaked vs flat 32", unit(np.exp(-0.5 * ((np.arange(32) - 10) / 2) ** 2)),
         np.full(32, 1 / 32)),
    ]
    out = []
    for i, (description, p, q) in enumerate(cases):
        p, q = np.asarray(p, dtype=np.float64), np.asarray(q, dtype=np.float64)
        n = p.shape[0]
        # Centres as histograms would give them: two different ranges, float32 edges.
        lo_p, hi_p = np.float32(-1.0 - 0.1 * i), np.float32(2.0 + 0.05 * i)
        lo_q, hi_q = np.float32(-0.5 - 0.07 * i), np.float32(3.0 - 0.02 * i)
        _, edges_p = np.histogram(np.zeros(1, np.float32), bins=n, range=(lo_p, hi_p))
        _, edges_q = np.histogram(np.zeros(1, np.float32), bins=n, range=(lo_q, hi_q))
        centres_p, centres_q = ref.bin_centres(edges_p), ref.bin_centres(edges_q)
        js = ref.js_divergence(p, q)
        js_rel = ref.js_divergence_rel_entr(p, q)
        assert abs(js - js_rel) <= 1e-12, (description, js, js_rel)
        w1 = ref.w1_reference(p, q)
        w1_sorted = float(np.mean(np.abs(np.sort(p) - np.sort(q))))
        assert abs(w1 - w1_sorted) <= 1e-15 + 1e-12 * abs(w1_sorted), (description, w1, w1_sorted)
        out.append({
            "description": description,
            "p": p.tolist(), "q": q.tolist(),
            "centres_p": centres_p.tolist(), "centres_q": centres_q.tolist(),
            "w1": w1, "w1_sorted": w1_sorted,
            "w1_principled": ref.w1_principled(centres_p, centres_q, p, q),
            "js": js, "js_rel_entr": js_rel,
            "bhattacharyya": ref.bhattacharyya(p, q),
            "kl": ref.kl_dropped(p, q),
        })
    return out


# --- pieces: k-means and ARI -------------------------------------------------------------------

def kmeans_pieces(rng):
    def blobs(centres, per, spread):
        centres = np.asarray(centres, dtype=np.float64)
        truth = np.repeat(np.arange(len(centres)), per)
        data = centres[truth] + rng.normal(0, spread, (len(truth), centres.shape[1]))
        order = rng.permutation(len(truth))
        return data[order].astype(np.float32), truth[order]

    cases = []
    data2, _ = blobs([[0, 0], [3, 0], [1.5, 2.5]], 10, 1.0)
    cases.append(("2-D, 30 points, poor init", data2, data2[[0, 1, 2]].copy(), 300, 1e-4))
    data5, truth5 = blobs(rng.normal(0, 2.0, (4, 5)), 12, 1.2)
    noisy = truth5.copy()
    flip = rng.choice(len(noisy), 12, replace=False)
    noisy[flip] = rng.integers(0, 4, 12)
    init5 = np.stack([data5[noisy == k].mean(axis=0) for k in range(4)]).astype(np.float32)
    cases.append(("5-D, 48 points, noisy class-centroid init", data5, init5, 300, 1e-4))
    cases.append(("2-D, stops at max_iter = 2", data2, data2[[3, 4, 5]].copy(), 2, 1e-4))
    cases.append(("5-D, stops on a large tolerance", data5, init5, 300, 0.5))
    far = np.vstack([data2[[0, 1]], [[100.0, 100.0]]]).astype(np.float32)
    cases.append(("2-D, a centre with no points", data2, far, 300, 1e-4))

    out = []
    for description, data, init, max_iter, tol in cases:
        model = ref.kmeans(data, init, max_iter=max_iter, tol=tol)
        wide = ref.kmeans(data.astype(np.float64), init.astype(np.float64), max_iter=max_iter,
                          tol=tol)
        assert wide.n_iter_ == model.n_iter_, description  # not on a float32 knife edge
        assert np.array_equal(wide.labels_, model.labels_), description
        # An initial centre closest to no point: sklearn relocates it in the first iteration.
        first = np.argmin(((data[:, None, :] - init[None, :, :]) ** 2).sum(axis=2), axis=1)
        empty = len(set(first.tolist())) < init.shape[0]
        out.append({
            "description": description,
            "data": [f32list(row) for row in data],
            "init": [f32list(row) for row in init],
            "max_iter": max_iter, "tol": tol,
            "absolute_tol": ref.sklearn_tolerance(data, tol),
            "empty_cluster": bool(empty),
            "labels": [int(v) for v in model.labels_],
            "centres": [f32list(row) for row in model.cluster_centers_],
            "n_iter": int(model.n_iter_),
            "inertia": float(model.inertia_),
        })
    return out


def ari_pieces(rng):
    truth = rng.integers(0, 4, 30)
    cases = [
        ("identical", truth, truth.copy()),
        ("permuted names", truth, (truth + 1) % 4),
        ("prediction one cluster", truth, np.zeros(30, dtype=np.int64)),
        ("both one cluster", np.zeros(10, dtype=np.int64), np.zeros(10, dtype=np.int64)),
        ("all singletons", truth, np.arange(30)),
        ("random", truth, rng.integers(0, 4, 30)),
        ("random, more clusters", truth, rng.integers(0, 7, 30)),
        ("partial agreement", truth, np.where(np.arange(30) % 5 == 0, (truth + 2) % 4, truth)),
        ("negative ARI", np.array([0, 0, 1, 1]), np.array([0, 1, 0, 1])),
        ("sparse label values", np.array([5, 5, 9, 9, 9, 2]), np.array([1, 1, 1, 0, 0, 0])),
        ("one sample", np.array([3]), np.array([0])),
    ]
    return [{"description": d, "labels_true": [int(v) for v in a],
             "labels_pred": [int(v) for v in b],
             "ari": float(sklearn.metrics.adjusted_rand_score(a, b))} for d, a, b in cases]


def make_pieces():
    rng = np.random.default_rng(7)
    histograms, errors = histogram_pieces(rng)
    pieces = {
        "versions": ref.versions(),
        "tolerance": "values that are rounding noise (e.g. 1e-16) sit beside exact ones: compare "
                     "as |got - want| <= 1e-6 * |want| + 1e-12",
        "histograms": histograms,
        "histogram_errors": errors,
        "distances": probability_pairs(rng),
        "kmeans": kmeans_pieces(rng),
        "ari": ari_pieces(rng),
    }
    with open(os.path.join(HERE, "pieces.json"), "w") as f:
        f.write(json.dumps(pieces, allow_nan=False, separators=(",", ":")) + "\n")
    return pieces


def main():
    with threadpool_limits(limits=1):
        expected, noshift = make_dumps()
        make_pieces()
    print("preindex", expected["preindex"], "arm", expected["arm"],
          "inv_ari", expected["inv_ari"], "n_iter",
          {k: v["n_iter"] for k, v in expected["kmeans"].items()})


if __name__ == "__main__":
    main()

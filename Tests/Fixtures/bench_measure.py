#!/usr/bin/env python3
"""Baseline for `preindex bench measure`: the reference measure stage, timed on a dump.

DIR is a directory written by `preindex measure --dump-activations DIR` (format in
Tests/Fixtures/measures/reference_pipeline.py). This script times the computation the original
Python implementation performs on those activations, using reference_pipeline's own functions:

  histogram_distance_seconds  for every layer and every sample, a Python loop that, for 16, 32 and
                              64 bins, calls np.histogram on the clean row and on the shifted row,
                              normalises both, and calls scipy.stats.wasserstein_distance,
                              scipy.spatial.distance.jensenshannon (squared), 1 - sum(sqrt(p*q))
                              and sum(scipy.special.rel_entr) with inf/nan dropped: the original's
                              12 components, then the grand means. (Not the `principled` W1, which
                              the original does not have.)
  kmeans_ari_seconds          class centroids, then the three sklearn KMeans(lloyd, n_init=1,
                              init=centroids) runs (clean; shifted from its own centroids; shifted
                              from the clean centroids) and sklearn adjusted_rand_score, always on
                              all samples.
  seconds                     histogram_distance_seconds + kmeans_ari_seconds: the measure stage.
  arm_seconds                 ARM (per-channel dataset histograms, W1 per layer), reported apart
                              and not included in `seconds`.
Loading the .npy files is not timed into any of these (load_seconds reports it).

--max-samples M (M < N) runs the per-sample loop on M samples drawn without replacement (seeded by
--seed) and scales its time by N / M: the loop does the same work for every sample, so its cost is
linear in N. The output then says "extrapolated": true, gives measured_samples and
histogram_distance_seconds_per_sample, so a ratio against a tool that processed all N samples stays
fair. k-means/ARI always runs on all N samples (its cost is not per-sample).

Threads: whatever numpy/scipy/sklearn use by default (BLAS and OpenMP as the environment sets
them), as the original would run; --threads N limits them.

Prints exactly one JSON line on stdout:
  {"seconds", "samples", "layers", "samples_per_second", "histogram_distance_seconds",
   "kmeans_ari_seconds", "histogram_distance_seconds_per_sample", "measured_samples",
   "extrapolated", "arm_seconds", "load_seconds", "preindex", "note", "versions"}
samples_per_second = samples / seconds. "preindex" is p[64][js] over the measured samples (equal to
the full value only when not extrapolated), a sanity check that the right data was timed.

    python3 Tests/Fixtures/bench_measure.py DIR [--max-samples M] [--seed 0] [--threads N]
"""

import argparse
import json
import os
import sys
import time

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "measures"))
import reference_pipeline as ref  # noqa: E402

ORIGINAL_DISTANCES = ("w1", "js", "bhattacharyya", "kl")


def main(argv=None):
    parser = argparse.ArgumentParser(description="Time the reference PreIndex measure stage.")
    parser.add_argument("dump", help="directory written by `preindex measure --dump-activations`")
    parser.add_argument("--max-samples", type=int, default=None,
                        help="time the per-sample loop on at most this many samples and scale")
    parser.add_argument("--seed", type=int, default=0, help="seed for choosing those samples")
    parser.add_argument("--threads", type=int, default=None, help="limit BLAS/OpenMP threads")
    parser.add_argument("--skip-arm", action="store_true", help="do not time ARM")
    args = parser.parse_args(argv)
    if args.max_samples is not None and args.max_samples < 1:
        print(f"error: --max-samples is {args.max_samples}; expected at least 1.", file=sys.stderr)
        return 1

    try:
        start = time.perf_counter()
        dump = ref.load_dump(args.dump)
        load_seconds = time.perf_counter() - start
    except ValueError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1

    n = dump.samples
    measured = dump
    if args.max_samples is not None and args.max_samples < n:
        rng = np.random.default_rng(args.seed)
        chosen = np.sort(rng.choice(n, size=args.max_samples, replace=False))
        measured = dump.subset(chosen)
    m = measured.samples

    with ref.limited_threads(args.threads):
        start = time.perf_counter()
        p, _ = ref.p_components(measured, distance_names=ORIGINAL_DISTANCES)
        loop_seconds = time.perf_counter() - start

        start = time.perf_counter()
        try:
            ref.kmeans_and_ari(dump)
        except ValueError as error:
            print(f"error: {error}", file=sys.stderr)
            return 1
        kmeans_seconds = time.perf_counter() - start

        arm_seconds = None
        if not args.skip_arm:
            start = time.perf_counter()
            ref.arm(dump)
            arm_seconds = time.perf_counter() - start

    per_sample = loop_seconds / m
    histogram_seconds = per_sample * n
    seconds = histogram_seconds + kmeans_seconds
    extrapolated = m < n
    if extrapolated:
        note = (f"per-sample loop timed on {m} of {n} samples and scaled by {n}/{m}; "
                f"k-means/ARI timed on all {n} samples")
    else:
        note = f"all {n} samples timed"
    result = {
        "seconds": seconds,
        "samples": n,
        "layers": len(dump.layers),
        "samples_per_second": n / seconds,
        "histogram_distance_seconds": histogram_seconds,
        "kmeans_ari_seconds": kmeans_seconds,
        "histogram_distance_seconds_per_sample": per_sample,
        "measured_samples": m,
        "extrapolated": extrapolated,
        "arm_seconds": arm_seconds,
        "load_seconds": load_seconds,
        "preindex": p["64"]["js"],
        "note": note,
        "versions": ref.versions(),
    }
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())

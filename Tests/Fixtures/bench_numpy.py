#!/usr/bin/env python3
"""Baseline for `preindex bench`: the CIFAR ResNet-18 forward pass in plain numpy.

The network is the usual CIFAR ResNet-18: conv1 (3->64, 3x3, pad 1) + BatchNorm + ReLU, then
layer1..layer4 of two BasicBlocks each (widths 64/128/256/512, first-block strides 1/2/2/2,
1x1 conv + BatchNorm shortcut where the shape changes), global average pool and a 512->10
Linear layer. Weights are random (seeded); only the time matters.

It runs in eval mode with every BatchNorm folded into the convolution before it (scale into
the weights, shift into a bias), in float32, activations kept NHWC. Each convolution is one
im2col (np.lib.stride_tricks.sliding_window_view, then one copy) and one matmul over the whole
batch, so the time is dominated by the BLAS that numpy is linked against.

After one warm-up batch it times --runs batches of --batch random 3x32x32 images and prints
exactly one JSON line on stdout:

    {"images_per_second": ..., "gflops": ..., "seconds_per_batch": ..., "numpy": "2.x",
     "blas": "...", "gflop_per_image": 1.11..., ...}

``seconds_per_batch`` is the median over the timed runs. ``gflop_per_image`` is counted
exactly from the layer shapes as 2 x multiply-adds of the convolutions and the Linear layer
(BatchNorm, ReLU, additions and pooling are not counted), about 1.11 GFLOP; ``gflops`` is that
count times images per second. Thread counts and OPENBLAS_* settings come from the
environment as they are.

    python3 Tests/Fixtures/bench_numpy.py [--batch 64] [--runs 5]
"""

import argparse
import json
import statistics
import time

import numpy as np

BN_EPS = 1e-5
CLASSES = 10
STAGES = [(64, 1), (128, 2), (256, 2), (512, 2)]  # (width, stride of the first block)
BLOCKS_PER_STAGE = 2


class FoldedConv:
    """A Conv2d (no bias) followed by an eval-mode BatchNorm2d, folded into one affine conv."""

    def __init__(self, rng, in_c, out_c, k, stride, pad):
        weight = rng.normal(0.0, np.sqrt(2.0 / (in_c * k * k)), (out_c, in_c, k, k))
        gamma = rng.uniform(0.5, 1.5, out_c)
        beta = rng.normal(0.0, 0.1, out_c)
        mean = rng.normal(0.0, 0.1, out_c)
        var = rng.uniform(0.5, 1.5, out_c)
        scale = gamma / np.sqrt(var + BN_EPS)
        # OIHW -> [kh*kw*C, O], matching the (kh, kw, C) order of the NHWC columns below
        folded = (weight * scale[:, None, None, None]).transpose(2, 3, 1, 0).reshape(k * k * in_c, out_c)
        self.matrix = np.ascontiguousarray(folded, dtype=np.float32)
        self.bias = (beta - mean * scale).astype(np.float32)
        self.k, self.stride, self.pad = k, stride, pad
        self.in_c, self.out_c = in_c, out_c

    def output_size(self, size):
        return (size + 2 * self.pad - self.k) // self.stride + 1

    def multiply_adds(self, height, width):
        return self.output_size(height) * self.output_size(width) * self.out_c * self.in_c * self.k * self.k

    def __call__(self, x):
        n, h, w, c = x.shape
        if self.pad:
            x = np.pad(x, ((0, 0), (self.pad, self.pad), (self.pad, self.pad), (0, 0)))
        ho, wo = self.output_size(h), self.output_size(w)
        windows = np.lib.stride_tricks.sliding_window_view(x, (self.k, self.k), axis=(1, 2))
        s = self.stride
        windows = windows[:, : (ho - 1) * s + 1 : s, : (wo - 1) * s + 1 : s]  # [N, Ho, Wo, C, kh, kw]
        columns = windows.transpose(0, 1, 2, 4, 5, 3).reshape(n * ho * wo, self.k * self.k * c)
        y = columns @ self.matrix
        y += self.bias
        return y.reshape(n, ho, wo, self.out_c)


class BasicBlock:
    def __init__(self, rng, in_c, out_c, stride):
        self.conv1 = FoldedConv(rng, in_c, out_c, 3, stride, 1)
        self.conv2 = FoldedConv(rng, out_c, out_c, 3, 1, 1)
        self.shortcut = FoldedConv(rng, in_c, out_c, 1, stride, 0) if stride != 1 or in_c != out_c else None

    def __call__(self, x):
        h = self.conv1(x)
        np.maximum(h, 0, out=h)
        h = self.conv2(h)
        h += self.shortcut(x) if self.shortcut else x
        np.maximum(h, 0, out=h)
        return h


class ResNet18:
    def __init__(self, seed=0):
        rng = np.random.default_rng(seed)
        self.stem = FoldedConv(rng, 3, 64, 3, 1, 1)
        self.blocks = []
        in_c = 64
        for width, stride in STAGES:
            for i in range(BLOCKS_PER_STAGE):
                self.blocks.append(BasicBlock(rng, in_c, width, stride if i == 0 else 1))
                in_c = width
        self.fc_weight = rng.normal(0.0, np.sqrt(2.0 / in_c), (CLASSES, in_c)).T.astype(np.float32).copy()
        self.fc_bias = rng.normal(0.0, 0.1, CLASSES).astype(np.float32)

    def flop_per_image(self, height=32, width=32):
        """2 x multiply-adds of every convolution and of the Linear layer for one image."""
        total = self.stem.multiply_adds(height, width)
        h, w = self.stem.output_size(height), self.stem.output_size(width)
        for block in self.blocks:
            total += block.conv1.multiply_adds(h, w)  # conv1 and the shortcut see the block's input
            if block.shortcut:
                total += block.shortcut.multiply_adds(h, w)
            h, w = block.conv1.output_size(h), block.conv1.output_size(w)
            total += block.conv2.multiply_adds(h, w)
        total += self.fc_weight.size
        return 2 * total

    def __call__(self, images_nchw):
        x = np.ascontiguousarray(images_nchw.transpose(0, 2, 3, 1))
        x = self.stem(x)
        np.maximum(x, 0, out=x)
        for block in self.blocks:
            x = block(x)
        return x.mean(axis=(1, 2)) @ self.fc_weight + self.fc_bias


def blas_name():
    try:
        blas = np.show_config(mode="dicts")["Build Dependencies"]["blas"]
        return " ".join(str(blas[key]) for key in ("name", "version") if blas.get(key))
    except Exception:  # older numpy without mode="dicts"
        return "unknown"


def main():
    parser = argparse.ArgumentParser(description="Time the CIFAR ResNet-18 forward pass in numpy.")
    parser.add_argument("--batch", type=int, default=64, help="images per batch (default 64)")
    parser.add_argument("--runs", type=int, default=5, help="timed batches after one warm-up (default 5)")
    args = parser.parse_args()
    if args.batch < 1 or args.runs < 1:
        parser.error("--batch and --runs must be positive integers")

    model = ResNet18()
    images = np.random.default_rng(1).uniform(0.0, 1.0, (args.batch, 3, 32, 32)).astype(np.float32)
    logits = model(images)  # warm-up
    assert logits.shape == (args.batch, CLASSES) and np.isfinite(logits).all()
    times = []
    for _ in range(args.runs):
        start = time.perf_counter()
        model(images)
        times.append(time.perf_counter() - start)

    seconds = statistics.median(times)
    flop = model.flop_per_image()
    images_per_second = args.batch / seconds
    print(json.dumps({
        "images_per_second": images_per_second,
        "gflops": flop * images_per_second / 1e9,
        "seconds_per_batch": seconds,
        "seconds_per_batch_min": min(times),
        "numpy": np.__version__,
        "blas": blas_name(),
        "gflop_per_image": flop / 1e9,
        "batch": args.batch,
        "runs": args.runs,
        "dtype": "float32",
        "bn_folded": True,
    }))


if __name__ == "__main__":
    main()

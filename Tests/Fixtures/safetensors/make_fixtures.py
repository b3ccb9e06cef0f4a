#!/usr/bin/env python3
"""Writes the safetensors fixtures for Tests/TensorsTests/SafeTensors*Tests.swift.

Uses the real `safetensors` package (pip install safetensors numpy; made with safetensors 0.8.0,
numpy 2.x) through its numpy API, so the Swift reader is tested against the reference writer:

  reference.safetensors  every dtype the reader supports except BF16 (numpy has none):
                         F32 of several shapes (a scalar, an empty [0, 3], a 4-D OIHW conv
                         weight, special values), F16, F64, I64 (a PyTorch-style
                         num_batches_tracked scalar), I32, I16, I8, U8, BOOL, and
                         __metadata__ {"preindex.arch": "<json>"} (one key only: the
                         package orders metadata keys at random, so several would make the
                         file differ from run to run).
  f32_i64.safetensors    only F32 and I64 tensors plus metadata: what the Swift writer
                         produces, so a Swift rewrite must reproduce these bytes exactly.
  expected.json          for each file: metadata, tensor names in data-offset order, and for
                         each tensor its dtype, shape and values. Floating-point values are
                         the bit patterns (uint32) of the Float32 each element must read as
                         (numpy's exact F16 widening, round-to-nearest F64 narrowing); integer
                         values are the Int64 each element must read as.

Run from any directory: python3 Tests/Fixtures/safetensors/make_fixtures.py
Output is deterministic (seeded), so rerunning leaves the committed files unchanged.
"""
import json
import os
import struct

import numpy as np
from safetensors.numpy import save_file

HERE = os.path.dirname(os.path.abspath(__file__))

ARCH = json.dumps(
    {"arch": "cnn", "input": [3, 8, 8], "classes": 10,
     "layers": [{"conv": {"out": 4, "kernel": 3, "padding": 1}}, {"relu": {}}, {"dense": {"out": 10}}]},
    separators=(",", ":"),
)


def reference_tensors(rng):
    f32 = np.float32
    special = np.array(
        [-0.0, np.inf, -np.inf, np.nan, np.finfo(f32).smallest_subnormal, np.finfo(f32).max, 1.0 / 3.0],
        dtype=f32,
    )
    half = np.array(
        [[2.0 ** -24, 65504.0, -0.0], [np.inf, np.nan, 1.0 / 3.0], [-2.0 ** -14, 6.1e-5, -1.5]],
        dtype=np.float16,
    )
    return {
        "conv1.weight": rng.standard_normal((4, 3, 3, 3)).astype(f32),
        "conv1.bias": rng.standard_normal(4).astype(f32),
        "fc.weight": rng.standard_normal((10, 36)).astype(f32),
        "fc.bias": rng.standard_normal(10).astype(f32),
        "temperature": np.array(1.25, dtype=f32),
        "special": special,
        "empty": np.zeros((0, 3), dtype=f32),
        "half": half,
        "double": np.array([0.1, -2.5, 1e300, 1e-300, 3.0000000000000004], dtype=np.float64),
        "bn1.num_batches_tracked": np.array(1234567890123, dtype=np.int64),
        "int64": np.array([[-(2 ** 63), 2 ** 63 - 1], [0, -1]], dtype=np.int64),
        "int32": np.array([-2147483648, 2147483647, -5], dtype=np.int32),
        "int16": np.array([-32768, 32767], dtype=np.int16),
        "int8": np.array([[-128, 127, -1]], dtype=np.int8),
        "uint8": np.array([0, 255, 7], dtype=np.uint8),
        "mask": np.array([True, False, True, True], dtype=np.bool_),
    }


def f32_i64_tensors(rng):
    return {
        "layer.weight": rng.standard_normal((3, 2, 2, 2)).astype(np.float32),
        "layer.bias": rng.standard_normal(3).astype(np.float32),
        "scale": np.array(-0.5, dtype=np.float32),
        "bn.num_batches_tracked": np.array(42, dtype=np.int64),
        "steps": np.array([1, -2, 3], dtype=np.int64),
    }


def header_order(path):
    """The tensor names in data-offset order, read from the file's own header."""
    with open(path, "rb") as f:
        (length,) = struct.unpack("<Q", f.read(8))
        header = json.loads(f.read(length))
    header.pop("__metadata__", None)
    return sorted(header, key=lambda name: tuple(header[name]["data_offsets"]))


def describe(tensors):
    described = {}
    for name, array in tensors.items():
        dtype = {"f": "float", "i": "int", "u": "int", "b": "int"}[array.dtype.kind]
        if dtype == "float":
            with np.errstate(over="ignore"):  # 1e300 narrows to infinity, as intended
                values = array.astype(np.float32).reshape(-1).view(np.uint32).tolist()
        else:
            values = array.astype(np.int64).reshape(-1).tolist()
        described[name] = {"shape": list(array.shape), "kind": dtype, "values": values}
    return described


def write(name, tensors, metadata):
    path = os.path.join(HERE, name)
    save_file(tensors, path, metadata=metadata)
    return {"metadata": metadata, "order": header_order(path), "tensors": describe(tensors)}


def main():
    rng = np.random.default_rng(20240607)
    expected = {
        "reference.safetensors": write(
            "reference.safetensors", reference_tensors(rng), {"preindex.arch": ARCH}
        ),
        "f32_i64.safetensors": write("f32_i64.safetensors", f32_i64_tensors(rng), {"preindex.arch": ARCH}),
    }
    with open(os.path.join(HERE, "expected.json"), "w") as f:
        json.dump(expected, f, indent=1, sort_keys=True)
        f.write("\n")


if __name__ == "__main__":
    main()

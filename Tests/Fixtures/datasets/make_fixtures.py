#!/usr/bin/env python3
"""Writes the small dataset fixtures that Tests/DatasetsTests and the NumPy tests read.

Run from anywhere: `python3 Tests/Fixtures/datasets/make_fixtures.py` (needs numpy only).
Pixel values follow formulas that the Swift tests recompute, so the tests check exact values:

  CIFAR  record r (counted across the files of a split), channel c, row y, column x:
         (31*r + 17*c + 5*y + 3*x + seed) % 256, seed 0 for train and 100 for test splits
  IDX    image n, row y, column x of a 5 x 6 image: (11*n + 7*y + x + seed) % 256, seed as above
  npy    image n, channel c, row y, column x of 3 x 5 x 6: (13*n + 29*c + 7*y + x) % 256 (uint8),
         the same divided by 255 for float32 files
"""
import gzip
import os
import struct

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))


def path(*parts):
    full = os.path.join(HERE, *parts)
    os.makedirs(os.path.dirname(full), exist_ok=True)
    return full


def write(name, data):
    with open(path(name), "wb") as f:
        f.write(data)


def gzipped(data):
    # mtime=0 keeps the output byte-identical between runs.
    return gzip.compress(data, compresslevel=9, mtime=0)


# --- CIFAR -----------------------------------------------------------------------------------

def cifar_pixels(record, seed):
    c, y, x = np.meshgrid(np.arange(3), np.arange(32), np.arange(32), indexing="ij")
    return ((31 * record + 17 * c + 5 * y + 3 * x + seed) % 256).astype(np.uint8)


def cifar_records(labels, first_record, seed, label_bytes):
    out = bytearray()
    for i, label in enumerate(labels):
        out += bytes(label if isinstance(label, tuple) else (label,))
        assert len(label if isinstance(label, tuple) else (label,)) == label_bytes
        out += cifar_pixels(first_record + i, seed).tobytes()
    return bytes(out)


# CIFAR-10 directory: two training batches (3 + 2 records) and a test batch (2 records).
write("cifar10/data_batch_1.bin", cifar_records([3, 0, 9], 0, 0, 1))
write("cifar10/data_batch_2.bin", cifar_records([1, 7], 3, 0, 1))
write("cifar10/test_batch.bin", cifar_records([5, 2], 0, 100, 1))
# CIFAR-100 directory: (coarse, fine) label pairs.
write("cifar100/train.bin", cifar_records([(4, 99), (19, 0), (0, 42)], 0, 0, 2))
write("cifar100/test.bin", cifar_records([(7, 63), (11, 5)], 0, 100, 2))
# Bad CIFAR files.
write("bad/cifar_partial_record.bin", cifar_records([1, 2], 0, 0, 1) + bytes(1000))
write("bad/cifar10_label_out_of_range.bin", cifar_records([1, 12], 0, 0, 1))

# --- IDX (MNIST layout) -----------------------------------------------------------------------

def idx(magic_type, dims, data):
    header = struct.pack(">BBBB", 0, 0, magic_type, len(dims)) + b"".join(struct.pack(">I", d) for d in dims)
    return header + data


def idx_images(count, seed):
    n, y, x = np.meshgrid(np.arange(count), np.arange(5), np.arange(6), indexing="ij")
    return ((11 * n + 7 * y + x + seed) % 256).astype(np.uint8)


train_images = idx(0x08, [4, 5, 6], idx_images(4, 0).tobytes())
train_labels = idx(0x08, [4], bytes([7, 0, 9, 3]))
test_images = idx(0x08, [3, 5, 6], idx_images(3, 100).tobytes())
test_labels = idx(0x08, [3], bytes([1, 1, 8]))
# Training files plain, test files gzipped, as a mirror may mix them.
write("mnist/train-images-idx3-ubyte", train_images)
write("mnist/train-labels-idx1-ubyte", train_labels)
write("mnist/t10k-images-idx3-ubyte.gz", gzipped(test_images))
write("mnist/t10k-labels-idx1-ubyte.gz", gzipped(test_labels))
# The same training pair gzipped, to compare with the plain files.
write("mnist-gz/train-images-idx3-ubyte.gz", gzipped(train_images))
write("mnist-gz/train-labels-idx1-ubyte.gz", gzipped(train_labels))
# Bad IDX files.
write("bad/idx_three_labels-idx1-ubyte", idx(0x08, [3], bytes([1, 2, 3])))
write("bad/idx_truncated-images-idx3-ubyte", train_images[:-7])
write("bad/idx_label_out_of_range-idx1-ubyte", idx(0x08, [4], bytes([1, 2, 10, 3])))
write("bad/idx_int32-images-idx3-ubyte", idx(0x0C, [1, 5, 6], bytes(4 * 30)))
write("bad/idx_truncated-images-idx3-ubyte.gz", gzipped(train_images)[:-20])

# --- .npy images and labels --------------------------------------------------------------------

n, c, y, x = np.meshgrid(np.arange(4), np.arange(3), np.arange(5), np.arange(6), indexing="ij")
nchw_uint8 = ((13 * n + 29 * c + 7 * y + x) % 256).astype(np.uint8)
np.save(path("npy/images_nchw_uint8.npy"), nchw_uint8)
np.save(path("npy/images_nhwc_uint8.npy"), np.ascontiguousarray(nchw_uint8.transpose(0, 2, 3, 1)))
np.save(path("npy/images_nchw_float32.npy"), nchw_uint8.astype(np.float32) / np.float32(255))
np.save(path("npy/images_nhwc_float32.npy"),
        np.ascontiguousarray((nchw_uint8.astype(np.float32) / np.float32(255)).transpose(0, 2, 3, 1)))
np.save(path("npy/images_gray_uint8.npy"), nchw_uint8[:, 0])  # [4, 5, 6]: one channel
np.save(path("npy/labels_int64.npy"), np.array([2, 0, 1, 2], dtype=np.int64))
np.save(path("npy/labels_int32.npy"), np.array([2, 0, 1, 2], dtype=np.int32))
np.save(path("npy/labels_uint8_column.npy"), np.array([[2], [0], [1], [2]], dtype=np.uint8))
write("npy/labels_int64.npy.gz", gzipped(open(path("npy/labels_int64.npy"), "rb").read()))

# Arrays the Swift writer must reproduce byte for byte.
np.save(path("npy/numpy_float32_2x3.npy"), np.arange(6, dtype=np.float32).reshape(2, 3) * np.float32(0.5) - 1)
np.save(path("npy/numpy_int64_5.npy"), np.array([0, -1, 2, 1 << 40, -(1 << 62)], dtype=np.int64))
np.save(path("npy/numpy_float32_scalar.npy"), np.array(3.25, dtype=np.float32))
# Other dtypes and versions for the reader.
np.save(path("npy/numpy_float64_2x2.npy"), np.array([[1.5, -2.0], [1e-3, 65504.0]], dtype=np.float64))
np.save(path("npy/numpy_bool_4.npy"), np.array([True, False, False, True]))
np.save(path("npy/numpy_int32_2x2.npy"), np.array([[1, -2], [3, 2147483647]], dtype=np.int32))
np.lib.format.write_array(open(path("npy/numpy_v2_uint8.npy"), "wb"), np.arange(10, dtype=np.uint8).reshape(2, 5),
                          version=(2, 0))

# Bad .npy files.
bad_images = (nchw_uint8.astype(np.float32) / np.float32(255))
bad_images[2, 1, 3, 4] = np.nan
np.save(path("bad/images_nan.npy"), bad_images)
np.save(path("bad/labels_out_of_range.npy"), np.array([2, 0, 5, 2], dtype=np.int64))
np.save(path("bad/labels_three.npy"), np.array([2, 0, 1], dtype=np.int64))
np.save(path("bad/labels_float.npy"), np.array([2.0, 0.0, 1.0, 2.0], dtype=np.float32))
np.save(path("bad/fortran_order.npy"), np.asfortranarray(np.arange(6, dtype=np.float32).reshape(2, 3)))
np.save(path("bad/big_endian.npy"), np.arange(6, dtype=">f4").reshape(2, 3))
np.save(path("bad/images_int64.npy"), nchw_uint8.astype(np.int64))
np.save(path("bad/images_ambiguous.npy"), np.zeros((2, 3, 4, 3), dtype=np.uint8))
full = open(path("npy/images_nchw_uint8.npy"), "rb").read()
write("bad/truncated.npy", full[:len(full) - 100])
write("bad/not_npy.npy", b"PK\x03\x04 this is a zip file, not an npy file")
print("fixtures written to", HERE)

#!/usr/bin/env python3
"""Golden reference files for the PreIndex neural engine, computed independently in numpy.

What it computes
----------------
For two small architectures -- ``cnn`` on a [4, 1, 28, 28] batch and ``resnet-mini`` on a
[4, 3, 32, 32] batch, both with 10 classes -- this script builds seeded weights and a seeded
batch, then computes, with PyTorch's semantics and in float64:

* the eval-mode forward pass (BatchNorm uses its running statistics), keeping the output of
  every Conv2d and Linear layer (before BatchNorm / ReLU), which is what the engine's measures
  capture;
* the train-mode forward pass (BatchNorm normalises with the batch mean and biased variance
  over N, H, W), the mean cross-entropy loss, and the gradient of that loss with respect to
  every trainable parameter, by hand-written backpropagation through every layer;
* one ``torch.optim.SGD(lr=0.1, momentum=0.9, weight_decay=5e-4)`` step (first step, so the
  momentum buffer equals the decayed gradient), together with the running-statistics update
  that the train-mode forward performs (momentum 0.1, unbiased variance, and
  ``num_batches_tracked`` + 1).

Weights and inputs are rounded to float32 *before* any computation (the engine reads float32
files), everything is computed in float64, and results are stored as float32.

Before writing anything the script checks itself and stops with an AssertionError if a check
fails: the im2col convolution against a direct loop, the max-pool tie rule (first maximum in
row-major window order, as PyTorch), and every hand-written gradient against central finite
differences in float64 (a few random coordinates of every parameter, the input, and one random
direction through all parameters at once). The loss is only piecewise smooth, so a difference
is used only when neither side of it flips a ReLU mask or a max-pool choice; the step shrinks
from 1e-6 to 1e-8 until that holds.

check_with_torch.py beside this script is an optional second opinion: with PyTorch installed it
recomputes every golden tensor with torch.nn modules and torch.optim.SGD and compares.

Files written (next to this script unless ``--out`` is given)
-------------------------------------------------------------
``<arch>_weights.safetensors``
    The full PyTorch ``state_dict`` (float32; ``num_batches_tracked`` as int64 scalars of
    shape []), with ``__metadata__["preindex.arch"]`` holding the architecture as JSON.
``<arch>_golden.safetensors``
    ``input``, ``labels`` (int64), ``logits_eval``, ``logits_train``, ``loss_train`` (shape
    [1]), ``grad.<parameter>`` for every trainable parameter, ``sgd.<entry>`` for every float
    ``state_dict`` entry after one optimiser step, and ``activation.<layer>`` for every Conv2d
    and Linear layer in eval mode.

Architectures (names are ``state_dict`` keys; conv weights OIHW, Linear weights [out, in])
-----------------------------------------------------------------------------------------
``cnn``: conv1 (C->32, 3x3, pad 1, no bias), bn1, ReLU, MaxPool 2x2; conv2 (32->64), bn2,
ReLU, MaxPool 2x2; flatten (C, H, W order); fc1 (-> 128), ReLU; linear (128 -> K).

``resnet-mini``: conv1 (C->16, 3x3, pad 1, no bias), bn1, ReLU; layer1 = BasicBlock(16->16,
stride 1), layer2 = BasicBlock(16->32, stride 2), layer3 = BasicBlock(32->64, stride 2);
global average pool; linear (64 -> K). A BasicBlock is conv1 (3x3, stride s), bn1, ReLU,
conv2 (3x3), bn2, plus a shortcut (``shortcut.0`` 1x1 conv with stride s, ``shortcut.1``
BatchNorm) when the stride or width changes, else identity; then ReLU of the sum.

How to run
----------
    pip install numpy safetensors
    python3 Tests/Fixtures/reference/make_reference.py            # writes the four files
    python3 Tests/Fixtures/reference/make_reference.py --check    # self-checks only

The output is deterministic: running it twice writes byte-identical files.
"""

import argparse
import json
import os
import sys

import numpy as np

BN_EPS = 1e-5
BN_MOMENTUM = 0.1
SGD_LR = 0.1
SGD_MOMENTUM = 0.9
SGD_WEIGHT_DECAY = 5e-4

BATCH = 4
CLASSES = 10

# (arch, input channels, height, width, seed)
CASES = [
    ("cnn", 1, 28, 28, 20240601),
    ("resnet-mini", 3, 32, 32, 20240602),
]

# ----------------------------------------------------------------------------------------
# Layers: forward functions return (output, cache); backward functions take the gradient of
# the output and the cache and return the gradient of the input (and of the parameters).
# ----------------------------------------------------------------------------------------


def im2col(x, k, stride, pad):
    """[N, C, H, W] -> columns [N*Ho*Wo, C*k*k] in (C, kh, kw) order, and (Ho, Wo)."""
    n, c, h, w = x.shape
    xp = np.pad(x, ((0, 0), (0, 0), (pad, pad), (pad, pad)))
    ho = (h + 2 * pad - k) // stride + 1
    wo = (w + 2 * pad - k) // stride + 1
    windows = np.lib.stride_tricks.sliding_window_view(xp, (k, k), axis=(2, 3))
    windows = windows[:, :, : (ho - 1) * stride + 1 : stride, : (wo - 1) * stride + 1 : stride]
    # windows: [N, C, Ho, Wo, k, k] -> [N, Ho, Wo, C, k, k]
    cols = windows.transpose(0, 2, 3, 1, 4, 5).reshape(n * ho * wo, c * k * k)
    return cols, ho, wo


def conv2d_forward(x, weight, stride, pad):
    """Conv2d without bias, weight OIHW (cross-correlation, as PyTorch)."""
    out_c, in_c, k, _ = weight.shape
    n = x.shape[0]
    cols, ho, wo = im2col(x, k, stride, pad)
    y = cols @ weight.reshape(out_c, -1).T  # [N*Ho*Wo, O]
    y = y.reshape(n, ho, wo, out_c).transpose(0, 3, 1, 2)
    return np.ascontiguousarray(y), (x.shape, cols, weight, stride, pad, ho, wo)


def conv2d_backward(dy, cache):
    x_shape, cols, weight, stride, pad, ho, wo = cache
    n, c, h, w = x_shape
    out_c, _, k, _ = weight.shape
    dy_mat = dy.transpose(0, 2, 3, 1).reshape(n * ho * wo, out_c)
    dweight = (dy_mat.T @ cols).reshape(weight.shape)
    dcols = (dy_mat @ weight.reshape(out_c, -1)).reshape(n, ho, wo, c, k, k)
    dxp = np.zeros((n, c, h + 2 * pad, w + 2 * pad))
    for i in range(k):
        for j in range(k):
            dxp[:, :, i : i + stride * ho : stride, j : j + stride * wo : stride] += dcols[
                :, :, :, :, i, j
            ].transpose(0, 3, 1, 2)
    dx = dxp[:, :, pad : pad + h, pad : pad + w]
    return np.ascontiguousarray(dx), dweight


def batchnorm_forward(x, gamma, beta, running_mean, running_var, train):
    """BatchNorm2d; in train mode also returns the batch mean, biased variance and count."""
    if train:
        mean = x.mean(axis=(0, 2, 3))
        var = x.var(axis=(0, 2, 3))  # biased
        count = x.shape[0] * x.shape[2] * x.shape[3]
    else:
        mean, var, count = running_mean, running_var, None
    inv_std = 1.0 / np.sqrt(var + BN_EPS)
    xhat = (x - mean[None, :, None, None]) * inv_std[None, :, None, None]
    y = gamma[None, :, None, None] * xhat + beta[None, :, None, None]
    stats = (mean, var, count) if train else None
    return y, (xhat, inv_std, gamma, count), stats


def batchnorm_backward(dy, cache):
    """Train-mode BatchNorm backward (batch statistics depend on x)."""
    xhat, inv_std, gamma, count = cache
    dgamma = (dy * xhat).sum(axis=(0, 2, 3))
    dbeta = dy.sum(axis=(0, 2, 3))
    dxhat = dy * gamma[None, :, None, None]
    sum_dxhat = dxhat.sum(axis=(0, 2, 3))[None, :, None, None]
    sum_dxhat_xhat = (dxhat * xhat).sum(axis=(0, 2, 3))[None, :, None, None]
    dx = (inv_std[None, :, None, None] / count) * (count * dxhat - sum_dxhat - xhat * sum_dxhat_xhat)
    return dx, dgamma, dbeta


def relu_forward(x):
    mask = x > 0
    return x * mask, mask


def relu_backward(dy, mask):
    return dy * mask


def maxpool2x2_forward(x):
    """MaxPool2d(2, 2) with floor: ties go to the first maximum in row-major window order."""
    n, c, h, w = x.shape
    ho, wo = h // 2, w // 2
    windows = x[:, :, : 2 * ho, : 2 * wo].reshape(n, c, ho, 2, wo, 2).transpose(0, 1, 2, 4, 3, 5)
    windows = windows.reshape(n, c, ho, wo, 4)  # window order (0,0), (0,1), (1,0), (1,1)
    arg = windows.argmax(axis=-1)  # argmax returns the first maximum
    y = np.take_along_axis(windows, arg[..., None], axis=-1)[..., 0]
    return y, (x.shape, arg)


def maxpool2x2_backward(dy, cache):
    x_shape, arg = cache
    n, c, h, w = x_shape
    ho, wo = dy.shape[2], dy.shape[3]
    dwin = np.zeros((n, c, ho, wo, 4))
    np.put_along_axis(dwin, arg[..., None], dy[..., None], axis=-1)
    dwin = dwin.reshape(n, c, ho, wo, 2, 2).transpose(0, 1, 2, 4, 3, 5).reshape(n, c, 2 * ho, 2 * wo)
    dx = np.zeros(x_shape)
    dx[:, :, : 2 * ho, : 2 * wo] = dwin
    return dx


def avgpool_forward(x):
    """Global average pool over H x W: [N, C, H, W] -> [N, C]."""
    return x.mean(axis=(2, 3)), x.shape


def avgpool_backward(dy, x_shape):
    return np.broadcast_to(dy[:, :, None, None] / (x_shape[2] * x_shape[3]), x_shape).copy()


def linear_forward(x, weight, bias):
    return x @ weight.T + bias, x


def linear_backward(dy, x, weight):
    return dy @ weight, dy.T @ x, dy.sum(axis=0)


def cross_entropy(logits, labels):
    """Mean cross-entropy with a stable log-softmax; returns (loss, dloss/dlogits)."""
    shifted = logits - logits.max(axis=1, keepdims=True)
    log_sum = np.log(np.exp(shifted).sum(axis=1, keepdims=True))
    log_probs = shifted - log_sum
    n = logits.shape[0]
    loss = -log_probs[np.arange(n), labels].mean()
    dlogits = np.exp(log_probs)
    dlogits[np.arange(n), labels] -= 1.0
    return loss, dlogits / n


# ----------------------------------------------------------------------------------------
# A forward pass records, by layer name, what its backward pass needs.
# ----------------------------------------------------------------------------------------


class Pass:
    """One forward pass over a parameter dict; then `backward` fills `grads`."""

    def __init__(self, params, train):
        self.params = params
        self.train = train
        self.caches = {}
        self.activations = {}  # output of every Conv2d / Linear, by layer name
        self.batch_stats = {}  # train mode: BN name -> (mean, biased var, count)
        self.grads = {}
        self.kinks = []  # every ReLU mask and max-pool choice, in order (for the self-checks)

    def conv(self, name, x, stride, pad):
        y, self.caches[name] = conv2d_forward(x, self.params[name + ".weight"], stride, pad)
        self.activations[name] = y
        return y

    def conv_back(self, name, dy):
        dx, self.grads[name + ".weight"] = conv2d_backward(dy, self.caches[name])
        return dx

    def bn(self, name, x):
        p = self.params
        y, self.caches[name], stats = batchnorm_forward(
            x, p[name + ".weight"], p[name + ".bias"], p[name + ".running_mean"],
            p[name + ".running_var"], self.train)
        if stats is not None:
            self.batch_stats[name] = stats
        return y

    def bn_back(self, name, dy):
        dx, self.grads[name + ".weight"], self.grads[name + ".bias"] = batchnorm_backward(
            dy, self.caches[name])
        return dx

    def relu(self, name, x):
        y, self.caches[name] = relu_forward(x)
        self.kinks.append(self.caches[name])
        return y

    def relu_back(self, name, dy):
        return relu_backward(dy, self.caches[name])

    def maxpool(self, name, x):
        y, self.caches[name] = maxpool2x2_forward(x)
        self.kinks.append(self.caches[name][1])
        return y

    def maxpool_back(self, name, dy):
        return maxpool2x2_backward(dy, self.caches[name])

    def linear(self, name, x):
        y, self.caches[name] = linear_forward(x, self.params[name + ".weight"], self.params[name + ".bias"])
        self.activations[name] = y
        return y

    def linear_back(self, name, dy):
        dx, self.grads[name + ".weight"], self.grads[name + ".bias"] = linear_backward(
            dy, self.caches[name], self.params[name + ".weight"])
        return dx


# ---- cnn --------------------------------------------------------------------------------


def cnn_specs(c, h, w, k):
    flat = 64 * ((h // 2) // 2) * ((w // 2) // 2)
    return [("conv", "conv1", (32, c, 3, 3)), ("bn", "bn1", 32),
            ("conv", "conv2", (64, 32, 3, 3)), ("bn", "bn2", 64),
            ("linear", "fc1", (128, flat)), ("linear", "linear", (k, 128))]


def cnn_forward(r, x):
    h = r.maxpool("pool1", r.relu("relu1", r.bn("bn1", r.conv("conv1", x, 1, 1))))
    h = r.maxpool("pool2", r.relu("relu2", r.bn("bn2", r.conv("conv2", h, 1, 1))))
    r.caches["flatten"] = h.shape
    h = r.relu("relu3", r.linear("fc1", h.reshape(h.shape[0], -1)))
    return r.linear("linear", h)


def cnn_backward(r, dlogits):
    d = r.linear_back("fc1", r.relu_back("relu3", r.linear_back("linear", dlogits)))
    d = d.reshape(r.caches["flatten"])
    d = r.conv_back("conv2", r.bn_back("bn2", r.relu_back("relu2", r.maxpool_back("pool2", d))))
    return r.conv_back("conv1", r.bn_back("bn1", r.relu_back("relu1", r.maxpool_back("pool1", d))))


# ---- resnet-mini ------------------------------------------------------------------------

RESNET_MINI_BLOCKS = [("layer1.0", 16, 16, 1), ("layer2.0", 16, 32, 2), ("layer3.0", 32, 64, 2)]


def has_shortcut(in_c, out_c, stride):
    return stride != 1 or in_c != out_c


def resnet_mini_specs(c, h, w, k):
    specs = [("conv", "conv1", (16, c, 3, 3)), ("bn", "bn1", 16)]
    for name, in_c, out_c, stride in RESNET_MINI_BLOCKS:
        specs += [("conv", name + ".conv1", (out_c, in_c, 3, 3)), ("bn", name + ".bn1", out_c),
                  ("conv", name + ".conv2", (out_c, out_c, 3, 3)), ("bn", name + ".bn2", out_c)]
        if has_shortcut(in_c, out_c, stride):
            specs += [("conv", name + ".shortcut.0", (out_c, in_c, 1, 1)),
                      ("bn", name + ".shortcut.1", out_c)]
    specs.append(("linear", "linear", (k, 64)))
    return specs


def block_forward(r, name, x, in_c, out_c, stride):
    h = r.relu(name + ".relu1", r.bn(name + ".bn1", r.conv(name + ".conv1", x, stride, 1)))
    h = r.bn(name + ".bn2", r.conv(name + ".conv2", h, 1, 1))
    if has_shortcut(in_c, out_c, stride):
        s = r.bn(name + ".shortcut.1", r.conv(name + ".shortcut.0", x, stride, 0))
    else:
        s = x
    return r.relu(name + ".relu2", h + s)


def block_backward(r, name, dy, in_c, out_c, stride):
    d = r.relu_back(name + ".relu2", dy)
    if has_shortcut(in_c, out_c, stride):
        dx_short = r.conv_back(name + ".shortcut.0", r.bn_back(name + ".shortcut.1", d))
    else:
        dx_short = d
    dh = r.relu_back(name + ".relu1", r.conv_back(name + ".conv2", r.bn_back(name + ".bn2", d)))
    dx_main = r.conv_back(name + ".conv1", r.bn_back(name + ".bn1", dh))
    return dx_main + dx_short


def resnet_mini_forward(r, x):
    h = r.relu("relu1", r.bn("bn1", r.conv("conv1", x, 1, 1)))
    for block in RESNET_MINI_BLOCKS:
        h = block_forward(r, block[0], h, *block[1:])
    h, r.caches["avgpool"] = avgpool_forward(h)
    return r.linear("linear", h)


def resnet_mini_backward(r, dlogits):
    d = avgpool_backward(r.linear_back("linear", dlogits), r.caches["avgpool"])
    for block in reversed(RESNET_MINI_BLOCKS):
        d = block_backward(r, block[0], d, *block[1:])
    return r.conv_back("conv1", r.bn_back("bn1", r.relu_back("relu1", d)))


ARCHS = {
    "cnn": (cnn_specs, cnn_forward, cnn_backward),
    "resnet-mini": (resnet_mini_specs, resnet_mini_forward, resnet_mini_backward),
}


# ----------------------------------------------------------------------------------------
# Weights, batch, one training step.
# ----------------------------------------------------------------------------------------


def as_float32(a):
    """Round to float32 (what the files hold) and compute on from there in float64."""
    return np.asarray(a, dtype=np.float32).astype(np.float64)


def make_state_dict(specs, rng):
    """Seeded state_dict in PyTorch's key order; float entries are float32-exact float64."""
    state = {}
    for kind, name, shape in specs:
        if kind == "conv":
            fan_in = shape[1] * shape[2] * shape[3]
            state[name + ".weight"] = as_float32(rng.normal(0.0, np.sqrt(2.0 / fan_in), shape))
        elif kind == "linear":
            state[name + ".weight"] = as_float32(rng.normal(0.0, np.sqrt(2.0 / shape[1]), shape))
            state[name + ".bias"] = as_float32(rng.normal(0.0, 0.1, shape[0]))
        else:
            state[name + ".weight"] = as_float32(rng.uniform(0.5, 1.5, shape))
            state[name + ".bias"] = as_float32(rng.normal(0.0, 0.1, shape))
            state[name + ".running_mean"] = as_float32(rng.normal(0.0, 0.1, shape))
            state[name + ".running_var"] = as_float32(rng.uniform(0.5, 1.5, shape))
            state[name + ".num_batches_tracked"] = np.array(0, dtype=np.int64)
    return state


def trainable_names(specs):
    names = []
    for kind, name, _ in specs:
        names += [name + ".weight"] if kind == "conv" else [name + ".weight", name + ".bias"]
    return names


def forward(arch, params, x, train):
    r = Pass(params, train)
    logits = ARCHS[arch][1](r, x)
    return r, logits


def train_loss(arch, params, x, labels):
    """Train-mode loss and the pattern of its kinks: every ReLU mask and max-pool choice."""
    r, logits = forward(arch, params, x, True)
    return cross_entropy(logits, labels)[0], r.kinks


def train_step(arch, params, x, labels):
    """Train-mode forward + backward: (pass, logits, loss, dloss/dinput)."""
    r, logits = forward(arch, params, x, True)
    loss, dlogits = cross_entropy(logits, labels)
    dx = ARCHS[arch][2](r, dlogits)
    return r, logits, loss, dx


def sgd_step(state, names, grads, batch_stats):
    """torch.optim.SGD first step (buf = g) plus the BN running-statistics update."""
    new = dict(state)
    for name in names:
        g = grads[name] + SGD_WEIGHT_DECAY * state[name]
        buf = g  # first step: torch sets the buffer to g (later: SGD_MOMENTUM * buf + g)
        new[name] = state[name] - SGD_LR * buf
    for bn, (mean, var, count) in batch_stats.items():
        unbiased = var * count / (count - 1)
        new[bn + ".running_mean"] = (1 - BN_MOMENTUM) * state[bn + ".running_mean"] + BN_MOMENTUM * mean
        new[bn + ".running_var"] = (1 - BN_MOMENTUM) * state[bn + ".running_var"] + BN_MOMENTUM * unbiased
        new[bn + ".num_batches_tracked"] = state[bn + ".num_batches_tracked"] + 1
    return new


# ----------------------------------------------------------------------------------------
# Self-checks: fail loudly if the reference is wrong.
# ----------------------------------------------------------------------------------------

# Central differences in float64. The loss is only piecewise smooth (ReLU, max-pool), so an
# estimate is used only when neither side of it changes a ReLU mask or a max-pool choice; the
# largest step of FD_STEPS for which that holds is taken. A wrong gradient disagrees there too.
FD_STEPS = (1e-6, 1e-7, 1e-8)
FD_RTOL = 1e-5
FD_ATOL = 1e-8


def relative_error(analytic, numeric):
    return abs(analytic - numeric) / max(abs(analytic), abs(numeric), 1e-12)


def agrees(analytic, numeric):
    return abs(analytic - numeric) <= FD_ATOL + FD_RTOL * max(abs(analytic), abs(numeric))


def same_pattern(a, b):
    return len(a) == len(b) and all(np.array_equal(p, q) for p, q in zip(a, b))


def check_derivative(what, analytic, loss_at, stats):
    """loss_at(t) -> (loss, kink pattern) moved by t along one direction; analytic: d loss / dt."""
    base = loss_at(0.0)[1]
    for step in FD_STEPS:
        (up, up_pattern), (down, down_pattern) = loss_at(step), loss_at(-step)
        if not (same_pattern(base, up_pattern) and same_pattern(base, down_pattern)):
            continue  # a kink lies within the step: this estimate means nothing
        numeric = (up - down) / (2 * step)
        assert agrees(analytic, numeric), (
            f"{what}: hand-written gradient {analytic:.12e} disagrees with the central finite "
            f"difference {numeric:.12e} (step {step:g})")
        stats["checked"] += 1
        stats["other_step"] += step != FD_STEPS[0]
        stats["worst"] = max(stats["worst"], relative_error(analytic, numeric))
        return
    raise AssertionError(f"{what}: every finite-difference step {FD_STEPS} crosses a ReLU or max-pool kink")


def check_conv_against_loops(rng):
    for (n, c, h, w, o, k, stride, pad) in [(2, 3, 7, 6, 4, 3, 1, 1), (2, 3, 7, 6, 4, 3, 2, 1),
                                            (1, 2, 5, 5, 3, 1, 2, 0)]:
        x = rng.normal(size=(n, c, h, w))
        wt = rng.normal(size=(o, c, k, k))
        y, _ = conv2d_forward(x, wt, stride, pad)
        xp = np.pad(x, ((0, 0), (0, 0), (pad, pad), (pad, pad)))
        ho, wo = (h + 2 * pad - k) // stride + 1, (w + 2 * pad - k) // stride + 1
        ref = np.zeros((n, o, ho, wo))
        for b in range(n):
            for oc in range(o):
                for i in range(ho):
                    for j in range(wo):
                        patch = xp[b, :, i * stride : i * stride + k, j * stride : j * stride + k]
                        ref[b, oc, i, j] = (patch * wt[oc]).sum()
        assert y.shape == ref.shape and np.allclose(y, ref, rtol=1e-12, atol=1e-12), \
            f"im2col convolution disagrees with the direct loop for {(n, c, h, w, o, k, stride, pad)}"


def check_maxpool_ties():
    x = np.zeros((1, 1, 5, 5))  # odd size: the last row and column are dropped (floor)
    x[0, 0, 0, 1] = x[0, 0, 1, 0] = x[0, 0, 1, 1] = 1.0  # window (0,0): tie, first is (0,1)
    y, cache = maxpool2x2_forward(x)
    assert y.shape == (1, 1, 2, 2) and y[0, 0, 0, 0] == 1.0
    dx = maxpool2x2_backward(np.ones_like(y), cache)
    expected = np.zeros((1, 1, 5, 5))
    expected[0, 0, 0, 1] = 1.0  # tie -> first in row-major window order
    expected[0, 0, 0, 2] = expected[0, 0, 2, 0] = expected[0, 0, 2, 2] = 1.0  # all-zero windows -> top-left
    assert np.array_equal(dx, expected), "max-pool gradient does not follow PyTorch's tie rule"


def check_gradients(arch, state, names, x, labels, grads, dx, rng, per_tensor=3):
    """Finite differences in float64 on random coordinates of every parameter and the input,
    and along one random direction through all parameters; returns counts and worst error."""
    stats = {"checked": 0, "other_step": 0, "worst": 0.0}
    params = dict(state)
    for name, tensor, grad in [(n, params[n], grads[n]) for n in names] + [("input", x, dx)]:
        for flat in rng.choice(tensor.size, size=min(per_tensor, tensor.size), replace=False):
            idx = np.unravel_index(flat, tensor.shape)

            def loss_at(t, name=name, tensor=tensor, idx=idx):
                bumped = tensor.copy()
                bumped[idx] += t
                if name == "input":
                    return train_loss(arch, params, bumped, labels)
                return train_loss(arch, {**params, name: bumped}, x, labels)

            check_derivative(f"{arch} {name}{[int(i) for i in idx]}", grad[idx], loss_at, stats)
    direction = {n: rng.normal(size=params[n].shape) for n in names}
    analytic = sum((grads[n] * direction[n]).sum() for n in names)
    check_derivative(f"{arch} all parameters along a random direction", analytic,
                     lambda t: train_loss(arch, {**params, **{n: params[n] + t * direction[n] for n in names}},
                                          x, labels), stats)
    return stats


# ----------------------------------------------------------------------------------------
# One case end to end.
# ----------------------------------------------------------------------------------------


def build_case(arch, c, h, w, seed):
    specs_fn = ARCHS[arch][0]
    specs = specs_fn(c, h, w, CLASSES)
    rng = np.random.default_rng(seed)
    state = make_state_dict(specs, rng)
    x = as_float32(rng.uniform(0.0, 1.0, (BATCH, c, h, w)))
    labels = rng.integers(0, CLASSES, BATCH).astype(np.int64)
    names = trainable_names(specs)

    eval_pass, logits_eval = forward(arch, state, x, False)
    train_pass, logits_train, loss, dx = train_step(arch, state, x, labels)
    after = sgd_step(state, names, train_pass.grads, train_pass.batch_stats)

    assert set(train_pass.grads) == set(names), "every trainable parameter must get a gradient"
    assert set(train_pass.batch_stats) == {s[1] for s in specs if s[0] == "bn"}
    check_rng = np.random.default_rng(seed + 1)
    fd = check_gradients(arch, state, names, x, labels, train_pass.grads, dx, check_rng)

    meta = {"name": arch, "inputChannels": c, "inputHeight": h, "inputWidth": w, "classes": CLASSES}
    weights = {k: (v if v.dtype == np.int64 else v.astype(np.float32)) for k, v in state.items()}
    golden = {
        "input": x.astype(np.float32),
        "labels": labels,
        "logits_eval": logits_eval.astype(np.float32),
        "logits_train": logits_train.astype(np.float32),
        "loss_train": np.array([loss], dtype=np.float32),
    }
    for name in names:
        golden["grad." + name] = train_pass.grads[name].astype(np.float32)
    for key, value in after.items():
        if value.dtype != np.int64:
            golden["sgd." + key] = value.astype(np.float32)
    for layer, value in eval_pass.activations.items():
        golden["activation." + layer] = value.astype(np.float32)
    summary = {"arch": arch, "loss_train": float(loss), "finite_differences": fd,
               "tensors_weights": len(weights), "tensors_golden": len(golden)}
    return weights, golden, json.dumps(meta), summary


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", default=os.path.dirname(os.path.abspath(__file__)),
                        help="folder to write the .safetensors files into (default: this script's folder)")
    parser.add_argument("--check", action="store_true", help="run the self-checks only, write nothing")
    args = parser.parse_args()

    check_conv_against_loops(np.random.default_rng(7))
    check_maxpool_ties()
    print("self-check: im2col convolution matches direct loops; max-pool ties follow PyTorch")

    results = [(arch, build_case(arch, c, h, w, seed)) for arch, c, h, w, seed in CASES]
    for arch, (_, _, _, summary) in results:
        fd = summary["finite_differences"]
        print(f"self-check: {arch}: {fd['checked']} derivatives match central finite differences "
              f"(worst relative error {fd['worst']:.1e}; {fd['other_step']} needed a step below "
              f"{FD_STEPS[0]:g} to avoid a kink); train loss {summary['loss_train']:.6f}")
    if args.check:
        return
    from safetensors.numpy import save_file

    os.makedirs(args.out, exist_ok=True)
    for arch, (weights, golden, meta, _) in results:
        for suffix, tensors, metadata in (("weights", weights, {"preindex.arch": meta}),
                                          ("golden", golden, None)):
            path = os.path.join(args.out, f"{arch}_{suffix}.safetensors")
            save_file(tensors, path, metadata=metadata)
            print(f"wrote {path} ({len(tensors)} tensors, {os.path.getsize(path)} bytes)")


if __name__ == "__main__":
    sys.exit(main())

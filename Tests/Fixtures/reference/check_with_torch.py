#!/usr/bin/env python3
"""Optional cross-check of the numpy golden files against PyTorch itself.

make_reference.py is the reference and needs only numpy; this script is a second opinion for
whoever has PyTorch at hand (``pip install torch safetensors``). It rebuilds ``cnn`` and
``resnet-mini`` as torch modules, loads ``<arch>_weights.safetensors``, repeats in float64
what make_reference.py computed -- eval-mode logits and Conv2d/Linear outputs, train-mode
logits, loss and gradients, one SGD(lr=0.1, momentum=0.9, weight_decay=5e-4) step and the
running-statistics update -- and compares every tensor of ``<arch>_golden.safetensors``.
It exits non-zero on the first disagreement.

    python3 Tests/Fixtures/reference/check_with_torch.py
"""

import json
import os
import sys

import numpy as np
import torch
from safetensors import safe_open
from safetensors.numpy import load_file
from torch import nn

HERE = os.path.dirname(os.path.abspath(__file__))


class BasicBlock(nn.Module):
    def __init__(self, in_c, out_c, stride):
        super().__init__()
        self.conv1 = nn.Conv2d(in_c, out_c, 3, stride, 1, bias=False)
        self.bn1 = nn.BatchNorm2d(out_c)
        self.conv2 = nn.Conv2d(out_c, out_c, 3, 1, 1, bias=False)
        self.bn2 = nn.BatchNorm2d(out_c)
        self.shortcut = nn.Sequential()
        if stride != 1 or in_c != out_c:
            self.shortcut = nn.Sequential(nn.Conv2d(in_c, out_c, 1, stride, bias=False), nn.BatchNorm2d(out_c))

    def forward(self, x):
        h = torch.relu(self.bn1(self.conv1(x)))
        return torch.relu(self.bn2(self.conv2(h)) + self.shortcut(x))


class ResNetMini(nn.Module):
    def __init__(self, c, k):
        super().__init__()
        self.conv1 = nn.Conv2d(c, 16, 3, 1, 1, bias=False)
        self.bn1 = nn.BatchNorm2d(16)
        self.layer1 = nn.Sequential(BasicBlock(16, 16, 1))
        self.layer2 = nn.Sequential(BasicBlock(16, 32, 2))
        self.layer3 = nn.Sequential(BasicBlock(32, 64, 2))
        self.linear = nn.Linear(64, k)

    def forward(self, x):
        h = torch.relu(self.bn1(self.conv1(x)))
        h = self.layer3(self.layer2(self.layer1(h)))
        return self.linear(h.mean(dim=(2, 3)))


class CNN(nn.Module):
    def __init__(self, c, h, w, k):
        super().__init__()
        self.conv1 = nn.Conv2d(c, 32, 3, 1, 1, bias=False)
        self.bn1 = nn.BatchNorm2d(32)
        self.conv2 = nn.Conv2d(32, 64, 3, 1, 1, bias=False)
        self.bn2 = nn.BatchNorm2d(64)
        self.fc1 = nn.Linear(64 * (h // 2 // 2) * (w // 2 // 2), 128)
        self.linear = nn.Linear(128, k)

    def forward(self, x):
        h = nn.functional.max_pool2d(torch.relu(self.bn1(self.conv1(x))), 2, 2)
        h = nn.functional.max_pool2d(torch.relu(self.bn2(self.conv2(h))), 2, 2)
        return self.linear(torch.relu(self.fc1(h.flatten(1))))


def compare(what, ours, theirs):
    ours = np.asarray(ours, dtype=np.float64)
    theirs = theirs.detach().double().numpy().reshape(ours.shape)
    scale = max(np.abs(theirs).max(), 1e-12)
    err = np.abs(ours - theirs).max() / scale
    if not err <= 1e-6:
        sys.exit(f"{what}: golden file and PyTorch differ (max error {err:.2e} of the largest value)")
    return err


def check(arch):
    with safe_open(os.path.join(HERE, f"{arch}_weights.safetensors"), "np") as f:
        meta = json.loads(f.metadata()["preindex.arch"])
    weights = load_file(os.path.join(HERE, f"{arch}_weights.safetensors"))
    golden = load_file(os.path.join(HERE, f"{arch}_golden.safetensors"))
    c, h, w, k = meta["inputChannels"], meta["inputHeight"], meta["inputWidth"], meta["classes"]
    model = CNN(c, h, w, k) if arch == "cnn" else ResNetMini(c, k)
    model.load_state_dict({n: torch.from_numpy(v) for n, v in weights.items()}, strict=True)
    model.double()
    x = torch.from_numpy(golden["input"]).double()
    labels = torch.from_numpy(golden["labels"])
    worst = 0.0

    captured = {}
    for name, module in model.named_modules():
        if isinstance(module, (nn.Conv2d, nn.Linear)):
            module.register_forward_hook(lambda m, i, o, name=name: captured.__setitem__(name, o))
    model.eval()
    with torch.no_grad():
        worst = max(worst, compare(f"{arch} logits_eval", golden["logits_eval"], model(x)))
    names = sorted(n[len("activation."):] for n in golden if n.startswith("activation."))
    assert names == sorted(captured), f"{arch}: activation names {names} vs layers {sorted(captured)}"
    for name in names:
        worst = max(worst, compare(f"{arch} activation.{name}", golden["activation." + name], captured[name]))

    model.train()
    optimiser = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9, weight_decay=5e-4)
    optimiser.zero_grad()
    logits = model(x)
    loss = nn.functional.cross_entropy(logits, labels)
    loss.backward()
    worst = max(worst, compare(f"{arch} logits_train", golden["logits_train"], logits))
    worst = max(worst, compare(f"{arch} loss_train", golden["loss_train"], loss))
    params = dict(model.named_parameters())
    assert sorted("grad." + n for n in params) == sorted(n for n in golden if n.startswith("grad."))
    for name, p in params.items():
        worst = max(worst, compare(f"{arch} grad.{name}", golden["grad." + name], p.grad))
    optimiser.step()
    state = model.state_dict()
    floats = [n for n, v in state.items() if v.is_floating_point()]
    assert sorted("sgd." + n for n in floats) == sorted(n for n in golden if n.startswith("sgd."))
    for name in floats:
        worst = max(worst, compare(f"{arch} sgd.{name}", golden["sgd." + name], state[name]))
    for name, v in state.items():
        if name.endswith("num_batches_tracked"):
            assert int(v) == 1, f"{arch} {name} should be 1 after one train-mode forward"
    print(f"{arch}: {len(golden) - 2} golden tensors match PyTorch {torch.__version__} "
          f"(worst error {worst:.1e} of each tensor's largest value)")


if __name__ == "__main__":
    torch.use_deterministic_algorithms(True)
    for arch in ("cnn", "resnet-mini"):
        check(arch)

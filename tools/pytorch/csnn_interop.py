#!/usr/bin/env python3
"""PyTorch side of the Neurospark <-> PyTorch checks for SpikingJelly's conv Fashion-MNIST CSNN.

Plain torch (no SpikingJelly, no safetensors package needed): the network is written here exactly as SpikingJelly's
tutorial builds it in multi-step mode (Conv2d(1,C,3,p1,no bias)-BN-IF-MaxPool2 ×2 (the second conv C->C),
Flatten, Linear(C*49 -> C*16, no bias)-IF, Linear(C*16 -> 10, no bias)-IF; IFNode v_th 1, hard reset to 0, ATan
surrogate alpha 2; input repeated T times; prediction = argmax of the firing rate; loss = MSE(rate, one-hot)).

  eval   WEIGHTS DATA_DIR [-T 4]                 test accuracy of a safetensors state dict (written by Neurospark)
  train  WEIGHTS DATA_DIR OUT [--steps S] [--lr]  continue training from WEIGHTS (or '-' for a fresh net of
                                                  --channels) for S steps (SGD, momentum 0.9), write OUT (safetensors,
                                                  PyTorch names) and print its test accuracy
  bench  DATA_DIR [-T 4] [--channels 128] [--batch 64] [--threads N] [--steps 5]
                                                  images/s of a training step (forward, MSE loss, backward, Adam)
Run with Debian's python3-torch: /usr/bin/python3 tools/pytorch/csnn_interop.py ...
"""
import argparse
import gzip
import json
import math
import os
import struct
import sys
import time

import numpy as np
import torch
import torch.nn as nn

DTYPES = {"F32": (np.float32, torch.float32), "F64": (np.float64, torch.float64), "I64": (np.int64, torch.int64)}


def load_safetensors(path):
    with open(path, "rb") as f:
        n = struct.unpack("<Q", f.read(8))[0]
        header = json.loads(f.read(n))
        data = f.read()
    out = {}
    for name, info in header.items():
        if name == "__metadata__":
            continue
        a, b = info["data_offsets"]
        npd, _ = DTYPES[info["dtype"]]
        arr = np.frombuffer(data[a:b], dtype=npd).reshape(info["shape"]).copy()
        out[name] = torch.from_numpy(arr)
    return out


def save_safetensors(path, state, metadata):
    names = sorted(state)
    header = {"__metadata__": metadata}
    blobs = []
    offset = 0
    for name in names:
        t = state[name].detach().contiguous().cpu()
        code = {torch.float32: "F32", torch.float64: "F64", torch.int64: "I64"}[t.dtype]
        raw = t.numpy().tobytes()
        header[name] = {"dtype": code, "shape": list(t.shape), "data_offsets": [offset, offset + len(raw)]}
        blobs.append(raw)
        offset += len(raw)
    hb = json.dumps(header, separators=(",", ":")).encode()
    hb += b" " * ((8 - len(hb) % 8) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(hb)))
        f.write(hb)
        for raw in blobs:
            f.write(raw)


class ATanSpike(torch.autograd.Function):
    alpha = 2.0

    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return (x >= 0).to(x.dtype)

    @staticmethod
    def backward(ctx, g):
        (x,) = ctx.saved_tensors
        a = ATanSpike.alpha
        return g * (a / 2) / (1 + (math.pi / 2 * a * x) ** 2)


class MultiStepIF(nn.Module):
    """SpikingJelly IFNode, multi-step, v_threshold 1, v_reset 0, detach_reset False."""

    def forward(self, x_seq):
        v = torch.zeros_like(x_seq[0])
        out = []
        for t in range(x_seq.shape[0]):
            h = v + x_seq[t]
            s = ATanSpike.apply(h - 1.0)
            v = h * (1 - s)
            out.append(s)
        return torch.stack(out)


class SeqFold(nn.Module):
    """Applies a stateless layer to [T, N, ...] by folding T into the batch (SpikingJelly multi-step)."""

    def __init__(self, m):
        super().__init__()
        self.m = m

    def forward(self, x):
        t, n = x.shape[:2]
        y = self.m(x.reshape(t * n, *x.shape[2:]))
        return y.reshape(t, n, *y.shape[1:])


class CSNN(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.conv_fc = nn.Sequential(
            nn.Conv2d(1, c, 3, padding=1, bias=False), nn.BatchNorm2d(c), MultiStepIF(), nn.MaxPool2d(2, 2),
            nn.Conv2d(c, c, 3, padding=1, bias=False), nn.BatchNorm2d(c), MultiStepIF(), nn.MaxPool2d(2, 2),
            nn.Flatten(), nn.Linear(c * 7 * 7, c * 4 * 4, bias=False), MultiStepIF(),
            nn.Linear(c * 4 * 4, 10, bias=False), MultiStepIF())

    def forward(self, x_seq):
        y = x_seq
        for m in self.conv_fc:
            y = m(y) if isinstance(m, MultiStepIF) else SeqFold(m)(y)
        return y


def read_idx(data_dir, prefix):
    def open_any(name):
        p = os.path.join(data_dir, name)
        return gzip.open(p + ".gz") if os.path.exists(p + ".gz") else open(p, "rb")
    with open_any(f"{prefix}-images-idx3-ubyte") as f:
        _, n, h, w = struct.unpack(">IIII", f.read(16))
        x = np.frombuffer(f.read(), dtype=np.uint8).reshape(n, 1, h, w)
    with open_any(f"{prefix}-labels-idx1-ubyte") as f:
        struct.unpack(">II", f.read(8))
        y = np.frombuffer(f.read(), dtype=np.uint8)
    return torch.from_numpy(x.astype(np.float32) / 255.0), torch.from_numpy(y.astype(np.int64))


def channels_of(state):
    return state["conv_fc.0.weight"].shape[0]


def evaluate(net, x, y, T, batch=256):
    net.eval()
    correct = 0
    with torch.no_grad():
        for i in range(0, x.shape[0], batch):
            xb = x[i:i + batch]
            rate = net(xb.unsqueeze(0).repeat(T, 1, 1, 1, 1)).mean(0)
            correct += (rate.argmax(1) == y[i:i + batch]).sum().item()
    return correct / x.shape[0]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("cmd", choices=["eval", "train", "bench"])
    ap.add_argument("paths", nargs="+")
    ap.add_argument("-T", type=int, default=4)
    ap.add_argument("--steps", type=int, default=20)
    ap.add_argument("--lr", type=float, default=0.01)
    ap.add_argument("--channels", type=int, default=128)
    ap.add_argument("--batch", type=int, default=64)
    ap.add_argument("--threads", type=int, default=1)
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(0)
    if a.cmd == "bench":
        x, y = read_idx(a.paths[0], "train")
        net = CSNN(a.channels)
        opt = torch.optim.Adam(net.parameters(), lr=1e-3)
        xb, yb = x[:a.batch], y[:a.batch]
        times = []
        for step in range(a.steps + 2):
            t0 = time.perf_counter()
            rate = net(xb.unsqueeze(0).repeat(a.T, 1, 1, 1, 1)).mean(0)
            loss = nn.functional.mse_loss(rate, nn.functional.one_hot(yb, 10).float())
            opt.zero_grad()
            loss.backward()
            opt.step()
            if step >= 2:
                times.append(time.perf_counter() - t0)
        med = sorted(times)[len(times) // 2]
        print(json.dumps({"framework": f"torch {torch.__version__}", "threads": a.threads, "channels": a.channels,
                          "T": a.T, "batch": a.batch, "step_s": med, "images_per_s": a.batch / med}))
        return
    if a.paths[0] == "-":
        net = CSNN(a.channels)
    else:
        state = load_safetensors(a.paths[0])
        net = CSNN(channels_of(state))
        net.load_state_dict(state, strict=True)
    xt, yt = read_idx(a.paths[1], "t10k")
    if a.cmd == "eval":
        print(json.dumps({"weights": a.paths[0], "test_acc": evaluate(net, xt, yt, a.T)}))
        return
    x, y = read_idx(a.paths[1], "train")
    net.train()
    opt = torch.optim.SGD(net.parameters(), lr=a.lr, momentum=0.9)
    g = torch.Generator().manual_seed(1)
    for step in range(a.steps):
        idx = torch.randint(0, x.shape[0], (64,), generator=g)
        rate = net(x[idx].unsqueeze(0).repeat(a.T, 1, 1, 1, 1)).mean(0)
        loss = nn.functional.mse_loss(rate, nn.functional.one_hot(y[idx], 10).float())
        opt.zero_grad()
        loss.backward()
        opt.step()
    save_safetensors(a.paths[2], net.state_dict(), {"format": "pt", "model": "csnn-fmnist"})
    print(json.dumps({"weights": a.paths[2], "steps": a.steps, "test_acc": evaluate(net, xt, yt, a.T)}))


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""PyTorch side of the Neurospark <-> PyTorch check for the PLIF paper's NMNISTNet (SpikingJelly
`parametric_lif_net.NMNISTNet`, zoo name `plif-nmnist`).

Plain torch (no SpikingJelly, no safetensors package): the network is written here with SpikingJelly's module
layout and state-dict names -- conv_fc = [Conv2d(2, C, 3, p1, no bias), BatchNorm2d(C), PLIF, MaxPool2d(2)] x 2 (the
second conv C -> C), Flatten, Dropout(0.5), Linear(C*8*8, 2048), PLIF, Dropout(0.5), Linear(2048, 100), PLIF,
VotingLayer(10) -- where PLIF is ParametricLIFNode(init_tau 2, decay_input, v_threshold 1, hard reset to 0) with its
parameter `w` (tau = 1 + exp(-w)). Input: frames [T, N, 2, 34, 34]; prediction = argmax of the output averaged
over T.

  check WEIGHTS --channels C [--frames LIST]
      loads the safetensors state dict with load_state_dict(strict=True); with LIST (lines "frames.npy label",
      frames float32 [T, 2, 34, 34]) also classifies them; prints one JSON line
      {"strict": true, "parameters": N, "samples": n, "accuracy": a, "predictions": [...]}
Run with Debian's python3-torch: /usr/bin/python3 tools/pytorch/plif_interop.py check ...
"""
import argparse
import json
import os
import sys

import numpy as np
import torch
import torch.nn as nn

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from csnn_interop import SeqFold, load_safetensors  # noqa: E402


class MultiStepPLIF(nn.Module):
    """SpikingJelly ParametricLIFNode, multi-step, decay_input=True, v_threshold 1, v_reset 0 (forward only)."""

    def __init__(self, init_tau=2.0):
        super().__init__()
        self.w = nn.Parameter(torch.as_tensor(-np.log(init_tau - 1.0), dtype=torch.float32))

    def forward(self, x_seq):
        v = torch.zeros_like(x_seq[0])
        k = self.w.sigmoid()
        out = []
        for t in range(x_seq.shape[0]):
            h = v + (x_seq[t] - v) * k
            s = (h >= 1.0).to(h.dtype)
            v = h * (1 - s)
            out.append(s)
        return torch.stack(out)


class Voting(nn.Module):
    """SpikingJelly VotingLayer(10): mean of each group of 10 consecutive outputs."""

    def forward(self, x):
        return x.reshape(*x.shape[:-1], x.shape[-1] // 10, 10).mean(-1)


class NMNISTNet(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.conv_fc = nn.Sequential(
            nn.Conv2d(2, c, 3, padding=1, bias=False), nn.BatchNorm2d(c), MultiStepPLIF(), nn.MaxPool2d(2, 2),
            nn.Conv2d(c, c, 3, padding=1, bias=False), nn.BatchNorm2d(c), MultiStepPLIF(), nn.MaxPool2d(2, 2),
            nn.Flatten(), nn.Dropout(0.5), nn.Linear(c * 8 * 8, 2048), MultiStepPLIF(),
            nn.Dropout(0.5), nn.Linear(2048, 100), MultiStepPLIF(), Voting())

    def forward(self, x_seq):
        y = x_seq
        for m in self.conv_fc:
            y = m(y) if isinstance(m, MultiStepPLIF) else SeqFold(m)(y)
        return y


def main():
    ap = argparse.ArgumentParser()
    sub = ap.add_subparsers(dest="cmd", required=True)
    c = sub.add_parser("check")
    c.add_argument("weights")
    c.add_argument("--channels", type=int, required=True)
    c.add_argument("--frames")
    a = ap.parse_args()
    net = NMNISTNet(a.channels)
    state = load_safetensors(a.weights)
    # 0-d tensors (PLIF w, num_batches_tracked) may be stored as shape [] or [1]
    ref = net.state_dict()
    for k, v in list(state.items()):
        if k in ref and ref[k].dim() == 0 and v.numel() == 1:
            state[k] = v.reshape(())
    net.load_state_dict(state, strict=True)
    net.eval()
    out = {"strict": True, "parameters": sum(p.numel() for p in net.parameters())}
    if a.frames:
        preds, labels = [], []
        with open(a.frames) as f:
            for line in f:
                if not line.strip():
                    continue
                path, label = line.rsplit(maxsplit=1)
                x = torch.from_numpy(np.load(path).astype(np.float32)).unsqueeze(1)  # [T, 1, 2, H, W]
                with torch.no_grad():
                    y = net(x).mean(0)[0]
                preds.append(int(y.argmax()))
                labels.append(int(label))
        out["samples"] = len(preds)
        out["accuracy"] = sum(p == l for p, l in zip(preds, labels)) / max(1, len(preds))
        out["predictions"] = preds
    print(json.dumps(out))


if __name__ == "__main__":
    main()

"""Cross-check values for TransformsOnNmnistTest, computed with plain numpy loops that follow tonic's
functional code (denoise_numpy, refractory_period_numpy, crop, drop_by_time) on the real N-MNIST fixtures.
Run: python3 expected_counts.py ../../../../../shared/data/events/nmnist"""
import sys
import numpy as np


def load(path):
    b = np.fromfile(path, dtype=np.uint8).reshape(-1, 5).astype(np.int64)
    x, y = b[:, 0], b[:, 1]
    p = b[:, 2] >> 7
    t = ((b[:, 2] & 127) << 16) | (b[:, 3] << 8) | b[:, 4]
    return t, x, y, p


def denoise(t, x, y, ft, eight=False):
    w, h = x.max() + 1, y.max() + 1
    mem = np.zeros((w, h)) + ft
    keep = []
    for i in range(len(t)):
        xi, yi, ti = x[i], y[i], t[i]
        mem[xi, yi] = ti + ft
        k = (xi > 0 and mem[xi - 1, yi] > ti) or (xi < w - 1 and mem[xi + 1, yi] > ti) or \
            (yi > 0 and mem[xi, yi - 1] > ti) or (yi < h - 1 and mem[xi, yi + 1] > ti)
        if eight and not k:
            for dx, dy in ((-1, -1), (1, -1), (-1, 1), (1, 1)):
                if 0 <= xi + dx < w and 0 <= yi + dy < h and mem[xi + dx, yi + dy] > ti:
                    k = True
        if k:
            keep.append(i)
    return np.array(keep)


def refractory(t, x, y, rp):
    mem = np.zeros((x.max() + 1, y.max() + 1)) - rp
    keep = []
    for i in range(len(t)):
        if t[i] - mem[x[i], y[i]] > rp:
            keep.append(i)
        mem[x[i], y[i]] = t[i]
    return np.array(keep)


root = sys.argv[1]
for name in ["tonic_sample_nmnist.bin", "nmnist_test_60001_label7.bin"]:
    t, x, y, p = load(root + "/" + name)
    print(name, "n", len(t))
    for ft in (10000, 3000):
        k = denoise(t, x, y, ft)
        k8 = denoise(t, x, y, ft, True)
        print(" denoise", ft, "4:", len(k), "first", [tuple(int(v) for v in (t[j], x[j], y[j], p[j])) for j in k[:2]],
              "8:", len(k8))
    for rp in (1000, 5000):
        k = refractory(t, x, y, rp)
        print(" refractory", rp, len(k), "first", [tuple(int(v) for v in (t[j], x[j], y[j], p[j])) for j in k[:2]])
    m = (x >= 7) & (x < 27) & (y >= 7) & (y < 27)
    print(" centercrop 20x20 (offset 7):", int(m.sum()))
    m = (t >= 100000) & (t <= 200000)
    print(" droptime 100000..200000 kept:", int((~m).sum()))
    xd, yd = (x * 0.5).astype(int), (y * 0.5).astype(int)
    print(" downsample 0.5 max", int(xd.max()), int(yd.max()), "sum x", int(xd.sum()), "sum y", int(yd.sum()))


def seed_era_duration(t, d):
    """SpikingJelly's fixed-duration windows before 2024-03: anchored at each window's first event."""
    n, left, sizes = len(t), 0, []
    while left < n:
        tl, right = t[left], left
        while right < n and t[right] - tl <= d:
            right += 1
        sizes.append(right - left)
        left = right
    return sizes


for name in ["tonic_sample_nmnist.bin"]:
    t, x, y, p = load(root + "/" + name)
    for d in (10000, 33333):
        s = seed_era_duration(t, d)
        print(name, "seed-era duration", d, "T", len(s), "first sizes", s[:5], "last", s[-1])

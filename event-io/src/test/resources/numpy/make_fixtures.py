"""Writes NumPy fixtures for the Java .npy/.npz tests into the directory given as argv[1].

Every array is derived from the same small deterministic event list, so the Java side knows the expected values:
t = 1000 + 7*i (µs), x = (3*i) % 40, y = (5*i) % 30, p = i % 2, for i in range(N).
Also writes cases the Java side must reject, and plain arrays of every dtype / order / format version.
"""
import json
import os
import sys

import numpy as np

out = sys.argv[1]
N = 1000
i = np.arange(N)
t = 1000 + 7 * i
x = (3 * i) % 40
y = (5 * i) % 30
p = i % 2


def path(name):
    return os.path.join(out, name)


# SpikingJelly events_np caches: np.savez / np.savez_compressed with keys t, x, y, p
np.savez(path("sj_int64.npz"), t=t.astype(np.int64), x=x.astype(np.int64), y=y.astype(np.int64), p=p.astype(np.int64))
np.savez_compressed(path("sj_compressed_mixed.npz"), t=t.astype(np.uint32), x=x.astype(np.uint16),
                    y=y.astype(np.int16), p=p.astype(np.uint8))
np.savez_compressed(path("sj_float_bool.npz"), t=t.astype(np.float64), x=x.astype(np.float32),
                    y=y.astype(np.float64), p=p.astype(bool))
np.savez(path("sj_bigendian.npz"), t=t.astype(">i8"), x=x.astype(">i4"), y=y.astype(">u2"), p=p.astype(">i2"))
np.savez(path("sj_extra_key.npz"), t=t, x=x, y=y, p=p, label=np.array([3]))

# tonic-style structured .npy
tonic = np.zeros(N, dtype=[("x", "<i2"), ("y", "<i2"), ("t", "<i8"), ("p", "<i1")])
tonic["t"], tonic["x"], tonic["y"], tonic["p"] = t, x, y, p
np.save(path("tonic_structured.npy"), tonic)
# aligned structured dtype: padding between fields, dict-form descr with offsets
aligned = np.zeros(N, dtype=np.dtype([("t", "<i8"), ("x", "<u2"), ("y", "<u2"), ("p", "?")], align=True))
aligned["t"], aligned["x"], aligned["y"], aligned["p"] = t, x, y, p
np.save(path("aligned_structured.npy"), aligned)
# explicit offsets + itemsize with a hole
holey_dt = np.dtype({"names": ["p", "t", "x", "y"], "formats": ["u1", ">i8", "<f4", ">u2"],
                     "offsets": [0, 4, 16, 24], "itemsize": 32})
holey = np.zeros(N, dtype=holey_dt)
holey["t"], holey["x"], holey["y"], holey["p"] = t, x, y, p
np.save(path("holey_structured.npy"), holey)

# bad inputs
np.savez(path("bad_missing_p.npz"), t=t, x=x, y=y)
xf = x.astype(np.float64)
xf[17] = np.nan
np.savez(path("bad_nan_x.npz"), t=t, x=xf, y=y, p=p)
yn = y.astype(np.int32)
yn[23] = -4
np.savez(path("bad_negative_y.npz"), t=t, x=x, y=yn, p=p)
pp = p.copy()
pp[5] = 2
np.savez(path("bad_polarity.npz"), t=t, x=x, y=y, p=pp)
np.savez(path("bad_lengths.npz"), t=t, x=x[:-1], y=y, p=p)
np.savez(path("bad_2d.npz"), t=t.reshape(10, 100), x=x, y=y, p=p)

# plain arrays of every supported dtype, both byte orders, C and Fortran order, format versions 1/2/3
vals = np.arange(24).reshape(2, 3, 4)
expected = {}
for code in ["b1", "i1", "u1", "i2", "u2", "i4", "u4", "i8", "u8", "f4", "f8"]:
    for order in ["<", ">"]:
        for fortran in [False, True]:
            dt = np.dtype(order + code) if code != "b1" else np.dtype("?")
            a = (vals % 2).astype(dt) if code == "b1" else (vals * (1 if code[0] == "u" else -1) + (3 if code[0] != "u" else 0)).astype(dt)
            if code.startswith("f"):
                a = (vals * 0.5 - 3.25).astype(dt)
            if fortran:
                a = np.asfortranarray(a)
            name = "plain_%s%s_%s.npy" % ("be" if order == ">" else "le", code, "F" if fortran else "C")
            np.save(path(name), a)
            expected[name] = {"shape": list(a.shape), "values": [float(v) for v in a.ravel(order="C")],
                              "fortran": fortran}
for version in [(1, 0), (2, 0), (3, 0)]:
    a = (vals * 1.5).astype("<f4")
    name = "version_%d.npy" % version[0]
    with open(path(name), "wb") as f:
        np.lib.format.write_array(f, a, version=version)
    expected[name] = {"shape": list(a.shape), "values": [float(v) for v in a.ravel()], "fortran": False}
with open(path("expected.json"), "w") as f:
    json.dump(expected, f)

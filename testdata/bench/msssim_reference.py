#!/usr/bin/python3
"""Reference PSNR / MS-SSIM values for the Java benchmark's tests (io.vqz.cli.bench).

Written from the definitions, independently of the Java code: MS-SSIM after Wang, Simoncelli and Bovik,
"Multi-scale structural similarity for image quality assessment" (Asilomar 2003), with the parameters of
their reference msssim.m: 11x11 Gaussian window sigma 1.5 (full 2-D window, 'valid' filtering),
K1 = 0.01, K2 = 0.03, L = 255, weights (0.0448, 0.2856, 0.3001, 0.2363, 0.1333), 2x2 mean between
scales (odd edge replicated); per channel on R, G, B, then averaged (as pytorch_msssim / CompressAI).
Small images use as many scales as fit (window at most the image), weights renormalised.
PSNR over RGB: one MSE over all samples of the three channels.

Only numpy and PIL (/usr/bin/python3). Run from the repository root:
    /usr/bin/python3 testdata/bench/msssim_reference.py            # prints the values
    /usr/bin/python3 testdata/bench/msssim_reference.py --make     # also regenerates the image pairs
"""
import io
import sys

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view
from PIL import Image

W = (0.0448, 0.2856, 0.3001, 0.2363, 0.1333)
C1 = (0.01 * 255) ** 2
C2 = (0.03 * 255) ** 2
D = "testdata/bench/"


def window():
    r = np.arange(11) - 5
    yy, xx = np.meshgrid(r, r, indexing="ij")
    g = np.exp(-(xx ** 2 + yy ** 2) / (2 * 1.5 ** 2))
    return g / g.sum()


def conv_valid(a, k):
    return np.einsum("ijkl,kl->ij", sliding_window_view(a, k.shape), k)


def downsample(a):
    h, w = a.shape
    a = np.pad(a, ((0, h % 2), (0, w % 2)), mode="edge")
    return a.reshape(a.shape[0] // 2, 2, a.shape[1] // 2, 2).mean(axis=(1, 3))


def msssim_channel(x, y):
    k = window()
    n, h, w = 0, x.shape[0], x.shape[1]
    while n < 5 and min(h, w) >= 11:
        n += 1
        h, w = (h + 1) // 2, (w + 1) // 2
    weights = np.array(W[:n]) / sum(W[:n])
    out = 1.0
    for s in range(n):
        mx, my = conv_valid(x, k), conv_valid(y, k)
        vx = conv_valid(x * x, k) - mx * mx
        vy = conv_valid(y * y, k) - my * my
        cov = conv_valid(x * y, k) - mx * my
        cs = (2 * cov + C2) / (vx + vy + C2)
        lum = (2 * mx * my + C1) / (mx * mx + my * my + C1)
        term = (lum * cs).mean() if s == n - 1 else cs.mean()
        out *= max(term, 0.0) ** weights[s]
        x, y = downsample(x), downsample(y)
    return out


def load(name):
    return np.asarray(Image.open(D + name).convert("RGB"), dtype=np.float64)


def metrics(a, b):
    mse = ((a - b) ** 2).mean()
    psnr = 10 * np.log10(255.0 ** 2 / mse)
    ms = np.mean([msssim_channel(a[:, :, c], b[:, :, c]) for c in range(3)])
    return psnr, ms


def make():
    src = Image.open("testdata/kodak/kodim23.png").convert("RGB")
    a = src.crop((256, 128, 256 + 224, 128 + 192))  # 224x192: five scales
    a.save(D + "ref-a.png")
    buf = io.BytesIO()
    a.save(buf, format="JPEG", quality=15)
    Image.open(io.BytesIO(buf.getvalue())).convert("RGB").save(D + "ref-a-jpeg15.png")
    small = src.crop((400, 200, 464, 264))  # 64x64: three scales
    small.save(D + "ref-b.png")
    rng = np.random.default_rng(8)
    noisy = np.asarray(small, dtype=np.float64) + rng.normal(0, 12, (64, 64, 3))
    Image.fromarray(np.clip(np.rint(noisy), 0, 255).astype(np.uint8)).save(D + "ref-b-noise12.png")


if __name__ == "__main__":
    if "--make" in sys.argv:
        make()
    for ref, dist in (("ref-a.png", "ref-a-jpeg15.png"), ("ref-b.png", "ref-b-noise12.png")):
        psnr, ms = metrics(load(ref), load(dist))
        print("%s %s psnr=%.10f msssim=%.12f" % (ref, dist, psnr, ms))

"""A plane (v3) checkpoint against a layered (v2) one on the held-out training photographs, at full size.

For every held-out image (the split of vqz_data.py; never Kodak): bits per pixel under the priors (the base
layer's PixelCNN on the whole grid, the planes' exact Laplace interval bits, or a PlaneCondition's; no container,
no tiles), PSNR and MS-SSIM of the decoded image rounded to 8 bits, for the base layer and each plane (v3) and
each layer count (v2). Then the mean curves, PSNR at 0.5 / 1 / 1.5 / 2 bpp (linear in log bpp between points)
and the BD-rates of v3 against v2 (log rate linear in PSNR, and in MS-SSIM dB, over the shared range).

  cd training
  /usr/bin/python3 vqz_eval_planes.py --planes runs/v3-e2e/last.pt --layered runs/v2-prior2/step1800.pt
"""
import argparse
import json
import math
import os
import types

import numpy as np
import torch
import torch.nn.functional as F
from PIL import Image

from vqz_config import PATHS
from vqz_data import _is_validation
from vqz_export_planes import load_checkpoint
from vqz_model import ms_ssim_rgb, plane_quantise
from vqz_train_layered import build, prior_loss
from vqz_train_planes import plane_bits


def held_out(src):
    return [os.path.join(src, n) for n in sorted(os.listdir(src)) if n.endswith(".png") and _is_validation(n)]


def image(path):
    a = np.asarray(Image.open(path).convert("RGB"))
    h, w = a.shape[0] // 4 * 4, a.shape[1] // 4 * 4
    return torch.from_numpy(a[:h, :w].astype(np.float32)).permute(2, 0, 1)[None] / 255


def psnr(xhat, x):
    return -10 * math.log10(F.mse_loss(xhat.clamp(0, 1).mul(255).round().div(255), x).item())


def ms_ssim(xhat, x):
    """MS-SSIM over RGB of the decode rounded to 8 bits, as a file would hold it (docs/BENCHMARKS.md)."""
    return float(ms_ssim_rgb(xhat.clamp(0, 1).mul(255).round().div(255).double(), x.double()).mean())


def quality(xhat, x):
    return psnr(xhat, x), ms_ssim(xhat, x)


@torch.no_grad()
def plane_curve(model, x, first, count):
    vq, base, ctx, ck, _ = model
    z = vq.encoder(x)
    stage = vq.quantiser.stages[0]
    idx0 = stage.indices(z)
    q0 = stage.lookup(idx0)
    pixels = x.shape[2] * x.shape[3]
    base_bits = F.cross_entropy(base(idx0), idx0, reduction="sum").item() / math.log(2)
    points = [(base_bits / pixels, *quality(vq.decoder(q0), x))]
    mu, log_b = ctx(q0)
    e0 = ck["args"].get("delta0_eighths", -6)
    if hasattr(vq, "res_encoder"):
        z = vq.res_encoder(x)
    steps = [2.0 ** ((e0 - 8 * j) / 8) for j in range(first + count)]
    cond = getattr(vq, "plane_condition", None)
    for j in range(first, first + count):
        recon, _ = plane_quantise(z - q0 - mu, torch.exp(log_b), steps[j])
        bits = plane_bits(z - q0 - mu, log_b, steps, j, cond, first)
        points.append(((base_bits + bits.sum().item()) / pixels, *quality(vq.decoder(q0 + (mu + recon)), x)))
    return points


@torch.no_grad()
def layered_curve(model, x):
    vq, base, refine = model
    idx = vq.quantiser.indices(vq.encoder(x))
    ce = prior_loss(vq, base, refine, idx) / math.log(2)
    n = idx.shape[2] * idx.shape[3]
    points, bits = [], 0.0
    for layer in range(idx.shape[1]):
        bits += ce[layer].item() * n
        points.append((bits / (x.shape[2] * x.shape[3]), *quality(vq.decode_indices(idx[:, :layer + 1]), x)))
    return points


def at(curve, bpp):
    for (b0, p0, *_), (b1, p1, *_) in zip(curve, curve[1:]):
        if b0 <= bpp <= b1:
            return round(p0 + (p1 - p0) * math.log(bpp / b0) / math.log(b1 / b0), 3)
    return None


def ms_ssim_db(curve):
    """(bpp, PSNR, MS-SSIM) points -> (bpp, MS-SSIM in dB): the quality axis of the benchmark's MS-SSIM BD-rate."""
    return [(b, -10 * math.log10(1 - m)) for b, _, m in curve]


def bd_rate(ref, test):
    """Mean log-rate difference of test against ref at equal PSNR (piecewise linear), in percent."""
    ref, test = [[(b, p) for b, p, *_ in c] for c in (ref, test)]
    lo = max(min(p for _, p in ref), min(p for _, p in test))
    hi = min(max(p for _, p in ref), max(p for _, p in test))
    ps = np.linspace(lo, hi, 200)
    r = [np.interp(ps, [p for _, p in c], [math.log(b) for b, _ in c]) for c in (ref, test)]
    return round((math.exp(float((r[1] - r[0]).mean())) - 1) * 100, 2)


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--planes", required=True, help="a vqz_train_planes.py checkpoint")
    p.add_argument("--layered", required=True, help="a vqz_train_layered.py prior-phase checkpoint")
    p.add_argument("--first-plane", type=int, default=1)
    p.add_argument("--count", type=int, default=5)
    p.add_argument("--src", default=PATHS["src"])
    p.add_argument("--threads", type=int, default=1)
    p.add_argument("--out", help="write the result as JSON")
    a = p.parse_args()
    torch.set_num_threads(a.threads)
    planes = load_checkpoint(a.planes)
    ck = torch.load(a.layered, map_location="cpu")
    vq, base, refine = build(types.SimpleNamespace(**ck["args"]))
    vq.load_state_dict(ck["vq"]); base.load_state_dict(ck["base_prior"]); refine.load_state_dict(ck["refine"])
    layered = (vq.eval(), base.eval(), refine.eval())
    per_image = {}
    for path in held_out(a.src):
        x = image(path)
        per_image[os.path.basename(path)] = dict(v3=plane_curve(planes, x, a.first_plane, a.count),
                                                 v2=layered_curve(layered, x))
    mean = {k: [tuple(round(float(v), 6) for v in np.mean([img[k][i] for img in per_image.values()], 0))
                for i in range(len(next(iter(per_image.values()))[k]))] for k in ("v3", "v2")}
    result = dict(images=len(per_image), mean=mean,
                  psnr_at={str(b): dict(v3=at(mean["v3"], b), v2=at(mean["v2"], b)) for b in (0.5, 1.0, 1.5, 2.0)},
                  bd_rate_v3_against_v2=bd_rate(mean["v2"], mean["v3"][1:]),
                  bd_rate_ms_ssim_v3_against_v2=bd_rate(ms_ssim_db(mean["v2"]), ms_ssim_db(mean["v3"][1:])),
                  per_image=per_image)
    print(json.dumps({k: v for k, v in result.items() if k != "per_image"}, indent=1))
    if a.out:
        with open(a.out, "w") as f:
            json.dump(result, f, indent=1)


if __name__ == "__main__":
    main()

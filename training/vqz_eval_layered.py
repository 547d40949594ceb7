"""Evaluate a layered (v2) checkpoint on the 24 Kodak images at full size, for every number of layers.

For n = 1..S layers (nearest codes stage by stage): PSNR over RGB of the decoded image (clamped, rounded to
8 bits, cropped), and the rate of the first n layers in bits per pixel under

  * the priors (`bpp_cdf`): each layer's codes under its prior's 16-bit integer CDFs (what the range coder
    pays), on 64 x 64-code tiles with zero padding at tile borders for both the layer's own codes and the
    coarser layers' codewords it is conditioned on, as the Java side would code tiles;
  * order 0 (`bpp_order0`): each layer's empirical code entropy over all 24 images, a rate no prior may
    exceed by much (a reference while the priors are untrained).

JPEG's PSNR at the same bpp (PIL 4:2:0, linear in log bpp) gives the gap. Kodak is for evaluation only.

  /usr/bin/python3 training/vqz_eval_layered.py --checkpoint /tmp/v2.pt \\
      --jpeg-from training/results/eval-final.json --out training/runs/v2-vq/eval.json
"""
import argparse
import json
import math
import os
import time
import types

import numpy as np
import torch

from vqz_measure import (JPEG_QUALITIES, cdf_bits, gather_tiles, jpeg_curve, jpeg_psnr_at, load_images, pad_to,
                         psnr, split_tiles, to_tensor, to_uint8)
from vqz_config import F_DOWN, PATHS, TILE
from vqz_train_layered import build


def load(path):
    ck = torch.load(path, map_location="cpu")
    a = types.SimpleNamespace(**ck["args"])
    vq, base, refine = build(a)
    vq.load_state_dict(ck["vq"]); base.load_state_dict(ck["base_prior"]); refine.load_state_dict(ck["refine"])
    return vq.eval(), base.eval(), refine.eval(), ck


@torch.no_grad()
def layer_bits(vq, base, refine, grids, tile):
    """grids: list of [S,h,w] code grids -> [images, S] bits of each layer under its prior (integer CDFs)."""
    shapes = [g.shape[1:] for g in grids]
    tiles = split_tiles(shapes, tile)
    size = (max(t[3] for t in tiles), max(t[4] for t in tiles))
    codes = gather_tiles(grids, tiles, size)  # [N, S, th, tw]
    valid = gather_tiles([torch.ones(s, dtype=torch.bool) for s in shapes], tiles, size, False)
    out = np.zeros((len(grids), codes.shape[1]))
    coarse = None
    for s in range(codes.shape[1]):
        c = codes[:, s]
        logits = base(c) if s == 0 else refine[s - 1](c, coarse * valid[:, None])
        bits = cdf_bits(logits.permute(0, 2, 3, 1).reshape(-1, logits.shape[1]), c.reshape(-1))
        bits = (bits.view(c.shape) * valid).sum((1, 2))
        for n, t in enumerate(tiles):
            out[t[0], s] += float(bits[n])
        q = vq.quantiser.stages[s].lookup(c)
        coarse = q if coarse is None else coarse + q
    return out


@torch.no_grad()
def evaluate(args):
    t0 = time.time()
    vq, base, refine, ck = load(args.checkpoint)
    names, images = load_images(args.kodak)
    stages = len(vq.quantiser)
    psnrs = np.zeros((len(images), stages))
    grids = []
    for i, img in enumerate(images):
        h, w = img.shape[:2]
        idx = vq.quantiser.indices(vq.encoder(to_tensor(pad_to(img, F_DOWN))))
        grids.append(idx[0])
        for n in range(1, stages + 1):
            psnrs[i, n - 1] = psnr(img, to_uint8(vq.decode_indices(idx[:, :n]), h, w))
    pixels = np.array([img.shape[0] * img.shape[1] for img in images], dtype=np.float64)
    bits = layer_bits(vq, base, refine, grids, args.tile)
    order0 = []
    for s in range(stages):
        counts = torch.bincount(torch.cat([g[s].reshape(-1) for g in grids]), minlength=vq.k).double()
        p = counts[counts > 0] / counts.sum()
        order0.append(float(-(p * p.log2()).sum()))
    positions = np.array([g.shape[1] * g.shape[2] for g in grids], dtype=np.float64)
    if args.jpeg_from:
        with open(args.jpeg_from) as f:
            curve = json.load(f)["jpeg"]
    else:
        curve = jpeg_curve(images, args.jpeg_qualities)
    points = []
    for n in range(1, stages + 1):
        bpp = float(np.mean(bits[:, :n].sum(1) / pixels))
        bpp0 = float(np.mean(positions * sum(order0[:n]) / pixels))
        p = float(np.mean(psnrs[:, n - 1]))
        j = jpeg_psnr_at(curve, bpp)
        points.append(dict(layers=n, psnr=round(p, 3), bpp_cdf=round(bpp, 4), bpp_order0=round(bpp0, 4),
                           bits_per_code=round(float(bits[:, n - 1].sum() / positions.sum()), 3),
                           order0_bits_per_code=round(order0[n - 1], 3),
                           jpeg_psnr=None if j is None else round(j, 3),
                           gap_db=None if j is None else round(p - j, 3)))
    return dict(checkpoint=dict(path=args.checkpoint, step=int(ck["step"]), seconds=float(ck["seconds"]),
                                machine=ck.get("machine")),
                images=len(images), tile=args.tile, points=points, jpeg=curve,
                per_image_psnr={n: [round(v, 3) for v in psnrs[i]] for i, n in enumerate(names)},
                seconds=round(time.time() - t0, 1))


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--checkpoint", required=True)
    p.add_argument("--kodak", default=PATHS["kodak"])
    p.add_argument("--out")
    p.add_argument("--tile", type=int, default=TILE)
    p.add_argument("--jpeg-qualities", type=int, nargs="+", default=JPEG_QUALITIES)
    p.add_argument("--jpeg-from")
    p.add_argument("--threads", type=int, default=1)
    args = p.parse_args()
    torch.set_num_threads(args.threads)
    r = evaluate(args)
    print(f"Kodak, {r['images']} images; step {r['checkpoint']['step']}; rate under the priors' integer CDFs on "
          f"{r['tile']}x{r['tile']} tiles, and order 0")
    print(f"{'layers':>6} {'bpp_cdf':>8} {'bpp_ord0':>8} {'PSNR':>7} {'JPEG@bpp':>8} {'gap':>6} {'bits/code':>9}")
    for pt in r["points"]:
        j = "-" if pt["jpeg_psnr"] is None else f"{pt['jpeg_psnr']:.2f}"
        g = "-" if pt["gap_db"] is None else f"{pt['gap_db']:+.2f}"
        print(f"{pt['layers']:>6} {pt['bpp_cdf']:>8.4f} {pt['bpp_order0']:>8.4f} {pt['psnr']:>7.2f} {j:>8} {g:>6} "
              f"{pt['bits_per_code']:>9.3f}")
    if args.out:
        with open(args.out, "w") as f:
            json.dump(r, f, indent=1)


if __name__ == "__main__":
    main()

"""Evaluate a checkpoint on the 24 Kodak images at full size against JPEG, in one run.

Measures, per image and on average:
  * the model's PSNR over RGB (decoded image clamped, rounded to 8 bits, cropped to the true size);
  * its rate in bits per pixel from the prior's cross-entropy, the prior run on code tiles of --tile x --tile
    codes with zero padding at tile borders, exactly as the Java side codes tiles (--tile 0: whole grid);
  * JPEG's curve (libjpeg through PIL, 4:2:0, a sweep of qualities, real file bytes) on the same images,
    JPEG's PSNR interpolated (linearly in log bpp) at the model's bpp, and the gap in dB;
  * rate-distortion optimised index choice: for each lambda, a greedy raster-order choice among the
    --candidates nearest codewords minimising ||z - c||^2 + lambda * (-log2 p(c | codes chosen so far)).

The greedy choice is exact: the prior is evaluated incrementally along a wavefront (position (y, x) of a
tile at step x + s*y, s = max(KA, KB)//2 + 1), which visits each position only after every position its
probabilities depend on, and caches each layer's activations, so p(c) is conditioned on the codes
actually chosen (teacher forcing with the chosen codes), at the cost of one position per layer.

  /usr/bin/python3 training/vqz_eval.py --checkpoint training/runs/main/last.pt --out eval.json
"""
import argparse
import json
import math
import os
import time

import numpy as np
import torch
import torch.nn.functional as F

from vqz_export import load_checkpoint
from vqz_config import F_DOWN, PATHS, TILE
from vqz_measure import (JPEG_QUALITIES, cdf_bits, gather_tiles, jpeg_curve, jpeg_psnr_at, load_images, pad_to, psnr,
                         scatter_tiles, split_tiles, to_tensor, to_uint8)

LN2 = math.log(2.0)
# ---------------------------------------------------------------------------------------------------------
# JPEG


# ---------------------------------------------------------------------------------------------------------
# Tiles of code grids


# ---------------------------------------------------------------------------------------------------------
# The integer CDF of docs/DESIGN.md ("From logits to an integer CDF"), for the rate a range coder pays

# ---------------------------------------------------------------------------------------------------------
# The prior, evaluated incrementally along a wavefront


class WavefrontPrior:
    """Greedy rate-distortion index choice on a batch of tiles, exact under the causal prior."""

    def __init__(self, prior):
        self.k, self.layers = prior.k, prior.layers
        self.pa, self.pb = prior.ka // 2, prior.kb // 2
        self.slope = max(self.pa, self.pb) + 1
        self.emb = prior.embedding.weight.detach()
        self.taps_a, self.wa = self._taps(prior.conv_a)
        self.ba = prior.conv_a.bias.detach()
        self.convs_b = [self._taps(c) + (c.bias.detach(),) for c in prior.conv_b]
        self.wo = prior.out.weight.detach()[:, :, 0, 0].t().contiguous()  # [C, K]
        self.bo = prior.out.bias.detach()

    @staticmethod
    def _taps(conv):
        r = conv.kernel_size[0] // 2
        taps = [(dy - r, dx - r) for dy in range(2 * r + 1) for dx in range(2 * r + 1) if conv.mask[0, 0, dy, dx]]
        w = (conv.weight * conv.mask).detach()
        wflat = torch.stack([w[:, :, dy + r, dx + r].t() for dy, dx in taps])  # [taps, Cin, Cout]
        return taps, wflat.reshape(-1, w.shape[0])

    @staticmethod
    def _gather(grid, taps, pad, ys, xs):
        """grid [N, H+pad, W+2pad, C] (channels last) -> features [N*P, taps*C] at positions (ys, xs)."""
        f = torch.stack([grid[:, ys + dy + pad, xs + dx + pad] for dy, dx in taps], 2)  # [N, P, T, C]
        n, p, t, c = f.shape
        return f.view(n * p, t * c)

    @torch.no_grad()
    def choose(self, cand_idx, cand_dist, valid, lam):
        """cand_idx/cand_dist [N, n, H, W] (candidate 0 nearest), valid [N, H, W] bool.
        -> codes [N, H, W] int64, bits [N] (-log2 p of the chosen codes, summed over valid positions),
           bits_cdf [N] (the same under the integer CDFs the range coder uses)."""
        n_t, _, h, w = cand_idx.shape
        pa, pb, c = self.pa, self.pb, self.ba.shape[0]
        # Positions outside a tile (and not yet chosen) stay zero: the zero padding of training and Java.
        emb = torch.zeros(n_t, h + pa, w + 2 * pa, self.emb.shape[1])
        acts = [torch.zeros(n_t, h + pb, w + 2 * pb, c) for _ in range(self.layers)]
        cand_idx = cand_idx.permute(0, 2, 3, 1)
        cand_dist = cand_dist.permute(0, 2, 3, 1)
        codes = torch.zeros(n_t, h, w, dtype=torch.long)
        bits = torch.zeros(n_t, dtype=torch.float64)
        bits_cdf = torch.zeros(n_t, dtype=torch.float64)
        s = self.slope
        for t in range(w + s * (h - 1)):
            ys = torch.arange(max(0, (t - w + s) // s), min(h - 1, t // s) + 1)
            xs = t - s * ys
            keep = (xs >= 0) & (xs < w)
            ys, xs = ys[keep], xs[keep]
            if ys.numel() == 0:
                continue
            p = ys.numel()
            vmask = valid[:, ys, xs].float()[..., None]  # [N, P, 1]
            h_cur = torch.addmm(self.ba, self._gather(emb, self.taps_a, pa, ys, xs), self.wa)
            for layer, (taps, wb, bb) in enumerate(self.convs_b):
                acts[layer][:, ys + pb, xs + pb] = F.relu(h_cur).view(n_t, p, c) * vmask
                h_cur = h_cur + torch.addmm(bb, self._gather(acts[layer], taps, pb, ys, xs), wb)
            logits = torch.addmm(self.bo, F.relu(h_cur), self.wo)
            logp = torch.log_softmax(logits, dim=1).view(n_t, p, self.k)
            ci = cand_idx[:, ys, xs]  # [N, P, n]
            cb = logp.gather(2, ci).mul_(-1.0 / LN2)
            cost = cand_dist[:, ys, xs] + lam * cb if lam else cand_dist[:, ys, xs]
            pick = cost.argmin(2, keepdim=True)
            code = ci.gather(2, pick)[..., 0] * vmask[..., 0].long()
            codes[:, ys, xs] = code
            bits += (cb.gather(2, pick) * vmask).sum((1, 2)).double()
            bits_cdf += (cdf_bits(logits, code.reshape(-1)).view(n_t, p) * vmask[..., 0].double()).sum(1)
            emb[:, ys + pa, xs + pa] = self.emb[code] * vmask
        return codes, bits, bits_cdf


@torch.no_grad()
def tile_bits_full(prior, codes, tiles):
    """Teacher-forced bits per tile with the ordinary (whole-tile) prior: the reference for the wavefront."""
    out = []
    for n, (_, _, _, th, tw) in enumerate(tiles):
        c = codes[n:n + 1, :th, :tw]
        out.append(F.cross_entropy(prior(c), c, reduction="sum").item() / LN2)
    return np.array(out)


# ---------------------------------------------------------------------------------------------------------


@torch.no_grad()
def evaluate(args):
    t_start = time.time()
    vq, prior, ck = load_checkpoint(args.checkpoint)
    names, images = load_images(args.kodak)
    embed = vq.quantiser.embed

    # Encode: latents, and the n nearest codewords with their squared distances.
    cand_idx, cand_dist, shapes = [], [], []
    for img in images:
        z = vq.encoder(to_tensor(pad_to(img, F_DOWN)))[0]  # [D, gh, gw]
        flat = z.reshape(z.shape[0], -1).t()
        # the quantiser's own formula, so that candidate 0 is exactly the model's nearest codeword
        d2 = (flat * flat).sum(1, keepdim=True) - 2 * flat @ embed.t() + (embed * embed).sum(1)[None]
        d2 = d2.clamp_min(0).t().reshape(-1, z.shape[1], z.shape[2])  # [K, gh, gw]
        dist, idx = torch.topk(d2, args.candidates, dim=0, largest=False, sorted=True)
        # topk may order equal distances arbitrarily; nearest = argmin (first index on ties), as in the encoder
        idx0 = d2.argmin(0)
        dist0 = d2.gather(0, idx0[None])
        swap = idx[0] != idx0
        if swap.any():
            idx[0][swap], dist[0][swap] = idx0[swap], dist0[0][swap]
        cand_idx.append(idx)
        cand_dist.append(dist)
        shapes.append(tuple(z.shape[1:]))
    t_encode = time.time() - t_start

    tiles = split_tiles(shapes, args.tile)
    size = (max(t[3] for t in tiles), max(t[4] for t in tiles))
    ci = gather_tiles(cand_idx, tiles, size)
    cd = gather_tiles(cand_dist, tiles, size)
    valid = gather_tiles([torch.ones(s, dtype=torch.bool) for s in shapes], tiles, size, fill=False)
    wf = WavefrontPrior(prior)
    pixels = np.array([img.shape[0] * img.shape[1] for img in images], dtype=np.float64)

    points = []
    for lam in args.lambdas:
        t0 = time.time()
        codes, bits, bits_cdf = wf.choose(ci, cd, valid, lam)
        if lam == 0:
            assert torch.equal(codes, ci[:, 0] * valid), "lambda 0 must pick the nearest codewords"
            ref = tile_bits_full(prior, codes, tiles)
            err = float(np.max(np.abs(ref - bits.numpy()) / np.maximum(ref, 1.0)))
            assert err < 1e-3, f"wavefront prior disagrees with the full prior ({err})"
        grids = scatter_tiles(codes, tiles, shapes)
        img_bits, img_bits_cdf = np.zeros(len(images)), np.zeros(len(images))
        for n, t in enumerate(tiles):
            img_bits[t[0]] += float(bits[n])
            img_bits_cdf[t[0]] += float(bits_cdf[n])
        per_psnr = []
        for i, img in enumerate(images):
            dec = to_uint8(vq.decode_indices(grids[i][None]), img.shape[0], img.shape[1])
            per_psnr.append(psnr(img, dec))
        used = int(torch.unique(torch.cat([g.view(-1) for g in grids])).numel())
        bpp = img_bits / pixels
        points.append(dict(lam=lam, bpp=float(bpp.mean()), psnr=float(np.mean(per_psnr)), codes_used=used,
                           bpp_cdf=float((img_bits_cdf / pixels).mean()),
                           seconds=round(time.time() - t0, 1),
                           per_image=[dict(name=nm, bpp=float(b), psnr=float(p))
                                      for nm, b, p in zip(names, bpp, per_psnr)]))

    whole = None
    if args.tile:  # for comparison: the same nearest codes, prior over the whole grid
        bits_whole = [F.cross_entropy(prior(c[0][None]), c[0][None], reduction="sum").item() / LN2
                      for c in cand_idx]
        whole = float(np.mean(np.array(bits_whole) / pixels))

    if args.jpeg_from:  # JPEG's curve does not depend on the model: reuse an earlier run's
        with open(args.jpeg_from) as f:
            curve = json.load(f)["jpeg"]
    else:
        curve = jpeg_curve(images, args.jpeg_qualities)
    for pt in points:
        j = jpeg_psnr_at(curve, pt["bpp"])
        pt["jpeg_psnr"] = j
        pt["gap_db"] = None if j is None else pt["psnr"] - j
    base = points[0] if points[0]["lam"] == 0 else None
    result = dict(
        checkpoint=dict(path=args.checkpoint, step=int(ck["step"]), seconds=float(ck["seconds"]),
                        machine=ck.get("machine")),
        images=len(images), kodak=args.kodak, tile=args.tile, candidates=args.candidates,
        rate_source=f"prior cross-entropy on {args.tile}x{args.tile}-code tiles, zero padding at tile borders"
        if args.tile else "prior cross-entropy on the whole code grid",
        nearest_bpp_whole_grid=whole,
        rdo=points, jpeg=curve,
        seconds=dict(encode=round(t_encode, 1), total=round(time.time() - t_start, 1)),
    )
    if base:
        result["manifest_metrics"] = dict(
            kodak_psnr=round(base["psnr"], 3), kodak_bpp=round(base["bpp"], 4),
            kodak_bpp_integer_cdf=round(base["bpp_cdf"], 4),
            jpeg_psnr_at_bpp=None if base["jpeg_psnr"] is None else round(base["jpeg_psnr"], 3),
            gap_db=None if base["gap_db"] is None else round(base["gap_db"], 3),
            rate=result["rate_source"], index_choice="nearest codeword", rdo_candidates=args.candidates,
            rdo=[dict(lam=p["lam"], bpp=round(p["bpp"], 4), bpp_integer_cdf=round(p["bpp_cdf"], 4),
                      psnr=round(p["psnr"], 3),
                      gap_db=None if p["gap_db"] is None else round(p["gap_db"], 3)) for p in points],
        )
    return result


def print_table(r):
    print(f"Kodak, {r['images']} images, full size; rate: {r['rate_source']}")
    if r["nearest_bpp_whole_grid"] is not None:
        print(f"nearest codes, prior over the whole grid: {r['nearest_bpp_whole_grid']:.4f} bpp")
    print("bpp: prior cross-entropy; bpp_cdf: the same under the 16-bit integer CDFs the range coder uses")
    print(f"{'lambda':>8} {'bpp':>8} {'bpp_cdf':>8} {'PSNR':>8} {'JPEG@bpp':>9} {'gap dB':>7} {'codes':>6} {'s':>6}")
    for p in r["rdo"]:
        j = "-" if p["jpeg_psnr"] is None else f"{p['jpeg_psnr']:.3f}"
        g = "-" if p["gap_db"] is None else f"{p['gap_db']:+.3f}"
        print(f"{p['lam']:>8g} {p['bpp']:>8.4f} {p['bpp_cdf']:>8.4f} {p['psnr']:>8.3f} {j:>9} {g:>7} {p['codes_used']:>6} {p['seconds']:>6}")
    print("JPEG 4:2:0 (PIL/libjpeg):")
    for c in r["jpeg"]:
        print(f"  q={c['quality']:>3} {c['bpp']:.4f} bpp {c['psnr']:.3f} dB")


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--checkpoint", required=True)
    p.add_argument("--kodak", default=PATHS["kodak"])
    p.add_argument("--out", help="write the results as JSON (vqz_export.py --metrics reads it)")
    p.add_argument("--tile", type=int, default=TILE, help="code tile side for the prior (0: whole grid)")
    p.add_argument("--candidates", type=int, default=16, help="nearest codewords considered by the RD choice")
    p.add_argument("--lambdas", type=float, nargs="+", default=[0, 0.002, 0.005, 0.01, 0.02])
    p.add_argument("--jpeg-qualities", type=int, nargs="+", default=JPEG_QUALITIES)
    p.add_argument("--jpeg-from", help="take JPEG's curve from an earlier --out JSON instead of measuring it")
    p.add_argument("--threads", type=int, default=1)
    args = p.parse_args()
    torch.set_num_threads(args.threads)
    args.lambdas = sorted(set(args.lambdas))
    r = evaluate(args)
    print_table(r)
    if args.out:
        with open(args.out, "w") as f:
            json.dump(r, f, indent=1)


if __name__ == "__main__":
    main()

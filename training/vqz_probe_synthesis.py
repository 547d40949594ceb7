"""Probe for the encoder's effort (issue 31): analysis by synthesis on the last layer sent. Each position's code is
chosen again among its C best candidates by the latent cost, judged by the decoded pixels' squared error around it
plus the layer's rate term, instead of by the latent distance.

The decoder's receptive field is R code positions, so a code's change moves only the pixels within R positions of
it: positions 2R + 1 apart in both directions decide independently. The grid is swept class by class of that
lattice; for each class, C full decodes (candidate c at every position of the class) give every position's local
error for every candidate. The pixel error enters the cost as alpha times the squared error in [0, 1] units, alpha
calibrated so that, over the candidates, a unit of it weighs what a unit of latent distance weighs in the greedy
choice (times the --alpha factors). Rate: the priors' integer CDFs on 64-code tiles, as the Java side codes;
quality: PSNR and MS-SSIM (as docs/BENCHMARKS.md defines it).
Centre crops of SIZE pixels of the first IMAGES held-out photographs; Kodak is for evaluation only.

  /usr/bin/python3 training/vqz_probe_synthesis.py --checkpoint runs/v22n-more.pt --images 4 --layers 3,6
"""
import argparse

import numpy as np
import torch

from vqz_bundle import receptive_field
from vqz_eval_layered import layer_bits, load
from vqz_measure import psnr, to_tensor, to_uint8
from vqz_model import ms_ssim_rgb
from vqz_probe_metric import crops
from vqz_probe_beam import TRAIN


def parse_args(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--checkpoint", required=True, help="a layered checkpoint (vqz_train_priors.py --out)")
    p.add_argument("--images", type=int, default=4)
    p.add_argument("--size", type=int, default=256, help="crop side, a multiple of 64")
    p.add_argument("--layers", default="3,6", help="files of these many layers")
    p.add_argument("--candidates", type=int, default=4)
    p.add_argument("--alpha", default="0.5,1,2", help="factors on the calibrated weight of the pixel error")
    p.add_argument("--src", default=TRAIN)
    return p.parse_args(argv)


@torch.no_grad()
def synthesis_codes(vq, source, z, codes, candidates, alpha, radius):
    """[n,H,W] greedy codes of the [3,h,w] picture `source` -> the same with the last layer chosen by analysis by
    synthesis."""
    n, h, w = codes.shape
    stage = vq.quantiser.stages[n - 1]
    e = stage.embed
    bits = stage.rate_weight * stage.code_bits() if float(stage.rate_weight) > 0 else torch.zeros(e.shape[0])
    coarse = vq.quantiser.lookup(codes[None, :n - 1]) if n > 1 else torch.zeros_like(z)
    target = (z - coarse)[0].permute(1, 2, 0).reshape(-1, e.shape[1])  # the last layer's residual, [N, D]
    latent = (target * target).sum(1, keepdim=True) - 2 * target @ e.t() + (e * e).sum(1)[None] + bits[None]
    cand = latent.topk(candidates, dim=1, largest=False).indices  # [N, C], the greedy choice first
    out = codes.clone()
    last = out[n - 1].reshape(-1)
    step = 2 * radius + 1
    f = 4
    ratios = []
    decided = []
    for oy in range(step):
        for ox in range(step):
            ys = torch.arange(oy, h, step)
            xs = torch.arange(ox, w, step)
            if len(ys) == 0 or len(xs) == 0:
                continue
            pos = (ys[:, None] * w + xs[None, :]).reshape(-1)
            errors = []
            for c in range(candidates):
                trial = last.clone()
                trial[pos] = cand[pos, c]
                q = coarse + e[trial].reshape(h, w, -1).permute(2, 0, 1)[None]
                errors.append(vq.decoder(q)[0])
            # local squared error of each position under each candidate
            for i, p in enumerate(pos.tolist()):
                y, x = divmod(p, w)
                y0, y1 = max(0, (y - radius) * f), min(h * f, (y + radius + 1) * f)
                x0, x1 = max(0, (x - radius) * f), min(w * f, (x + radius + 1) * f)
                se = torch.stack([((img[:, y0:y1, x0:x1] - source[:, y0:y1, x0:x1]) ** 2).sum()
                                  for img in errors])
                lat = latent[p, cand[p]]
                decided.append((p, se, lat))
                if len(cand[p]) > 1 and float(se.max() - se.min()) > 0:
                    ratios.append(float((lat.max() - lat.min()) / (se.max() - se.min())))
            # choose now, so the next classes see these codes
            scale = alpha * (float(np.median(ratios)) if ratios else 1.0)
            for p, se, lat in decided[-len(pos):]:
                rate = bits[cand[p]]
                last[p] = cand[p][int((scale * se + rate).argmin())]
    return out


@torch.no_grad()
def main(argv=None):
    a = parse_args(argv)
    torch.set_num_threads(2)
    vq, base, refine, _ = load(a.checkpoint)
    radius = receptive_field(vq)["decoder"]
    rows = {}
    for img in crops(a.src, a.images):
        c = min(img.shape[0], a.size)
        y0, x0 = (img.shape[0] - c) // 2, (img.shape[1] - c) // 2
        img = img[y0:y0 + c, x0:x0 + c]
        x = to_tensor(img)
        z = vq.encoder(x)
        for n in [int(v) for v in a.layers.split(",")]:
            greedy = vq.quantiser.indices(z, n)[0]
            variants = [("greedy", greedy)] + [(f"synthesis x{al}", synthesis_codes(vq, x[0], z, greedy, a.candidates,
                                                                                   float(al), radius))
                                               for al in a.alpha.split(",")]
            for name, codes in variants:
                bits = layer_bits(vq, base, refine, [codes], 64)[0].sum()
                out = to_uint8(vq.decode_indices(codes[None]), c, c)
                ms = float(ms_ssim_rgb(to_tensor(out).double(), to_tensor(img).double()).mean())
                rows.setdefault((n, name), []).append((bits / (c * c), psnr(out, img), ms))
            print(n, {k[1]: np.array(v[-1]).round(4).tolist() for k, v in rows.items() if k[0] == n}, flush=True)
    for (n, name), v in sorted(rows.items()):
        m = np.array(v).mean(0)
        print(f"layers {n} {name}: bpp {m[0]:.4f}  psnr {m[1]:.3f}  ms-ssim {m[2]:.5f}")


if __name__ == "__main__":
    main()

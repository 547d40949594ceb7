"""Probe for the encoder's effort (issue 31): a layered checkpoint's codes chosen by a beam over the layers against
the greedy choice layer by layer, on held-out photographs.

The greedy choice (B = 1) is `ResidualQuantiser.indices`: each layer takes the codeword minimising the squared
residual plus the layer's rate weight times the codeword's order-0 bits. The beam keeps, per position, the B paths
of lowest "residual after this layer plus the rate terms so far" and, after the last layer sent, the lowest. For
every number of layers n (a file of n layers is searched over those n): rate under the priors' integer CDFs on
64-code tiles (what the Java side codes), PSNR, latent MSE. Centre crops of at most 512 pixels (a multiple of 64)
of the first IMAGES held-out photographs; Kodak is for evaluation only.

  /usr/bin/python3 training/vqz_probe_beam.py --checkpoint runs/v22n-more.pt --images 8 --beams 1,4,16
  /usr/bin/python3 training/vqz_probe_beam.py --checkpoint runs/v22n-more.pt --images 8 --beams 1 --sweeps 2
"""
import argparse
import glob
import os

import numpy as np
import torch
from PIL import Image

from vqz_data import _is_validation
from vqz_eval_layered import layer_bits, load
from vqz_measure import psnr, to_tensor, to_uint8

TRAIN = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "shared", "datasets", "train")


def parse_args(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--checkpoint", required=True, help="a layered checkpoint (vqz_train_priors.py --out)")
    p.add_argument("--images", type=int, default=8, help="how many held-out photographs")
    p.add_argument("--beams", default="1,4,16", help="beam widths, 1 = greedy")
    p.add_argument("--sweeps", type=int, default=0,
                   help="then this many sweeps of iterated conditional modes over the layers (0: none)")
    p.add_argument("--src", default=TRAIN)
    return p.parse_args(argv)


@torch.no_grad()
def beam_codes(quantiser, z, n, beam):
    """[1,D,H,W] latents -> [n,H,W] codes of the first n layers by a beam of width `beam` per position."""
    d, h, w = z.shape[1], z.shape[2], z.shape[3]
    residual = z.permute(0, 2, 3, 1).reshape(-1, 1, d)  # [N, paths, D]
    positions = residual.shape[0]
    rate = torch.zeros(positions, 1)
    paths = torch.zeros(positions, 1, 0, dtype=torch.long)
    for stage in quantiser.stages[:n]:
        e = stage.embed
        bits = stage.rate_weight * stage.code_bits() if float(stage.rate_weight) > 0 else torch.zeros(e.shape[0])
        dist = (residual * residual).sum(-1, keepdim=True) - 2 * torch.einsum("npd,kd->npk", residual, e) \
            + (e * e).sum(1)[None, None]
        cost = rate[:, :, None] + bits[None, None] + dist
        k = cost.shape[2]
        _, best = cost.reshape(positions, -1).topk(min(beam, cost.shape[1] * k), dim=1, largest=False)
        parent, code = best // k, best % k
        residual = torch.gather(residual, 1, parent[:, :, None].expand(-1, -1, d)) - e[code]
        rate = torch.gather(rate, 1, parent) + bits[code]
        paths = torch.cat([torch.gather(paths, 1, parent[:, :, None].expand(-1, -1, paths.shape[2])),
                           code[:, :, None]], 2)
    pick = (rate + (residual * residual).sum(-1)).argmin(1)
    return paths[torch.arange(positions), pick].t().reshape(n, h, w)


@torch.no_grad()
def icm_codes(quantiser, z, codes, sweeps):
    """[n,H,W] codes improved by sweeps of iterated conditional modes: each layer's code re-chosen, in layer
    order, against the latent minus every other layer's codeword (the same distance plus order-0 rate terms)."""
    n = codes.shape[0]
    d = z.shape[1]
    target = z.permute(0, 2, 3, 1).reshape(-1, d)  # [N, D]
    flat = codes.reshape(n, -1).clone()
    words = [quantiser.stages[l].embed[flat[l]] for l in range(n)]
    for _ in range(sweeps):
        for l in range(n):
            stage = quantiser.stages[l]
            e = stage.embed
            rest = target - sum(words[j] for j in range(n) if j != l)
            bits = stage.rate_weight * stage.code_bits() if float(stage.rate_weight) > 0 else torch.zeros(e.shape[0])
            cost = (rest * rest).sum(1, keepdim=True) - 2 * rest @ e.t() + (e * e).sum(1)[None] + bits[None]
            flat[l] = cost.argmin(1)
            words[l] = e[flat[l]]
    return flat.reshape(codes.shape)


@torch.no_grad()
def main(argv=None):
    a = parse_args(argv)
    torch.set_num_threads(1)
    vq, base, refine, _ = load(a.checkpoint)
    names = sorted(p for p in glob.glob(os.path.join(a.src, "*")) if _is_validation(os.path.basename(p)))
    beams = [int(b) for b in a.beams.split(",")]
    layers = len(vq.quantiser.stages)
    rows = {}
    for path in names[:a.images]:
        img = np.asarray(Image.open(path).convert("RGB"))
        c = min(img.shape[0], img.shape[1], 512) // 64 * 64
        y0, x0 = (img.shape[0] - c) // 2, (img.shape[1] - c) // 2
        img = img[y0:y0 + c, x0:x0 + c]
        z = vq.encoder(to_tensor(img))
        for beam in beams:
            for n in range(1, layers + 1):
                codes = vq.quantiser.indices(z, n)[0] if beam == 1 else beam_codes(vq.quantiser, z, n, beam)
                if a.sweeps:
                    codes = icm_codes(vq.quantiser, z, codes, a.sweeps)
                bits = layer_bits(vq, base, refine, [codes], 64)[0].sum()
                out = to_uint8(vq.decode_indices(codes[None]), c, c)
                latent = float(((vq.quantiser.lookup(codes[None]) - z) ** 2).mean())
                rows.setdefault((n, beam), []).append((bits / (c * c), psnr(out, img), latent))
    for (n, beam), v in sorted(rows.items()):
        m = np.array(v).mean(0)
        print(f"layers {n} beam {beam:3d}: bpp {m[0]:.4f}  psnr {m[1]:.3f}  latent mse {m[2]:.5f}")


if __name__ == "__main__":
    main()

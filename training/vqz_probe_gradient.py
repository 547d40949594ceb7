"""Probe for the encoder's effort (issue 31): encode what the last decode missed. The target the layers quantise
starts as the encoder's latent; each iteration quantises it (greedy residual VQ with the layers' rate weights), decodes,
and moves the target against the gradient of the decoded pixels' squared error with respect to the decoder's input
(the summed codewords), a step of BETA times the latent's quantisation error (RMS) in the gradient's direction:

    t <- t - beta * rms(t - q) * g / rms(g)

so the next quantisation leans towards codes whose decoded pixels are closer to the picture. Every iterate is a valid
file for the same decoder; the encoder keeps the one of lowest cost (pixel error plus the priors' bits at the slope of
the greedy curve). Rate: the priors' integer CDFs on 64-code tiles, as the Java side codes; quality: PSNR and
MS-SSIM. Centre crops of the first IMAGES held-out photographs; Kodak is for evaluation only.

  /usr/bin/python3 training/vqz_probe_gradient.py --checkpoint runs/v22-default.pt --images 4 --layers 2,4,6
"""
import argparse

import numpy as np
import torch

from vqz_eval_layered import layer_bits, load
from vqz_measure import psnr, to_tensor, to_uint8
from vqz_model import ms_ssim_rgb
from vqz_probe_beam import TRAIN
from vqz_probe_metric import crops


def parse_args(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--checkpoint", required=True)
    p.add_argument("--images", type=int, default=4)
    p.add_argument("--size", type=int, default=256)
    p.add_argument("--layers", default="2,4,6")
    p.add_argument("--iterations", type=int, default=8)
    p.add_argument("--beta", default="0.1,0.3")
    p.add_argument("--continuous", type=int, default=0,
                   help="steps the target takes unquantised (the gradient at the target itself) before the first")
    p.add_argument("--src", default=TRAIN)
    return p.parse_args(argv)


# The greedy curve's relative rate per dB (about 18 %, training/README.md): an iterate is kept if its extra bits buy
# more quality than the curve would give for them.
SLOPE = 0.18


def rms(t):
    return float(t.pow(2).mean().sqrt())


def iterates(vq, x, z, n, iterations, beta, continuous=0):
    """-> the code grids [n,H,W] of every iterate, the greedy choice first. With `continuous` steps the target first
    moves unquantised, by steps of beta times the greedy choice's quantisation error."""
    t = z.detach().clone()
    out = []
    if continuous:
        with torch.no_grad():
            greedy = vq.quantiser.indices(t, n)
        out.append(greedy[0])
        e0 = rms(t - vq.quantiser.lookup(greedy))
        for _ in range(continuous):
            u = t.detach().requires_grad_(True)
            (g,) = torch.autograd.grad(((vq.decoder(u).clamp(0, 1) - x) ** 2).sum(), u)
            with torch.no_grad():
                t = t - beta * e0 * g / max(rms(g), 1e-12)
    for _ in range(iterations + 1):
        with torch.no_grad():
            codes = vq.quantiser.indices(t, n)
        out.append(codes[0])
        q = vq.quantiser.lookup(codes).detach().requires_grad_(True)
        se = ((vq.decoder(q).clamp(0, 1) - x) ** 2).sum()
        (g,) = torch.autograd.grad(se, q)
        with torch.no_grad():
            t = t - beta * rms(t - q) * g / max(rms(g), 1e-12)
    return out


def main(argv=None):
    a = parse_args(argv)
    torch.set_num_threads(1)
    vq, base, refine, _ = load(a.checkpoint)
    for p in vq.parameters():
        p.requires_grad_(False)
    rows = {}
    for img in crops(a.src, a.images):
        c = min(img.shape[0], a.size)
        y0, x0 = (img.shape[0] - c) // 2, (img.shape[1] - c) // 2
        img = img[y0:y0 + c, x0:x0 + c]
        x = to_tensor(img)
        with torch.no_grad():
            z = vq.encoder(x)
        for n in [int(v) for v in a.layers.split(",")]:
            for beta in [float(b) for b in a.beta.split(",")]:
                for i, codes in enumerate(iterates(vq, x, z, n, a.iterations, beta, a.continuous)):
                    bits = layer_bits(vq, base, refine, [codes], 64)[0].sum()
                    with torch.no_grad():
                        dec = to_uint8(vq.decode_indices(codes[None]), c, c)
                    ms = float(ms_ssim_rgb(to_tensor(dec).double(), to_tensor(img).double()).mean())
                    point = (bits / (c * c), psnr(dec, img), ms)
                    if i > 0 or beta == float(a.beta.split(",")[0]):  # the greedy choice once per layer count
                        rows.setdefault((n, "greedy" if i == 0 else f"beta {beta} it {i}"), []).append(point)
                    cost = np.log(bits) - SLOPE * psnr(dec, img)
                    if i == 0 or cost < best[0]:
                        best = (cost, point)
                rows.setdefault((n, f"beta {beta} best"), []).append(best[1])
            print(n, flush=True)
    for (n, name), v in sorted(rows.items()):
        m = np.array(v).mean(0)
        print(f"layers {n} {name}: bpp {m[0]:.4f}  psnr {m[1]:.3f}  ms-ssim {m[2]:.5f}", flush=True)


if __name__ == "__main__":
    main()

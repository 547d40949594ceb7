"""Probe for the encoder's effort (issue 31): codes chosen under a latent distance weighted by how much each latent
channel moves the decoded pixels, against the plain squared distance the encoder uses.

The decoder turns a latent error into a pixel error through its Jacobian; a channel the decoder barely uses costs
few pixels per unit of latent error. The weight of channel d is E ||J v_d||^2 over the held-out crops, with v_d a
random-sign unit perturbation of channel d at every position (the cross terms between positions cancel in
expectation), normalised to a mean of 1 so the rate weights keep their scale. Codes: the greedy layer-by-layer
choice of `vqz_probe_beam.beam_codes` (beam 1, or wider) with the weighted distance. For every number of layers:
rate under the priors' integer CDFs on 64-code tiles, PSNR. Centre crops of at most 512 pixels of the first IMAGES
held-out photographs; Kodak is for evaluation only.

  /usr/bin/python3 training/vqz_probe_metric.py --checkpoint runs/v22n-more.pt --images 8
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
from vqz_probe_beam import TRAIN, beam_codes


def parse_args(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--checkpoint", required=True, help="a layered checkpoint (vqz_train_priors.py --out)")
    p.add_argument("--images", type=int, default=8, help="how many held-out photographs")
    p.add_argument("--beam", type=int, default=1, help="beam width of the choice, 1 = greedy")
    p.add_argument("--power", default="0,0.5,1", help="weights raised to these powers (0: the plain distance)")
    p.add_argument("--src", default=TRAIN)
    return p.parse_args(argv)


def crops(src, images):
    names = sorted(p for p in glob.glob(os.path.join(src, "*")) if _is_validation(os.path.basename(p)))
    for path in names[:images]:
        img = np.asarray(Image.open(path).convert("RGB"))
        c = min(img.shape[0], img.shape[1], 512) // 64 * 64
        y0, x0 = (img.shape[0] - c) // 2, (img.shape[1] - c) // 2
        yield img[y0:y0 + c, x0:x0 + c]


def channel_weights(vq, latents, samples=4, seed=0):
    """E ||J v_d||^2 per latent channel d at the quantised latents (all layers), by forward differences."""
    g = torch.Generator().manual_seed(seed)
    d = latents[0].shape[1]
    w = torch.zeros(d)
    eps = 1e-2
    with torch.no_grad():
        for q in latents:
            base = vq.decoder(q)
            for ch in range(d):
                for _ in range(samples):
                    v = torch.zeros_like(q)
                    v[:, ch] = torch.randint(0, 2, q[:, ch].shape, generator=g).float() * 2 - 1
                    diff = (vq.decoder(q + eps * v) - base) / eps
                    w[ch] += float((diff * diff).sum()) / (q.shape[2] * q.shape[3] * samples * len(latents))
    return w / w.mean()


@torch.no_grad()
def main(argv=None):
    a = parse_args(argv)
    torch.set_num_threads(1)
    vq, base, refine, _ = load(a.checkpoint)
    images = list(crops(a.src, a.images))
    layers = len(vq.quantiser.stages)
    zs = [vq.encoder(to_tensor(img)) for img in images]
    quantised = [vq.quantiser.lookup(vq.quantiser.indices(z, layers)[0][None]) for z in zs]
    weights = channel_weights(vq, quantised)
    print("channel weights:", " ".join(f"{float(x):.3f}" for x in weights))
    rows = {}
    for power in [float(p) for p in a.power.split(",")]:
        s = weights ** power
        root = s.sqrt()
        for img, z in zip(images, zs):
            c = img.shape[0]
            scaled = _Scaled(vq.quantiser, root)
            for n in range(1, layers + 1):
                codes = beam_codes(scaled, z * root[None, :, None, None], n, a.beam)
                bits = layer_bits(vq, base, refine, [codes], 64)[0].sum()
                out = to_uint8(vq.decode_indices(codes[None]), c, c)
                rows.setdefault((n, power), []).append((bits / (c * c), psnr(out, img)))
    for (n, power), v in sorted(rows.items()):
        m = np.array(v).mean(0)
        print(f"layers {n} power {power:.2f}: bpp {m[0]:.4f}  psnr {m[1]:.3f}")


class _Scaled:
    """The quantiser's stages with codewords scaled per channel, so beam_codes' squared distance is weighted."""

    def __init__(self, quantiser, root):
        self.stages = [_Stage(s, root) for s in quantiser.stages]


class _Stage:
    def __init__(self, stage, root):
        self.embed = stage.embed * root[None]
        self.rate_weight = stage.rate_weight
        self.code_bits = stage.code_bits


if __name__ == "__main__":
    main()

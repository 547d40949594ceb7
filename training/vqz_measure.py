"""What the evaluators measure with (vqz_eval.py for v1, vqz_eval_layered.py): PSNR over RGB of 8-bit pictures, JPEG's
curve on the same images (libjpeg through PIL, 4:2:0, real file bytes) and its PSNR at a rate, code tiles as the Java
side codes them, and the bits a range coder pays under the integer CDF of docs/FORMAT.md 9.4.
"""
import glob
import io
import math
import os

import numpy as np
import torch
import torch.nn.functional as F
from PIL import Image

from vqz_config import CDF_TOTAL_BITS

JPEG_QUALITIES = [5, 10, 15, 20, 25, 30, 40, 50, 60, 70, 80, 90, 95]


def psnr(a, b):
    mse = np.mean((a.astype(np.float64) - b.astype(np.float64)) ** 2)
    return 10 * math.log10(255.0 ** 2 / max(mse, 1e-12))


def pad_to(img, m):
    h, w = img.shape[:2]
    return np.pad(img, ((0, (-h) % m), (0, (-w) % m), (0, 0)), mode="edge")


def to_tensor(img):
    return torch.from_numpy(np.ascontiguousarray(img.transpose(2, 0, 1))).float()[None] / 255.0


def to_uint8(x, h, w):
    return x[0, :, :h, :w].clamp(0, 1).mul(255).round().byte().permute(1, 2, 0).numpy()


def jpeg_curve(images, qualities):
    rows = []
    for q in qualities:
        bpps, psnrs = [], []
        for img in images:
            buf = io.BytesIO()
            Image.fromarray(img).save(buf, format="JPEG", quality=q, subsampling=2)  # 2 = 4:2:0
            dec = np.asarray(Image.open(io.BytesIO(buf.getvalue())).convert("RGB"))
            bpps.append(8.0 * len(buf.getvalue()) / (img.shape[0] * img.shape[1]))
            psnrs.append(psnr(img, dec))
        rows.append(dict(quality=q, bpp=float(np.mean(bpps)), psnr=float(np.mean(psnrs))))
    return rows


def jpeg_psnr_at(curve, bpp):
    """JPEG's mean PSNR at a mean bpp, linear in log(bpp) between sweep points; None outside the sweep."""
    pts = sorted((r["bpp"], r["psnr"]) for r in curve)
    for (b0, p0), (b1, p1) in zip(pts, pts[1:]):
        if b0 <= bpp <= b1:
            t = (math.log(bpp) - math.log(b0)) / (math.log(b1) - math.log(b0))
            return p0 + t * (p1 - p0)
    return None


def split_tiles(grid_shapes, tile):
    """-> list of (image index, y0, x0, th, tw) covering each grid; tile 0 = one tile per grid."""
    out = []
    for i, (gh, gw) in enumerate(grid_shapes):
        th_, tw_ = (gh, gw) if tile == 0 else (tile, tile)
        for y0 in range(0, gh, th_):
            for x0 in range(0, gw, tw_):
                out.append((i, y0, x0, min(th_, gh - y0), min(tw_, gw - x0)))
    return out


def gather_tiles(arrays, tiles, size, fill=0):
    """arrays[i]: [..., gh, gw] -> [N, ..., size_h, size_w] padded with fill."""
    lead = arrays[0].shape[:-2]
    out = torch.full((len(tiles),) + tuple(lead) + size, fill, dtype=arrays[0].dtype)
    for n, (i, y0, x0, th, tw) in enumerate(tiles):
        out[n, ..., :th, :tw] = arrays[i][..., y0:y0 + th, x0:x0 + tw]
    return out


def scatter_tiles(tensor, tiles, grid_shapes):
    grids = [torch.zeros(s, dtype=tensor.dtype) for s in grid_shapes]
    for n, (i, y0, x0, th, tw) in enumerate(tiles):
        grids[i][y0:y0 + th, x0:x0 + tw] = tensor[n, :th, :tw]
    return grids


CDF_TOTAL = 1 << CDF_TOTAL_BITS


EXP_TABLE = torch.tensor([max(1, int(round(math.exp(-q / 32.0) * (1 << 24)))) for q in range(513)],
                         dtype=torch.int64)


def cdf_bits(logits, codes):
    """logits [M, K] float32, codes [M] -> bits [M] float64 of each code under the integer CDF."""
    k = logits.shape[1]
    d = logits.max(1, keepdim=True).values - logits  # float32, as Java
    q = torch.where(d >= 16, torch.full_like(d, 512), torch.floor(d * 32.0)).long()
    w = EXP_TABLE[q]
    freq = 1 + (w * (CDF_TOTAL - k)) // w.sum(1, keepdim=True)
    rem = CDF_TOTAL - freq.sum(1)
    first_zero = (q == 0).long().argmax(1)  # the smallest k with q == 0 gets the remainder
    f = freq.gather(1, codes[:, None])[:, 0] + torch.where(first_zero == codes, rem, torch.zeros_like(rem))
    return -torch.log2(f.double() / CDF_TOTAL)


def load_images(kodak_dir):
    paths = sorted(glob.glob(os.path.join(kodak_dir, "kodim*.png")))
    if len(paths) != 24:
        raise SystemExit(f"expected the 24 Kodak images in {kodak_dir}, found {len(paths)}")
    return [os.path.basename(p) for p in paths], [np.asarray(Image.open(p).convert("RGB")) for p in paths]

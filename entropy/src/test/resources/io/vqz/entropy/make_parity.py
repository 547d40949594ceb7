"""Writes testdata/entropy/parity-prior.bin and parity-logits.bin: a small seeded PixelCnnPrior from
training/vqz_model.py in the prior.bin layout of docs/DESIGN.md, and its teacher-forced logits on a code grid.
Run from the repository root with a Python that has torch:  python3 entropy/src/test/resources/io/vqz/entropy/make_parity.py
parity-logits.bin (little-endian): u32 w, u32 h, u32 K, i32 codes[h*w] (raster), f32 logits[h][w][K]."""
import struct
import sys

import torch

sys.path.insert(0, "training")
from vqz_model import PixelCnnPrior  # noqa: E402

torch.manual_seed(20261121)
torch.set_num_threads(1)
K, E, C, L, KA, KB = 64, 8, 16, 2, 5, 3
m = PixelCnnPrior(k=K, e=E, c=C, layers=L, ka=KA, kb=KB).eval()
with torch.no_grad():
    # larger than the default initialisation so that logits spread over several units and relu cuts often
    for p in m.parameters():
        p.mul_(2.5)


def f32(t):
    return t.detach().contiguous().numpy().astype("<f4").tobytes()


with open("testdata/entropy/parity-prior.bin", "wb") as f:
    f.write(b"VQZPRIOR" + struct.pack("<7I", 1, K, E, C, L, KA, KB))
    f.write(f32(m.embedding.weight))
    f.write(f32(m.conv_a.weight * m.conv_a.mask))
    f.write(f32(m.conv_a.bias))
    for conv in m.conv_b:
        f.write(f32(conv.weight * conv.mask))
        f.write(f32(conv.bias))
    f.write(f32(m.out.weight.reshape(K, C)))
    f.write(f32(m.out.bias))

W, H = 9, 7
codes = torch.randint(0, K, (1, H, W))
with torch.no_grad():
    logits = m(codes)[0]  # [K, H, W]
with open("testdata/entropy/parity-logits.bin", "wb") as f:
    f.write(struct.pack("<3I", W, H, K))
    f.write(codes[0].to(torch.int32).numpy().astype("<i4").tobytes())
    f.write(f32(logits.permute(1, 2, 0)))
print("logit range", float(logits.min()), float(logits.max()), "std", float(logits.std()))

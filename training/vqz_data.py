"""Training data: random crops and flips of ../shared/datasets/train, with a fixed held-out split.

The decoded images are cached once as one uint8 array (training/data/, git-ignored) so a run starts in
seconds and the set can be carried compactly to another machine.
"""
import hashlib
import os

import numpy as np
import torch
from PIL import Image



def _is_validation(name):
    # A stable split by name hash: the same images are held out on every machine and every run.
    return hashlib.sha256(name.encode()).digest()[0] < 6


def pack(src_dir, out_path):
    names = sorted(n for n in os.listdir(src_dir) if n.lower().endswith(".png"))
    arrays, shapes, split = [], [], []
    for n in names:
        a = np.asarray(Image.open(os.path.join(src_dir, n)).convert("RGB"), dtype=np.uint8)
        arrays.append(a.reshape(-1))
        shapes.append(a.shape[:2])
        split.append(_is_validation(n))
    np.savez(out_path, pixels=np.concatenate(arrays), shapes=np.array(shapes, dtype=np.int64),
             names=np.array(names), validation=np.array(split))


class ImageSet:
    def __init__(self, packed_path, validation):
        z = np.load(packed_path)
        pixels, shapes, val = z["pixels"], z["shapes"], z["validation"]
        self.images = []
        off = 0
        for (h, w), v in zip(shapes, val):
            n = int(h) * int(w) * 3
            if bool(v) == validation:
                self.images.append(pixels[off:off + n].reshape(int(h), int(w), 3))
            off += n
        self.names = [str(x) for x, v in zip(z["names"], val) if bool(v) == validation]

    def random_batch(self, rng, batch, crop):
        out = np.empty((batch, crop, crop, 3), dtype=np.uint8)
        for i in range(batch):
            img = self.images[rng.integers(len(self.images))]
            h, w = img.shape[:2]
            y, x = rng.integers(h - crop + 1), rng.integers(w - crop + 1)
            c = img[y:y + crop, x:x + crop]
            if rng.random() < 0.5:
                c = c[:, ::-1]
            if rng.random() < 0.5:
                c = c[::-1]
            out[i] = c
        return torch.from_numpy(out).permute(0, 3, 1, 2).float().div_(255.0)

    def validation_crops(self, crop):
        """Deterministic centre crops for validation PSNR and prior bits."""
        crops = []
        for img in self.images:
            h, w = img.shape[:2]
            y, x = (h - crop) // 2, (w - crop) // 2
            crops.append(img[y:y + crop, x:x + crop])
        return torch.from_numpy(np.stack(crops)).permute(0, 3, 1, 2).float().div_(255.0)

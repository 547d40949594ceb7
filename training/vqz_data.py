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


def pack_compact(packed_path, out_path, quality=95):
    """The packed set with the training images as JPEG q95 4:4:4 (about 48 MB instead of 260 MB; 46-49 dB)
    and the held-out ones as PNG (exact): small enough to carry to a GPU machine (64 MiB), the artefacts far
    below the 30-37 dB the codec works at.

      cd training && /usr/bin/python3 -c "from vqz_data import pack_compact; pack_compact('data/train.npz', 'data/train-q95.npz')"
    """
    import io
    z = np.load(packed_path)
    blobs = []
    for img, held_out in zip(_unpacked(z), z["validation"]):
        buf = io.BytesIO()
        if held_out:
            Image.fromarray(img).save(buf, format="PNG")
        else:
            Image.fromarray(img).save(buf, format="JPEG", quality=quality, subsampling=0)
        blobs.append(np.frombuffer(buf.getvalue(), dtype=np.uint8))
    lengths = np.array([len(b) for b in blobs], dtype=np.int64)
    np.savez(out_path, encoded=np.concatenate(blobs), lengths=lengths, shapes=z["shapes"], names=z["names"],
             validation=z["validation"])


def _unpacked(z):
    """The images of a packed set, in order: raw pixels, or the encoded images of pack_compact."""
    import io
    if "encoded" in z:
        blob, off = z["encoded"], 0  # an NpzFile reads the array again on every access
        for n in z["lengths"]:
            yield np.asarray(Image.open(io.BytesIO(blob[off:off + int(n)].tobytes())).convert("RGB"))
            off += int(n)
        return
    pixels, off = z["pixels"], 0
    for h, w in z["shapes"]:
        n = int(h) * int(w) * 3
        yield pixels[off:off + n].reshape(int(h), int(w), 3)
        off += n


class ImageSet:
    def __init__(self, packed_path, validation):
        z = np.load(packed_path)
        self.images = [img for img, v in zip(_unpacked(z), z["validation"]) if bool(v) == validation]
        self.names = [str(x) for x, v in zip(z["names"], z["validation"]) if bool(v) == validation]

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

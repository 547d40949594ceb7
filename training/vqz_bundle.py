"""The model bundle as the exporters write it and the importers read it (`*.vqzm`, docs/FORMAT.md appendix A): a
POSIX (ustar) tar with sorted entries, fixed mtime/uid/gid/mode and no compression, every entry a pure function of
the checkpoint, so the same inputs give the same bytes and hence the same SHA-256 model id; the binary layouts
(little-endian float32), the ONNX export settings, the parity crop, and the command line every exporter shares.
Used by vqz_export.py (v1), vqz_export_layered.py, vqz_import.py and vqz_groups.py.
"""
import argparse
import hashlib
import inspect
import io
import json
import os
import struct
import tarfile

import numpy as np
import torch
import torch.nn as nn

from vqz_data import _is_validation
from vqz_config import F_DOWN, PATHS
from vqz_model import PixelCnnPrior

OPSET = 13  # ops used: Conv, Relu, Add, Reshape, Transpose, Gather, ArgMin; 13 is read by every ORT >= 1.6
TAR_MTIME = 1700000000  # fixed, so the tar bytes do not depend on when the export ran
PARITY_CROP = 32


class FloatReader:
    """Consecutive little-endian float32 arrays of a weights file, as tensors of the given shapes."""

    def __init__(self, data, offset):
        self.arr = np.frombuffer(data, dtype="<f4", offset=offset)
        self.pos = 0

    def take(self, *shape):
        n = int(np.prod(shape))
        t = torch.from_numpy(self.arr[self.pos:self.pos + n].astype(np.float32).reshape(shape))
        self.pos += n
        return t

    def done(self):
        assert self.pos == self.arr.size, "trailing data"


def space_to_depth(x):
    """nn.PixelUnshuffle(4) of RGB as reshape/transpose (channel = c*16 + i*4 + j, as PyTorch orders it)."""
    h, w = x.shape[2], x.shape[3]
    x = x.reshape(-1, 3, h // F_DOWN, F_DOWN, w // F_DOWN, F_DOWN)
    x = x.permute(0, 1, 3, 5, 2, 4)
    return x.reshape(-1, 3 * F_DOWN * F_DOWN, h // F_DOWN, w // F_DOWN)


def depth_to_space(x):
    """nn.PixelShuffle(4) to RGB as reshape/transpose."""
    h, w = x.shape[2], x.shape[3]
    x = x.reshape(-1, 3, F_DOWN, F_DOWN, h, w)
    x = x.permute(0, 1, 4, 2, 5, 3)
    return x.reshape(-1, 3, h * F_DOWN, w * F_DOWN)


def masked_weight(conv):
    return (conv.weight * conv.mask).detach().clone()


def onnx_bytes(module, example, input_name, output_names, dynamic_axes, static_dims=None):
    kwargs = dict(input_names=[input_name], output_names=output_names, dynamic_axes=dynamic_axes,
                  opset_version=OPSET, do_constant_folding=True)
    if "dynamo" in inspect.signature(torch.onnx.export).parameters:
        kwargs["dynamo"] = False  # torch >= 2.5 may default to the dynamo exporter; keep the classic graph
    buf = io.BytesIO()
    with torch.no_grad():
        torch.onnx.export(module, (example,), buf, **kwargs)
    data = buf.getvalue()
    static_dims = static_dims or {}
    try:
        import onnx
        model = onnx.load_from_string(data)
        onnx.checker.check_model(model)
        # A stable producer string: the exporter's version would otherwise leak into the model id.
        model.producer_name, model.producer_version = "vqz_export", "1"
        for out in model.graph.output:  # the tracer names static channel counts it could not infer
            for dim, size in zip(out.type.tensor_type.shape.dim, static_dims.get(out.name, ())):
                if size:
                    dim.dim_value = size
        data = model.SerializeToString()
    except ImportError:  # pragma: no cover - onnx is present wherever we export
        print("warning: onnx not installed, models not checked")
    return data


def f32(t):
    return np.ascontiguousarray(t.detach().cpu().numpy(), dtype="<f4").tobytes()


def pixelcnn_arrays(prior):
    """The PixelCNN part of prior.bin (both layouts), in file order: embedding, masked convolutions, output."""
    s = prior.spec()
    out = [f32(prior.embedding.weight), f32(masked_weight(prior.conv_a)), f32(prior.conv_a.bias)]
    for conv in prior.conv_b:
        out += [f32(masked_weight(conv)), f32(conv.bias)]
    return out + [f32(prior.out.weight.reshape(s["K"], s["C"])), f32(prior.out.bias)]


def prior_bin(prior):
    s = prior.spec()
    head = struct.pack("<7I", 1, s["K"], s["E"], s["C"], s["L"], s["KA"], s["KB"])
    return b"".join([b"VQZPRIOR", head] + pixelcnn_arrays(prior))


def default_parity_image(src_dir):
    """The first training (not held-out) image by name: never Kodak."""
    names = sorted(n for n in os.listdir(src_dir) if n.lower().endswith(".png"))
    for n in names:
        if not _is_validation(n):
            return os.path.join(src_dir, n)
    raise SystemExit("no training image in " + src_dir)


def parity_crop(path):
    """A 32x32 crop with detail: the most varied of a fixed grid of candidates (deterministic)."""
    from PIL import Image
    a = np.asarray(Image.open(path).convert("RGB"), dtype=np.uint8)
    h, w = a.shape[:2]
    best, best_std = None, -1.0
    for y in range(0, h - PARITY_CROP + 1, max(1, (h - PARITY_CROP) // 7)):
        for x in range(0, w - PARITY_CROP + 1, max(1, (w - PARITY_CROP) // 7)):
            c = a[y:y + PARITY_CROP, x:x + PARITY_CROP]
            s = float(c.astype(np.float64).std())
            if s > best_std:
                best, best_std = (y, x), s
    y, x = best
    return np.ascontiguousarray(a[y:y + PARITY_CROP, x:x + PARITY_CROP].transpose(2, 0, 1)), (y, x)


def floats(t):
    """Nested lists of Python floats; each float32 is exactly representable, so Java parses it back exactly."""
    return np.asarray(t.detach().cpu().numpy(), dtype=np.float32).astype(np.float64).tolist()


def receptive_field(vq):
    """Radius in code positions of each network: every 3x3 conv at 1/4 resolution adds one."""
    def radius(mods):
        return sum(m.kernel_size[0] // 2 for m in mods if isinstance(m, nn.Conv2d))
    return dict(encoder=radius(vq.encoder.modules()), decoder=radius(vq.decoder.modules()))


@torch.no_grad()
def load_pixelcnn(prior, reader, k, e, c, ka, kb):
    """Fills the PixelCNN part (embedding, masked convolutions, output) of a prior, in prior.bin order."""
    prior.embedding.weight.copy_(reader.take(k, e))
    for conv, ks, cin in [(prior.conv_a, ka, e)] + [(cb, kb, c) for cb in prior.conv_b]:
        w = reader.take(c, cin, ks, ks)
        assert torch.all(w * (1 - conv.mask) == 0), "masked tap stored non-zero"
        conv.weight.copy_(w)
        conv.bias.copy_(reader.take(c))
    prior.out.weight.copy_(reader.take(k, c)[:, :, None, None])
    prior.out.bias.copy_(reader.take(k))


def read_prior_bin(data):
    """prior.bin -> PixelCnnPrior (an independent reader of the layout, used to check what was written)."""
    assert data[:8] == b"VQZPRIOR", "bad prior.bin magic"
    version, k, e, c, layers, ka, kb = struct.unpack_from("<7I", data, 8)
    assert version == 1
    prior = PixelCnnPrior(k=k, e=e, c=c, layers=layers, ka=ka, kb=kb).eval()
    reader = FloatReader(data, 36)
    load_pixelcnn(prior, reader, k, e, c, ka, kb)
    reader.done()
    return prior


def write_companion(bundle_path, out_dir, entry, data):
    """Writes an encoder-side network of a shipped bundle beside it as <16 hex digits of its id>.<entry>, where the
    Java codec looks for it (ModelBundle.companion): the bundle's bytes, and so its id, stay as they are."""
    with open(bundle_path, "rb") as f:
        model_id = hashlib.sha256(f.read()).hexdigest()
    os.makedirs(out_dir, exist_ok=True)
    out = os.path.join(out_dir, f"{model_id[:16]}.{entry}")
    with open(out, "wb") as f:
        f.write(data)
    return out


def read_bundle(path):
    """-> (the bundle's bytes, {entry name: bytes})."""
    with open(path, "rb") as f:
        data = f.read()
    with tarfile.open(fileobj=io.BytesIO(data)) as tar:
        return data, {m.name: tar.extractfile(m).read() for m in tar.getmembers()}


def tar_bytes(entries):
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w", format=tarfile.USTAR_FORMAT) as tar:
        for name in sorted(entries):
            data = entries[name]
            info = tarfile.TarInfo(name)
            info.size, info.mtime, info.mode = len(data), TAR_MTIME, 0o644
            info.uid = info.gid = 0
            info.uname = info.gname = ""
            tar.addfile(info, io.BytesIO(data))
    return buf.getvalue()


def write_bundle(out, entries, check):
    """The entries as a bundle file (written beside, then renamed), re-read by check(out); -> its SHA-256."""
    data = tar_bytes(entries)
    if len(data) > 20 * 1024 * 1024:
        raise SystemExit(f"bundle is {len(data)} bytes, over the 20 MB limit")
    os.makedirs(os.path.dirname(os.path.abspath(out)), exist_ok=True)
    tmp = out + ".tmp"
    with open(tmp, "wb") as f:
        f.write(data)
    os.replace(tmp, out)
    check(out)
    digest = hashlib.sha256(data).hexdigest()
    print(json.dumps(dict(out=out, bytes=len(data), sha256=digest,
                          entries={k: len(v) for k, v in sorted(entries.items())})))
    return digest


def export_parser(doc, default_name, default_version, add_args=None):
    """The command line both exporters share: --check BUNDLE, or --checkpoint and --out (and the rest);
    add_args(parser) adds an exporter's own options."""
    p = argparse.ArgumentParser(description=doc, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--checkpoint")
    p.add_argument("--out")
    p.add_argument("--check", metavar="BUNDLE", help="only check an existing bundle")
    p.add_argument("--name", default=default_name)
    p.add_argument("--version", default=default_version)
    p.add_argument("--metrics", help="JSON from the evaluation; its manifest_metrics go into the manifest")
    p.add_argument("--parity-image", help="a training image (default: the first training image by name)")
    p.add_argument("--src", default=PATHS["src"])
    p.add_argument("--threads", type=int, default=1)
    if add_args:
        add_args(p)
    return p


def run_cli(parser, export_fn, check_fn, argv=None):
    """Runs an exporter's command line (export_parser's)."""
    p = parser
    args = p.parse_args(argv)
    torch.set_num_threads(args.threads)
    if args.check:
        check_fn(args.check)
        return
    if not args.checkpoint or not args.out:
        p.error("--checkpoint and --out are required")
    if not args.parity_image:
        args.parity_image = default_parity_image(args.src)
    export_fn(args)

"""Export a checkpoint as one model bundle (`*.vqzm`, layout in docs/DESIGN.md "Model bundle").

The bundle is a POSIX (ustar) tar with sorted entries, fixed mtime/uid/gid/mode and no compression, and
every entry is a pure function of the checkpoint (plus the optional metrics file), so the same inputs give
the same bytes and hence the same SHA-256 model id.

  /usr/bin/python3 training/vqz_export.py --checkpoint training/runs/main/last.pt \
      --out codec/src/main/resources/io/vqz/codec/vqz-f4-k512-v1.vqzm [--metrics training/runs/main/eval.json]
"""
import argparse
import hashlib
import inspect
import io
import json
import os
import struct
import tarfile
import types

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

from vqz_data import _is_validation
from vqz_config import F_DOWN, PATHS
from vqz_model import VQVAE, PixelCnnPrior

OPSET = 13  # ops used: Conv, Relu, Add, Reshape, Transpose, Gather, ArgMin; 13 is read by every ORT >= 1.6
TAR_MTIME = 1700000000  # fixed, so the tar bytes do not depend on when the export ran
PARITY_CROP = 32
DEFAULT_NAME = "vqz-f4-k512-v1"


# ---------------------------------------------------------------------------------------------------------
# Loading


def load_checkpoint(path):
    """-> (vq, prior, ck). Architecture hyper-parameters come from the args stored in the checkpoint."""
    ck = torch.load(path, map_location="cpu")
    a = types.SimpleNamespace(**ck["args"])
    vq = VQVAE(k=a.k, d=a.d, c=a.channels)
    prior = PixelCnnPrior(k=a.k, c=a.prior_channels, layers=a.prior_layers)
    vq.load_state_dict(ck["vq"])
    prior.load_state_dict(ck["prior"])
    vq.eval()
    prior.eval()
    return vq, prior, ck


# ---------------------------------------------------------------------------------------------------------
# Export-friendly wrappers. Same maths as vqz_model, written with ops every ONNX runtime has.


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


class EncoderExport(nn.Module):
    """image [1,3,H,W] -> latents [1,D,H/4,W/4], indices [1,H/4,W/4] (nearest codeword, first on ties)."""

    def __init__(self, vq):
        super().__init__()
        enc = vq.encoder
        self.conv_in, self.blocks, self.conv_out = enc.conv_in, enc.blocks, enc.conv_out
        embed = vq.quantiser.embed.detach().clone()
        # ||z - e_k||^2 = ||z||^2 - 2 z.e_k + ||e_k||^2; the first term does not change the argmin.
        self.register_buffer("proj", (-2.0 * embed)[:, :, None, None].contiguous())
        self.register_buffer("norm", (embed * embed).sum(1).contiguous())

    def forward(self, image):
        h = self.conv_in(space_to_depth(image - 0.5))
        z = self.conv_out(F.relu(self.blocks(h)))
        dist = F.conv2d(z, self.proj, self.norm)
        return z, torch.argmin(dist, dim=1)


class DecoderExport(nn.Module):
    """indices [1,h,w] int64 -> image [1,3,4h,4w]."""

    def __init__(self, vq):
        super().__init__()
        dec = vq.decoder
        self.conv_in, self.blocks, self.conv_out = dec.conv_in, dec.blocks, dec.conv_out
        self.register_buffer("embed", vq.quantiser.embed.detach().clone())

    def forward(self, indices):
        q = F.embedding(indices, self.embed).permute(0, 3, 1, 2)
        h = self.blocks(self.conv_in(q))
        return depth_to_space(self.conv_out(F.relu(h))) + 0.5


def masked_weight(conv):
    return (conv.weight * conv.mask).detach().clone()


class PriorExport(nn.Module):
    """indices [1,h,w] -> logits [1,K,h,w]; masks baked into the weights (masked taps are exactly 0)."""

    def __init__(self, prior):
        super().__init__()
        self.register_buffer("emb", prior.embedding.weight.detach().clone())
        self.register_buffer("wa", masked_weight(prior.conv_a))
        self.register_buffer("ba", prior.conv_a.bias.detach().clone())
        for i, conv in enumerate(prior.conv_b):
            self.register_buffer(f"wb{i}", masked_weight(conv))
            self.register_buffer(f"bb{i}", conv.bias.detach().clone())
        self.layers, self.ka, self.kb = prior.layers, prior.ka, prior.kb
        self.out = prior.out

    def forward(self, indices):
        e = F.embedding(indices, self.emb).permute(0, 3, 1, 2)
        h = F.conv2d(e, self.wa, self.ba, padding=self.ka // 2)
        for i in range(self.layers):
            h = h + F.conv2d(F.relu(h), getattr(self, f"wb{i}"), getattr(self, f"bb{i}"), padding=self.kb // 2)
        return self.out(F.relu(h))


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


# ---------------------------------------------------------------------------------------------------------
# Binary layouts (little-endian), see docs/DESIGN.md


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


def codebook_bin(vq):
    e = vq.quantiser.embed
    return b"VQZCODE1" + struct.pack("<2I", e.shape[0], e.shape[1]) + f32(e)


# ---------------------------------------------------------------------------------------------------------
# Parity vectors


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


@torch.no_grad()
def parity(vq, prior, crop, source):
    enc, dec, pri = EncoderExport(vq).eval(), DecoderExport(vq).eval(), PriorExport(prior).eval()
    x = torch.from_numpy(crop.astype(np.float32))[None] / 255.0
    z, idx = enc(x)
    assert torch.equal(idx, vq.quantiser.indices(vq.encoder(x))), "export encoder differs from the model"
    logits = pri(idx)
    assert torch.allclose(logits, prior(idx), atol=1e-4), "export prior differs from the model"
    decoded = dec(idx)
    assert torch.allclose(decoded, vq.decode_indices(idx), atol=1e-5), "export decoder differs from the model"
    g = idx.shape[1]
    positions = [[0, 0], [0, 1], [0, g - 1], [1, 0], [3, 4], [g // 2, g - 1], [g - 1, 0], [g - 1, g - 1]]
    return dict(
        source=source,
        crop=crop.astype(int).tolist(),
        latents=floats(z[0]),
        codes=idx[0].tolist(),
        logits=dict(positions=positions, values=[floats(logits[0, :, y, xx]) for y, xx in positions]),
        decoded=floats(decoded[0]),
        tolerance=dict(latents=1e-3, logits=1e-3, decoded=1e-3,
                       note="ONNX Runtime and the Java prior are float32 but not bit-identical to PyTorch"),
    )


# ---------------------------------------------------------------------------------------------------------
# Manifest and tar


def receptive_field(vq):
    """Radius in code positions of each network: every 3x3 conv at 1/4 resolution adds one."""
    def radius(mods):
        return sum(m.kernel_size[0] // 2 for m in mods if isinstance(m, nn.Conv2d))
    return dict(encoder=radius(vq.encoder.modules()), decoder=radius(vq.decoder.modules()))


def manifest(args, vq, prior, ck, metrics):
    a = ck["args"]
    data_dir = os.path.basename(os.path.normpath(a.get("src", "train")))
    training = dict(
        data=f"shared/datasets/{data_dir} (random {a['crop']}x{a['crop']} crops and flips; images whose "
             "name's SHA-256 starts with a byte < 6 held out; no Kodak)",
        steps=int(ck["step"]), seconds=round(float(ck["seconds"]), 1), machine=ck.get("machine", "unknown"),
        batch=a["batch"], lr=a["lr"], beta=a["beta"], seed=a["seed"], finetune=a["finetune"],
    )
    return dict(
        name=args.name, version=args.version, f=F_DOWN, K=vq.k, D=vq.d,
        prior=prior.spec(), receptive_field=receptive_field(vq),
        encoder=dict(channels=a["channels"], blocks=len(vq.encoder.blocks)),
        decoder=dict(channels=a["channels"], blocks=len(vq.decoder.blocks)),
        training=training, metrics=metrics, opset=OPSET, exported_with=f"torch {torch.__version__}",
    )


@torch.no_grad()
def verify_with_ort(entries, vq, prior):
    """Run the exported graphs in ONNX Runtime (if installed) against PyTorch, on an odd-sized input."""
    try:
        import onnxruntime as ort
    except ImportError:
        print("onnxruntime not installed: ONNX graphs checked structurally only")
        return None
    opts = ort.SessionOptions()
    opts.intra_op_num_threads = 1
    sess = {n: ort.InferenceSession(entries[n], opts, providers=["CPUExecutionProvider"])
            for n in ("encoder.onnx", "decoder.onnx", "prior.onnx")}
    g = torch.Generator().manual_seed(7)
    x = torch.rand(1, 3, 44, 60, generator=g)
    z_t = vq.encoder(x)
    idx_t = vq.quantiser.indices(z_t)
    z_o, idx_o = sess["encoder.onnx"].run(None, {"image": x.numpy()})
    img_o, = sess["decoder.onnx"].run(None, {"indices": idx_t.numpy()})
    log_o, = sess["prior.onnx"].run(None, {"indices": idx_t.numpy()})
    report = dict(
        ort=ort.__version__,
        latents_max_abs=float(np.abs(z_o - z_t.numpy()).max()),
        indices_mismatch=int((idx_o != idx_t.numpy()).sum()), indices_total=int(idx_o.size),
        decoded_max_abs=float(np.abs(img_o - vq.decode_indices(idx_t).numpy()).max()),
        logits_max_abs=float(np.abs(log_o - prior(idx_t).numpy()).max()),
    )
    print("onnxruntime check:", json.dumps(report))
    if report["latents_max_abs"] > 1e-3 or report["decoded_max_abs"] > 1e-3 or report["logits_max_abs"] > 1e-3 \
            or report["indices_mismatch"] > 1:
        raise SystemExit("ONNX Runtime disagrees with PyTorch")
    return report


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


def read_bundle(path):
    """-> (the bundle's bytes, {entry name: bytes})."""
    with open(path, "rb") as f:
        data = f.read()
    with tarfile.open(fileobj=io.BytesIO(data)) as tar:
        return data, {m.name: tar.extractfile(m).read() for m in tar.getmembers()}


@torch.no_grad()
def check_bundle(path):
    """Re-read a bundle: entries, prior.bin and codebook.bin against parity.json. Returns the SHA-256."""
    import onnx
    data, entries = read_bundle(path)
    expected = {"manifest.json", "encoder.onnx", "decoder.onnx", "prior.onnx", "prior.bin", "codebook.bin",
                "parity.json"}
    assert set(entries) == expected, f"entries {sorted(entries)}"
    for n in ("encoder.onnx", "decoder.onnx", "prior.onnx"):
        onnx.checker.check_model(onnx.load_from_string(entries[n]))
    man = json.loads(entries["manifest.json"])
    par = json.loads(entries["parity.json"])
    prior = read_prior_bin(entries["prior.bin"])
    assert prior.spec() == man["prior"], "manifest prior spec differs from prior.bin"
    codes = torch.tensor(par["codes"])[None]
    logits = prior(codes)[0]
    err = max(float((logits[:, y, x] - torch.tensor(v)).abs().max())
              for (y, x), v in zip(par["logits"]["positions"], par["logits"]["values"]))
    assert err < 1e-4, f"prior.bin logits differ from parity by {err}"
    k, d = struct.unpack_from("<2I", entries["codebook.bin"], 8)
    assert entries["codebook.bin"][:8] == b"VQZCODE1" and (k, d) == (man["K"], man["D"])
    assert len(entries["codebook.bin"]) == 16 + 4 * k * d
    digest = hashlib.sha256(data).hexdigest()
    print(json.dumps(dict(checked=path, bytes=len(data), sha256=digest, prior_logits_max_err=err)))
    return digest


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


def export(args):
    vq, prior, ck = load_checkpoint(args.checkpoint)
    metrics = None
    if args.metrics:
        with open(args.metrics) as f:
            m = json.load(f)
        metrics = m.get("manifest_metrics", m)
    crop, (cy, cx) = parity_crop(args.parity_image)
    source = f"{os.path.basename(args.parity_image)} crop at y={cy} x={cx} (training set)"
    ex_img = torch.rand(1, 3, 64, 96)
    ex_idx = torch.randint(0, vq.k, (1, 16, 24))
    # Distinct names: image sides are 4x the grid's, and equal names would declare them equal.
    spatial = {0: "batch", 2: "H", 3: "W"}
    lat = {0: "batch", 2: "h", 3: "w"}
    grid = {0: "batch", 1: "h", 2: "w"}
    entries = {
        "encoder.onnx": onnx_bytes(EncoderExport(vq).eval(), ex_img, "image", ["latents", "indices"],
                                   {"image": spatial, "latents": lat, "indices": grid}),
        "decoder.onnx": onnx_bytes(DecoderExport(vq).eval(), ex_idx, "indices", ["image"],
                                   {"indices": grid, "image": spatial}, {"image": (0, 3)}),
        "prior.onnx": onnx_bytes(PriorExport(prior).eval(), ex_idx, "indices", ["logits"],
                                 {"indices": grid, "logits": lat}),
        "prior.bin": prior_bin(prior),
        "codebook.bin": codebook_bin(vq),
        "parity.json": json.dumps(parity(vq, prior, crop, source), separators=(",", ":")).encode(),
        "manifest.json": json.dumps(manifest(args, vq, prior, ck, metrics), indent=1, sort_keys=True).encode(),
    }
    verify_with_ort(entries, vq, prior)
    return write_bundle(args.out, entries, check_bundle)


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


def run_cli(doc, default_name, default_version, export_fn, check_fn, add_args=None):
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
    args = p.parse_args()
    torch.set_num_threads(args.threads)
    if args.check:
        check_fn(args.check)
        return
    if not args.checkpoint or not args.out:
        p.error("--checkpoint and --out are required")
    if not args.parity_image:
        args.parity_image = default_parity_image(args.src)
    export_fn(args)


def main():
    run_cli(__doc__, DEFAULT_NAME, "1", export, check_bundle)


if __name__ == "__main__":
    main()

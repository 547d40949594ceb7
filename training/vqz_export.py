"""Export a v1 (single-layer) checkpoint as one model bundle (`*.vqzm`, docs/FORMAT.md appendix A), written as
vqz_bundle.py writes every bundle: the same inputs (checkpoint, optional metrics file) give the same bytes and
hence the same SHA-256 model id.

  /usr/bin/python3 training/vqz_export.py --checkpoint training/runs/main/last.pt \
      --out codec/src/main/resources/io/vqz/codec/vqz-f4-k512-v1.vqzm [--metrics training/runs/main/eval.json]
"""
import hashlib
import json
import os
import struct
import types

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

from vqz_config import F_DOWN
from vqz_model import VQVAE, PixelCnnPrior
from vqz_bundle import (OPSET, depth_to_space, f32, floats, masked_weight, onnx_bytes, parity_crop, prior_bin, read_bundle,
                         read_prior_bin, receptive_field, run_cli, export_parser, space_to_depth, write_bundle)

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


# ---------------------------------------------------------------------------------------------------------
# Binary layouts (little-endian), see docs/DESIGN.md


def codebook_bin(vq):
    e = vq.quantiser.embed
    return b"VQZCODE1" + struct.pack("<2I", e.shape[0], e.shape[1]) + f32(e)


# ---------------------------------------------------------------------------------------------------------
# Parity vectors


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


def parse_args(argv=None):
    return export_parser(__doc__, DEFAULT_NAME, "1").parse_args(argv)


def main(argv=None):
    run_cli(export_parser(__doc__, DEFAULT_NAME, "1"), export, check_bundle, argv)


if __name__ == "__main__":
    main()

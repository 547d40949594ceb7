"""Export a plane (v3) model as one bundle (`*.vqzm`, bundle format 3, docs/FORMAT.md A.5).

A plane checkpoint (vqz_train_planes.py) holds the fine-tuned decoder and the context network; the encoder, the
base codebook and the base prior come from the checkpoint it was started from (its `init`). Entries:
`encoder.onnx` (image -> latents), `decoder.onnx` (q0 + mu + reconstruction -> image), `codebooks.bin` (the base
layer's codebook, S = 1), `prior.bin` (the base PixelCNN), `planes.bin` (the context network), `parity.json`,
`manifest.json` (`bundle_format` 3, `layers` = 1 + planes, `plane_delta0_eighths`). Deterministic bytes.

The planes shipped are the trainer's planes first .. first + planes - 1, so the file's plane 0 has the step
2^((delta0_eighths - 8 first) / 8).

  /usr/bin/python3 training/vqz_export_planes.py --checkpoint training/runs/v3-planes/last.pt \\
      --first-plane 1 --planes 5 --out /tmp/candidate.vqzm --name vqz-f4-k512-p5-v3 --version 3
"""
import copy
import hashlib
import json
import os
import struct
import types

import numpy as np
import torch
import torch.nn.functional as F

from vqz_export import floats, f32, prior_bin, read_bundle, read_prior_bin, receptive_field, run_cli, write_bundle
from vqz_export_layered import LatentDecoder, LatentEncoder, export_inputs, latent_networks, quality_bands
from vqz_config import F_DOWN, HERE
from vqz_model import LayeredVQVAE, PixelCnnPrior, PlaneCondition, PlaneContext, plane_quantise
from vqz_train_planes import DELTA0_EIGHTHS

BUNDLE_FORMAT = 3


def load_checkpoint(path):
    """-> (vq with the plane run's decoder (and encoder), base prior, context network, plane ck, init ck)."""
    ck = torch.load(path, map_location="cpu")
    # the trainer runs in training/, so a relative path is relative to it
    init = torch.load(os.path.join(HERE, ck["init"]), map_location="cpu")
    a = types.SimpleNamespace(**init["args"])
    vq = LayeredVQVAE(k=a.k, d=a.d, c=a.channels, stages=a.stages)
    vq.load_state_dict(init["vq"])
    vq.decoder.load_state_dict(ck["decoder"])
    base = PixelCnnPrior(k=a.k, c=a.prior_channels, layers=a.prior_layers)
    base.load_state_dict(init["base_prior"])
    if "encoder" in ck:  # a run that trained them (--rate-weight)
        vq.encoder.load_state_dict(ck["encoder"])
        base.load_state_dict(ck["base_prior"])
    ctx = PlaneContext(d=a.d, c=ck["args"]["ctx_channels"])
    ctx.load_state_dict(ck["ctx"])
    if "cond" in ck:  # --condition-channels: the planes after the first under a PlaneCondition
        vq.plane_condition = PlaneCondition(d=a.d, c=ck["args"]["condition_channels"])
        vq.plane_condition.load_state_dict(ck["cond"])
    if "res_encoder" in ck:  # --residual-encoder: the planes refine a second encoder's latent
        vq.res_encoder = copy.deepcopy(vq.encoder)
        vq.res_encoder.load_state_dict(ck["res_encoder"])
    return vq.eval(), base.eval(), ctx.eval(), ck, init


def planes_bin(ctx):
    return (b"VQZPLANE" + struct.pack("<3I", 1, ctx.d, ctx.c) + f32(ctx.conv_in.weight) + f32(ctx.conv_in.bias)
            + f32(ctx.mid.weight) + f32(ctx.mid.bias) + f32(ctx.out.weight) + f32(ctx.out.bias))


def read_planes_bin(data):
    """An independent reader: planes.bin -> a PlaneContext."""
    assert data[:8] == b"VQZPLANE", "bad planes.bin magic"
    version, d, c = struct.unpack_from("<3I", data, 8)
    assert version == 1, version
    ctx = PlaneContext(d=d, c=c)
    arr = np.frombuffer(data, dtype="<f4", offset=20).astype(np.float32)
    off = 0
    for t in (ctx.conv_in.weight, ctx.conv_in.bias, ctx.mid.weight, ctx.mid.bias, ctx.out.weight, ctx.out.bias):
        t.data.copy_(torch.from_numpy(arr[off:off + t.numel()].copy()).view_as(t))
        off += t.numel()
    assert off == arr.size, f"planes.bin has {arr.size - off} floats too many"
    return ctx.eval()


def steps(ck, first, count):
    e0 = ck["args"].get("delta0_eighths", DELTA0_EIGHTHS) - 8 * first
    return e0, [2.0 ** ((e0 - 8 * j) / 8) for j in range(count)]


@torch.no_grad()
def parity(vq, ctx, e0, deltas, crop, source):
    """Reference values for the Java side: latents, base codes, the context's outputs, the full decode."""
    x = torch.from_numpy(crop.astype(np.float32))[None] / 255.0
    z = LatentEncoder(vq)(x)
    idx0 = vq.quantiser.stages[0].indices(z)
    q0 = vq.quantiser.stages[0].lookup(idx0)
    mu, log_b = ctx(q0)
    recon, _ = plane_quantise(z - q0 - mu, torch.exp(log_b), deltas[-1])
    decoded = LatentDecoder(vq)(q0 + (mu + recon))
    g = idx0.shape[1]
    positions = [[0, 0], [0, g - 1], [3, 4], [g // 2, g - 1], [g - 1, 0], [g - 1, g - 1]]
    return dict(source=source, crop=crop.astype(int).tolist(), latents=floats(z[0]), codes=idx0[0].tolist(),
                positions=positions, mu=[floats(mu[0, :, y, xx]) for y, xx in positions],
                log_scale=[floats(log_b[0, :, y, xx]) for y, xx in positions], plane_delta0_eighths=e0,
                planes=len(deltas), decoded=floats(decoded[0]),
                tolerance=dict(latents=1e-3, context=1e-4, decoded=1e-3,
                               note="ONNX Runtime and the Java context network are float32 but not bit-identical "
                                    "to PyTorch; the decode depends on the planes' indices, which a 1e-4 change "
                                    "of the context's mean can move at an interval's edge"))


def manifest(args, vq, base, ctx, ck, init, e0, planes, metrics):
    a = ck["args"]
    training = dict(steps=int(ck["step"]), seconds=round(float(ck["seconds"]), 1), batch=a["batch"], crop=a["crop"],
                    lr=a["lr"], seed=a["seed"], first_plane=args.first_plane, init_steps=int(init["step"]),
                    data="shared/datasets/train (held-out images excluded; no Kodak)")
    return dict(name=args.name, version=args.version, bundle_format=BUNDLE_FORMAT, f=F_DOWN, K=vq.k, D=vq.d,
                layers=1 + planes, plane_delta0_eighths=e0, planes=dict(C=ctx.c), prior=base.spec(),
                receptive_field=receptive_field(vq),
                encoder=dict(channels=init["args"]["channels"], blocks=len(vq.encoder.blocks)),
                decoder=dict(channels=init["args"]["channels"], blocks=len(vq.decoder.blocks)),
                training=training, metrics=metrics, opset=13, exported_with=f"torch {torch.__version__}",
                **quality_bands(args, 1 + planes))


@torch.no_grad()
def check_bundle(path):
    """Re-read a plane bundle: entries, the base codebook, the context network against parity.json."""
    import onnx
    data, entries = read_bundle(path)
    man = json.loads(entries["manifest.json"])
    expected = {"manifest.json", "encoder.onnx", "decoder.onnx", "codebooks.bin", "prior.bin", "planes.bin",
                "parity.json"}
    assert set(entries) == expected, f"entries {sorted(entries)}"
    assert man["bundle_format"] == BUNDLE_FORMAT and man["layers"] >= 1
    for n in ("encoder.onnx", "decoder.onnx"):
        onnx.checker.check_model(onnx.load_from_string(entries[n]))
    cb = entries["codebooks.bin"]
    s_, k, d = struct.unpack_from("<3I", cb, 8)
    assert cb[:8] == b"VQZCODE2" and (s_, k, d) == (1, man["K"], man["D"]) and len(cb) == 20 + 4 * k * d
    book = torch.from_numpy(np.frombuffer(cb, dtype="<f4", offset=20).astype(np.float32).reshape(k, d))
    read_prior_bin(entries["prior.bin"])
    ctx = read_planes_bin(entries["planes.bin"])
    assert ctx.d == man["D"] and ctx.c == man["planes"]["C"]
    par = json.loads(entries["parity.json"])
    q0 = F.embedding(torch.tensor(par["codes"])[None], book).permute(0, 3, 1, 2)
    mu, log_b = ctx(q0)
    err = 0.0
    for (y, x), m, lb in zip(par["positions"], par["mu"], par["log_scale"]):
        err = max(err, float((mu[0, :, y, x] - torch.tensor(m)).abs().max()),
                  float((log_b[0, :, y, x] - torch.tensor(lb)).abs().max()))
    assert err < 1e-5, f"context network differs from parity by {err}"
    digest = hashlib.sha256(data).hexdigest()
    print(json.dumps(dict(checked=path, bytes=len(data), sha256=digest, context_max_err=err)))
    return digest


def export(args):
    vq, base, ctx, ck, init = load_checkpoint(args.checkpoint)
    if hasattr(vq, "plane_condition"):
        raise SystemExit("a --condition-channels checkpoint needs the conditioned plane coder, which bundle format 3 "
                         "does not have yet: evaluate it with vqz_eval_planes.py")
    if hasattr(vq, "res_encoder"):
        raise SystemExit("a --residual-encoder checkpoint needs two encoder outputs, which bundle format 3 does not "
                         "carry yet: evaluate it with vqz_eval_planes.py")
    trained = ck["args"]["planes"]
    if args.first_plane < 0 or args.planes < 1 or args.first_plane + args.planes > trained + 1:
        raise SystemExit(f"--first-plane and --planes must lie within the {trained} planes trained (one finer at most)")
    e0, deltas = steps(ck, args.first_plane, args.planes)
    metrics, crop, source = export_inputs(args)
    entries = {
        **latent_networks(vq),
        "codebooks.bin": b"VQZCODE2" + struct.pack("<3I", 1, vq.k, vq.d) + f32(vq.quantiser.stages[0].embed),
        "prior.bin": prior_bin(base),
        "planes.bin": planes_bin(ctx),
        "parity.json": json.dumps(parity(vq, ctx, e0, deltas, crop, source), separators=(",", ":")).encode(),
        "manifest.json": json.dumps(manifest(args, vq, base, ctx, ck, init, e0, args.planes, metrics), indent=1,
                                    sort_keys=True).encode(),
    }
    return write_bundle(args.out, entries, check_bundle)


def main():
    def add_args(p):
        p.add_argument("--first-plane", type=int, default=1, help="the trainer's plane that becomes the file's plane 0")
        p.add_argument("--planes", type=int, default=5, help="planes shipped: the model's layers are 1 + planes")
        p.add_argument("--quality-bands", help="TOP[:LAMBDA] per layer count, as vqz_export_layered.py")

    run_cli(__doc__, "vqz-f4-planes", "3", export, check_bundle, add_args=add_args)


if __name__ == "__main__":
    main()

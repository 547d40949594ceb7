"""Export a layered (v2) checkpoint as one model bundle (`*.vqzm`, layout in docs/FORMAT.md appendix A.5).

Entries: `encoder.onnx` (image -> latents; the Java encoder chooses every layer's codes against
`codebooks.bin`), `decoder.onnx` (summed codewords -> image), `codebooks.bin` (S x K x D), `prior.bin` (the
base layer's PixelCNN, v1 layout), `refine-<s>.bin` for s = 1 .. S-1 (refinement priors: `prior.bin` layout
version 2, with the coarse branch), `parity.json` and `manifest.json`. Deterministic bytes (vqz_bundle.py).

  /usr/bin/python3 training/vqz_export_layered.py --checkpoint training/runs/v2-prior/last.pt \
      --out codec/src/main/resources/io/vqz/codec/v2.vqzm --name vqz-f4-k512-l5-v2
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

from vqz_bundle import (FloatReader, default_parity_image, depth_to_space, f32, floats, load_pixelcnn, pixelcnn_arrays,
                        onnx_bytes, parity_crop, prior_bin, read_bundle, read_prior_bin, receptive_field, run_cli, export_parser,
                        space_to_depth, write_bundle)
from vqz_config import F_DOWN, layered_vq
from vqz_model import PixelCnnPrior, RefinementPrior

BUNDLE_FORMAT = 2


def load_checkpoint(path):
    """-> (vq, base prior, refinement priors, ck), architecture from the args stored in the checkpoint."""
    ck = torch.load(path, map_location="cpu")
    a = types.SimpleNamespace(**ck["args"])
    vq = layered_vq(a)
    base = PixelCnnPrior(k=a.k, c=a.prior_channels, layers=a.prior_layers)
    c = getattr(a, "refine_channels", 0) or a.prior_channels
    refine = nn.ModuleList([RefinementPrior(k=a.k, d=a.d, c=c, layers=a.refine_layers)
                            for _ in range(a.stages - 1)])
    vq.load_state_dict(ck["vq"])
    base.load_state_dict(ck["base_prior"])
    refine.load_state_dict(ck["refine"])
    return vq.eval(), base.eval(), refine.eval(), ck


class LatentEncoder(nn.Module):
    """image [1,3,H,W] in [0,1] -> latents [1,D,H/4,W/4]."""

    def __init__(self, vq):
        super().__init__()
        enc = vq.encoder
        self.conv_in, self.blocks, self.conv_out = enc.conv_in, enc.blocks, enc.conv_out

    def forward(self, image):
        h = self.conv_in(space_to_depth(image - 0.5))
        return self.conv_out(F.relu(self.blocks(h)))


class LatentDecoder(nn.Module):
    """summed codewords [1,D,h,w] -> image [1,3,4h,4w]."""

    def __init__(self, vq):
        super().__init__()
        dec = vq.decoder
        self.conv_in, self.blocks, self.conv_out = dec.conv_in, dec.blocks, dec.conv_out

    def forward(self, latents):
        h = self.blocks(self.conv_in(latents))
        return depth_to_space(self.conv_out(F.relu(h))) + 0.5


def upsampler_kernel():
    """Fixed 2x upsampling as a grouped 5x5 conv and a pixel shuffle: Catmull-Rom at the phases -1/4 and +1/4 of
    a small pixel (the centres of the 2x2 pixels a 2x2 mean made it from), so half-resolution coding needs no
    learned weights."""
    even = [-0.0234375, 0.2265625, 0.8671875, -0.0703125, 0.0]
    odd = [0.0, -0.0703125, 0.8671875, 0.2265625, -0.0234375]
    taps = torch.tensor([even, odd])
    k = torch.einsum("ai,bj->abij", taps, taps).reshape(4, 1, 5, 5)  # phase (ry, rx) = 2 ry + rx
    return k.repeat(3, 1, 1, 1)  # [12, 1, 5, 5], groups = 3


class HalfResolution(nn.Module):
    """A latent network run at half resolution: the encoder after a 2x2 mean, the decoder before a fixed 2x
    upsampler (edge-replicated at the window's borders). The bundle's f doubles; nothing else changes."""

    def __init__(self, net, decoder):
        super().__init__()
        self.net, self.decoder = net, decoder
        self.register_buffer("kernel", upsampler_kernel())

    def forward(self, x):
        if not self.decoder:
            return self.net(F.avg_pool2d(x, 2))
        y = F.pad(self.net(x), (2, 2, 2, 2), mode="replicate")
        return F.pixel_shuffle(F.conv2d(y, self.kernel, groups=3), 2)


def refine_bin(prior):
    """`prior.bin` layout version 2: version 1's fields, then D and the coarse branch (A.4)."""
    s = prior.spec()
    head = struct.pack("<8I", 2, s["K"], s["E"], s["C"], s["L"], s["KA"], s["KB"], s["D"])
    coarse = [prior.coarse_in.weight, prior.coarse_in.bias,
              prior.coarse_mid.weight.reshape(s["C"], s["C"]), prior.coarse_mid.bias,
              prior.coarse_out.weight.reshape(s["C"], s["C"]), prior.coarse_out.bias]
    return b"".join([b"VQZPRIOR", head] + pixelcnn_arrays(prior) + [f32(t) for t in coarse])


def read_refine_bin(data):
    """refine-<s>.bin -> RefinementPrior (an independent reader, to check what was written)."""
    assert data[:8] == b"VQZPRIOR", "bad magic"
    version, k, e, c, layers, ka, kb, d = struct.unpack_from("<8I", data, 8)
    assert version == 2
    prior = RefinementPrior(k=k, d=d, e=e, c=c, layers=layers, ka=ka, kb=kb).eval()
    reader = FloatReader(data, 40)
    load_pixelcnn(prior, reader, k, e, c, ka, kb)
    with torch.no_grad():
        prior.coarse_in.weight.copy_(reader.take(c, d, 3, 3))
        prior.coarse_in.bias.copy_(reader.take(c))
        for conv in (prior.coarse_mid, prior.coarse_out):
            conv.weight.copy_(reader.take(c, c)[:, :, None, None])
            conv.bias.copy_(reader.take(c))
    reader.done()
    return prior


def groups_section(head):
    """The two-level alphabet after a prior's weights (docs/FORMAT.md A.6): G, the order, the group head."""
    order = head["order"].to(torch.int64).numpy().astype("<i4").tobytes()
    return struct.pack("<I", head["weight"].shape[0]) + order + f32(head["weight"]) + f32(head["bias"])


def with_groups(data, head):
    """prior.bin layout 1 or 2 -> 3 or 4: the same weights with a two-level alphabet."""
    version = struct.unpack_from("<I", data, 8)[0]
    return data[:8] + struct.pack("<I", version + 2) + data[12:] + groups_section(head)


def split_groups(data):
    """prior.bin of any layout -> (the bytes as layout 1 or 2, the two-level alphabet or None); checks it."""
    version, k, e, c, layers, ka, kb = struct.unpack_from("<7I", data, 8)
    if version <= 2:
        return data, None
    d = struct.unpack_from("<I", data, 36)[0] if version == 4 else 0
    floats = k * e + c * e * ka * ka + c + layers * (c * c * kb * kb + c) + k * c + k
    floats += c * d * 9 + c + 2 * (c * c + c) if d else 0
    at = 8 + 4 * (7 if d == 0 else 8) + 4 * floats
    g = struct.unpack_from("<I", data, at)[0]
    assert g >= 2 and k % g == 0, f"group count {g} does not divide K={k}"
    order = np.frombuffer(data, dtype="<i4", count=k, offset=at + 4)
    assert sorted(order.tolist()) == list(range(k)), "group order is not a permutation"
    w = np.frombuffer(data, dtype="<f4", count=g * c + g, offset=at + 4 + 4 * k)
    assert at + 4 + 4 * k + 4 * (g * c + g) == len(data), "trailing data after the groups"
    head = dict(order=torch.from_numpy(order.astype(np.int64)),
                weight=torch.from_numpy(w[:g * c].reshape(g, c).copy()), bias=torch.from_numpy(w[g * c:].copy()))
    return data[:8] + struct.pack("<I", version - 2) + data[12:at], head


def codebooks_bin(vq):
    e = torch.stack([q.embed for q in vq.quantiser.stages])
    return b"VQZCODE2" + struct.pack("<3I", *e.shape) + f32(e)


def coarse_context(vq, idx):
    """[1,S,h,w] codes -> list over s of the summed codewords of layers 0..s-1, summed in layer order."""
    out, total = [None], None
    for s in range(idx.shape[1] - 1):
        q = vq.quantiser.stages[s].lookup(idx[:, s])
        total = q if total is None else total + q
        out.append(total)
    return out


@torch.no_grad()
def parity(vq, base, refine, crop, source, half=False):
    """Reference values for the Java side: latents, every layer's codes (the training-time choice: nearest, or
    entropy-constrained under the codebook's usage), logits and the decode."""
    x = torch.from_numpy(crop.astype(np.float32))[None] / 255.0
    seen = F.avg_pool2d(x, 2) if half else x  # what the model's own encoder sees
    z = LatentEncoder(vq)(seen)
    assert torch.allclose(z, vq.encoder(seen), atol=1e-5), "export encoder differs from the model"
    idx = vq.quantiser.indices(z)
    ctx = coarse_context(vq, idx)
    g = idx.shape[2]
    positions = [[0, 0], [0, 1], [0, g - 1], [1, 0], [min(3, g - 1), min(4, g - 1)], [g // 2, g - 1], [g - 1, 0],
                 [g - 1, g - 1]]
    layers = []
    for s in range(idx.shape[1]):
        logits = base(idx[:, 0]) if s == 0 else refine[s - 1](idx[:, s], ctx[s])
        layers.append(dict(codes=idx[0, s].tolist(),
                           logits=[floats(logits[0, :, y, xx]) for y, xx in positions]))
    summed = vq.quantiser.lookup(idx)
    decoded = LatentDecoder(vq)(summed)
    assert torch.allclose(decoded, vq.decode_indices(idx), atol=1e-5), "export decoder differs from the model"
    if half:
        decoded = HalfResolution(LatentDecoder(vq), True)(summed)
    return dict(source=source, crop=crop.astype(int).tolist(), latents=floats(z[0]), positions=positions,
                layers=layers, decoded=floats(decoded[0]),
                tolerance=dict(latents=1e-3, logits=1e-3, decoded=1e-3,
                               note="ONNX Runtime and the Java prior are float32 but not bit-identical to PyTorch"))


def manifest(args, vq, base, refine, ck, metrics):
    a = ck["args"]
    training = dict(steps=int(ck["step"]), seconds=round(float(ck["seconds"]), 1),
                    machine=ck.get("machine", "unknown"), batch=a["batch"], crop=a["crop"], lr=a["lr"],
                    dropout=a["dropout"], seed=a["seed"], phase=a["phase"],
                    data="shared/datasets/train (held-out images excluded; no Kodak)")
    half = getattr(args, "half_resolution", False)
    field = receptive_field(vq)
    if half:  # the upsampler reaches 2 small pixels, half a code position, past the decoder's field
        field["decoder"] += 1
    return dict(name=args.name, version=args.version, bundle_format=BUNDLE_FORMAT, f=F_DOWN * (2 if half else 1),
                K=vq.k, D=vq.d, layers=len(vq.quantiser), prior=base.spec(),
                refine=refine[0].spec() if len(refine) else None, receptive_field=field,
                encoder=dict(channels=a["channels"], blocks=len(vq.encoder.blocks)),
                decoder=dict(channels=vq.decoder.conv_in.out_channels, blocks=len(vq.decoder.blocks)),
                training=training, metrics=metrics, opset=13, exported_with=f"torch {torch.__version__}",
                **quality_bands(args, len(vq.quantiser)), **rate_weights(vq))


def rate_weights(vq):
    """{"rate_weights": [w_0, ..., w_S-1]} of a model with entropy-constrained stages, or {} (nearest codes)."""
    w = [float(q.rate_weight) for q in vq.quantiser.stages]
    return dict(rate_weights=w) if any(w) else {}


def quality_bands(args, layers):
    """{"quality_bands": [{"top": Q, "lambda": L}, ...]} from --quality-bands TOP:LAMBDA,..., or {} (equal bands)."""
    if not getattr(args, "quality_bands", None):
        return {}
    bands = [dict(top=int(t.split(":")[0]), **({"lambda": float(t.split(":")[1])} if ":" in t else {}))
             for t in args.quality_bands.split(",")]
    tops = [b["top"] for b in bands]
    if len(tops) != layers or tops[-1] != 100 or tops[0] < 0 or any(b <= a for a, b in zip(tops, tops[1:])) \
            or any(b.get("lambda", 0) < 0 for b in bands):
        raise SystemExit(f"--quality-bands: {layers} bands TOP[:LAMBDA], tops rising to 100, got {args.quality_bands}")
    return dict(quality_bands=bands)


@torch.no_grad()
def check_bundle(path):
    """Re-read a bundle: entries, the priors against parity.json. Returns the SHA-256."""
    import onnx
    data, entries = read_bundle(path)
    man = json.loads(entries["manifest.json"])
    s_count = man["layers"]
    expected = {"manifest.json", "encoder.onnx", "decoder.onnx", "codebooks.bin", "prior.bin", "parity.json"}
    expected |= {f"refine-{s}.bin" for s in range(1, s_count)}
    assert set(entries) == expected, f"entries {sorted(entries)}"
    for n in ("encoder.onnx", "decoder.onnx"):
        onnx.checker.check_model(onnx.load_from_string(entries[n]))
    par = json.loads(entries["parity.json"])
    cb = entries["codebooks.bin"]
    s_, k, d = struct.unpack_from("<3I", cb, 8)
    assert cb[:8] == b"VQZCODE2" and (s_, k, d) == (s_count, man["K"], man["D"])
    assert len(cb) == 20 + 4 * s_ * k * d
    books = torch.from_numpy(np.frombuffer(cb, dtype="<f4", offset=20).astype(np.float32).reshape(s_, k, d))
    codes = torch.tensor([layer["codes"] for layer in par["layers"]])[None]
    err, total = 0.0, None
    grouped = set()
    for s in range(s_count):
        weights, head = split_groups(entries["prior.bin" if s == 0 else f"refine-{s}.bin"])
        grouped.add(head is not None)
        if s == 0:
            logits = read_prior_bin(weights)(codes[:, 0])
        else:
            logits = read_refine_bin(weights)(codes[:, s], total)
        q = F.embedding(codes[:, s], books[s]).permute(0, 3, 1, 2)
        total = q if total is None else total + q
        for (y, x), v in zip(par["positions"], par["layers"][s]["logits"]):
            err = max(err, float((logits[0, :, y, x] - torch.tensor(v)).abs().max()))
    assert err < 1e-4, f"priors differ from parity by {err}"
    assert len(grouped) == 1, "every prior or none has a two-level alphabet"
    digest = hashlib.sha256(data).hexdigest()
    print(json.dumps(dict(checked=path, bytes=len(data), sha256=digest, prior_logits_max_err=err)))
    return digest


def export_inputs(args):
    """-> (the evaluation metrics for the manifest or None, the parity crop, its description)."""
    metrics = None
    if args.metrics:
        with open(args.metrics) as f:
            metrics = json.load(f).get("manifest_metrics")
    crop, (cy, cx) = parity_crop(args.parity_image)
    return metrics, crop, f"{os.path.basename(args.parity_image)} crop at y={cy} x={cx} (training set)"


def latent_networks(vq, half=False):
    """encoder.onnx (image -> latents) and decoder.onnx (latents -> image) of a layered or plane model; with
    half, both at half resolution (HalfResolution)."""
    spatial = {0: "batch", 2: "H", 3: "W"}
    lat = {0: "batch", 2: "h", 3: "w"}
    enc, dec, s = LatentEncoder(vq).eval(), LatentDecoder(vq).eval(), 1
    if half:
        enc, dec, s = HalfResolution(enc, False).eval(), HalfResolution(dec, True).eval(), 2
    return {
        "encoder.onnx": onnx_bytes(enc, torch.rand(1, 3, 64 * s, 96 * s), "image", ["latents"],
                                   {"image": spatial, "latents": lat}),
        "decoder.onnx": onnx_bytes(dec, torch.randn(1, vq.d, 16, 24), "latents", ["image"],
                                   {"latents": lat, "image": spatial}, {"image": (0, 3)}),
    }


def export(args):
    vq, base, refine, ck = load_checkpoint(args.checkpoint)
    half = getattr(args, "half_resolution", False)
    metrics, crop, source = export_inputs(args)
    entries = {
        **latent_networks(vq, half),
        "codebooks.bin": codebooks_bin(vq),
        "prior.bin": prior_bin(base),
        "parity.json": json.dumps(parity(vq, base, refine, crop, source, half),
                                  separators=(",", ":")).encode(),
        "manifest.json": json.dumps(manifest(args, vq, base, refine, ck, metrics), indent=1,
                                    sort_keys=True).encode(),
    }
    for s, prior in enumerate(refine, start=1):
        entries[f"refine-{s}.bin"] = refine_bin(prior)
    if ck.get("groups"):  # vqz_groups.py: every layer's prior codes a group and a member
        for s, head in enumerate(ck["groups"]):
            name = "prior.bin" if s == 0 else f"refine-{s}.bin"
            entries[name] = with_groups(entries[name], head)
    return write_bundle(args.out, entries, check_bundle)


def parser():
    def add_args(p):
        p.add_argument("--quality-bands", help="each layer count's band of the quality scale as TOP[:LAMBDA] (its top "
                       "quality, the rate weight at its low end), e.g. 35:0.3,61:0.2,78:0.2,91:0.2,100:0.2 "
                       "(docs/FORMAT.md A.3; tuned on held-out photos with io.vqz.bench.QualityTuning); default: "
                       "equal bands")
        p.add_argument("--half-resolution", action="store_true",
                       help="the same model run at half resolution (HalfResolution): f = 8, for the lowest rates")

    return export_parser(__doc__, "vqz-f4-layered", "2", add_args=add_args)


def parse_args(argv=None):
    return parser().parse_args(argv)


def main(argv=None):
    run_cli(parser(), export, check_bundle, argv)


if __name__ == "__main__":
    main()

"""Seed training from a shipped model bundle (`*.vqzm`), so that no run ever has to start from nothing.

Checkpoints live in git-ignored folders and can be lost with a machine; a bundle is in git. The ONNX
graphs keep the PyTorch parameter names as initialisers; `codebook.bin` / `codebooks.bin` hold the codebooks,
`prior.bin` and `refine-<s>.bin` the priors (read by the exporters' independent readers). A single-layer bundle
(format 1) becomes a v1 checkpoint (vqz_train.py --init), a layered one (format 2, the default since 0.3) a
checkpoint of vqz_train_layered.py (--init), its usage counts refitted on training crops.

  /usr/bin/python3 training/vqz_import.py codec/src/main/resources/io/vqz/codec/vqz-f4-k512-v1.vqzm /tmp/v1.pt
  /usr/bin/python3 training/vqz_import.py codec/src/main/resources/io/vqz/codec/default.vqzm /tmp/v21.pt
"""
import argparse
import io
import json
import struct
import types

import numpy as np
import onnx
import torch
from onnx import numpy_helper

from vqz_bundle import read_bundle, read_prior_bin
from vqz_config import layered_vq
from vqz_model import VQVAE


def read_entries(path):
    return read_bundle(path)[1]


def _initialisers(onnx_bytes):
    model = onnx.load_model_from_string(onnx_bytes)
    return {i.name: torch.from_numpy(numpy_helper.to_array(i).copy()) for i in model.graph.initializer}


def load_bundle(path):
    """-> (VQVAE, PixelCnnPrior, manifest) with the bundle's weights, in eval mode."""
    entries = read_entries(path)
    man = json.loads(entries["manifest.json"])
    enc, dec = man["encoder"], man["decoder"]
    assert enc["channels"] == dec["channels"], "encoder and decoder widths differ"
    vq = VQVAE(k=man["K"], d=man["D"], c=enc["channels"], enc_blocks=enc["blocks"], dec_blocks=dec["blocks"])
    state = {}
    for part, data in (("encoder", entries["encoder.onnx"]), ("decoder", entries["decoder.onnx"])):
        for name, t in _initialisers(data).items():
            key = f"{part}.{name}"
            if key in vq.state_dict():
                state[key] = t
    cb = entries["codebook.bin"]
    assert cb[:8] == b"VQZCODE1", "bad codebook.bin magic"
    k, d = struct.unpack_from("<2I", cb, 8)
    embed = torch.from_numpy(np.frombuffer(cb, dtype="<f4", offset=16).astype(np.float32).reshape(k, d))
    state["quantiser.embed"] = embed
    state["quantiser.embed_sum"] = embed.clone()
    state["quantiser.cluster_size"] = torch.ones(k)
    state["quantiser.rate_weight"] = torch.zeros(())  # a single-layer bundle chooses the nearest codeword
    missing = set(vq.state_dict()) - set(state)
    assert not missing, f"bundle lacks {sorted(missing)}"
    vq.load_state_dict(state)
    prior = read_prior_bin(entries["prior.bin"])
    return vq.eval(), prior.eval(), man


def load_layered_bundle(path, latents=None):
    """A layered bundle (format 2) -> a checkpoint dict of vqz_train_layered (vq, base_prior, refine, args, step,
    seconds, machine), so a run can be seeded (--init) from the shipped default.

    A bundle keeps each entropy-constrained stage's rate weight but not the usage its choice was fitted with
    (`cluster_size`, what `Quantiser.code_bits` reads); given latents ([N,D], the encoder's on training crops) the
    usage is refitted to the choice's fixed point with the codebooks held, else it stays uniform.
    """
    from vqz_export_layered import read_refine_bin, split_groups
    from vqz_model import LayeredVQVAE

    entries = read_entries(path)
    man = json.loads(entries["manifest.json"])
    if man.get("bundle_format") != 2:
        raise SystemExit(f"{path}: bundle format {man.get('bundle_format')}, not a layered bundle")
    enc, dec, stages = man["encoder"], man["decoder"], man["layers"]
    vq = LayeredVQVAE(k=man["K"], d=man["D"], c=enc["channels"], stages=stages, enc_blocks=enc["blocks"],
                      dec_blocks=dec["blocks"], dec_channels=dec["channels"])
    state = _network_state(vq, entries)
    cb = entries["codebooks.bin"]
    assert cb[:8] == b"VQZCODE2", "bad codebooks.bin magic"
    s_, k, d = struct.unpack_from("<3I", cb, 8)
    assert (s_, k, d) == (stages, man["K"], man["D"]), "codebooks.bin disagrees with the manifest"
    books = torch.from_numpy(np.frombuffer(cb, dtype="<f4", offset=20).astype(np.float32).reshape(s_, k, d))
    weights = man.get("rate_weights") or [0.0] * stages
    for s in range(stages):
        p = f"quantiser.stages.{s}."
        state[p + "embed"] = books[s].clone()
        state[p + "embed_sum"] = books[s].clone()
        state[p + "cluster_size"] = torch.ones(k)
        state[p + "rate_weight"] = torch.tensor(float(weights[s]))
    missing = set(vq.state_dict()) - set(state)
    assert not missing, f"bundle lacks {sorted(missing)}"
    vq.load_state_dict(state)
    if latents is not None:
        refit_usage(vq.quantiser, latents)
    # a two-level alphabet (prior.bin layouts 3 and 4) comes back as vqz_groups.py leaves it in a checkpoint
    split = [split_groups(entries["prior.bin" if s == 0 else f"refine-{s}.bin"]) for s in range(stages)]
    base = read_prior_bin(split[0][0])
    refine = torch.nn.ModuleList([read_refine_bin(split[s][0]) for s in range(1, stages)])
    heads = [head for _, head in split]
    t = man["training"]
    spec, rspec = base.spec(), (refine[0].spec() if stages > 1 else base.spec())
    args = dict(k=man["K"], d=man["D"], channels=enc["channels"], decoder_channels=dec["channels"],
                decoder_blocks=dec["blocks"], stages=stages, prior_channels=spec["C"],
                prior_layers=spec["L"], refine_channels=rspec["C"], refine_layers=rspec["L"], batch=t["batch"],
                crop=t["crop"], lr=t["lr"], dropout=t["dropout"], seed=t["seed"], phase=t["phase"],
                rate_weights=weights[1:] if any(weights) else None)
    ck = dict(vq=vq.state_dict(), base_prior=base.state_dict(), refine=refine.state_dict(), step=t["steps"],
              seconds=t["seconds"], machine=t["machine"], args=args, source=path, manifest=man)
    if all(h is not None for h in heads):
        ck["groups"] = heads
    return ck


def _network_state(vq, entries):
    """encoder.* and decoder.* from the ONNX graphs' initialisers (they keep the PyTorch parameter names)."""
    own, state = vq.state_dict(), {}
    for part in ("encoder", "decoder"):
        for name, t in _initialisers(entries[f"{part}.onnx"]).items():
            key = f"{part}.{name}"
            if key in own and own[key].shape == t.shape:
                state[key] = t
    return state


@torch.no_grad()
def refit_usage(rq, flat, iters=12):
    """Each weighted stage's usage counts (cluster_size) refitted to its choice's fixed point, codebooks held:
    the choice depends on the usage and the usage on the choice, as in vqz_model.fit_rate_constrained."""
    residual = flat
    for stage in rq.stages:
        if float(stage.rate_weight) > 0:
            for _ in range(iters):
                idx = stage.indices(residual[:, :, None, None]).view(-1)
                stage.cluster_size.copy_(torch.bincount(idx, minlength=stage.k).to(flat.dtype) + 0.5)
            stage.embed_sum.copy_(stage.embed * stage.cluster_size[:, None])
        residual = residual - stage.embed[stage.indices(residual[:, :, None, None]).view(-1)]


@torch.no_grad()
def training_latents(vq, data_path, seed=1, batches=16, batch=16, crop=128):
    """[N,D] encoder latents of random training crops (the same draw on every machine)."""
    import os
    from vqz_config import PATHS
    from vqz_data import ImageSet, pack
    if not os.path.exists(data_path):
        os.makedirs(os.path.dirname(os.path.abspath(data_path)), exist_ok=True)
        pack(PATHS["src"], data_path)
    images, rng = ImageSet(data_path, False), np.random.default_rng([seed, 4242])
    z = torch.cat([vq.encoder(images.random_batch(rng, batch, crop)) for _ in range(batches)])
    return z.permute(0, 2, 3, 1).reshape(-1, z.shape[1])


def import_layered(bundle, data_path):
    """-> the checkpoint of a layered bundle, its entropy-constrained stages' usage refitted on training latents."""
    ck = load_layered_bundle(bundle)
    if not ck["args"]["rate_weights"]:
        return ck
    a = ck["args"]
    vq = layered_vq(types.SimpleNamespace(**a)).eval()
    vq.load_state_dict(ck["vq"])
    refit_usage(vq.quantiser, training_latents(vq, data_path))
    ck["vq"] = vq.state_dict()
    return ck


def parse_args(argv=None):
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("bundle")
    p.add_argument("out", help="a checkpoint usable with --init: vqz_train.py's (single layer) or "
                               "vqz_train_layered.py's (layered)")
    p.add_argument("--data", default=None, help="packed training crops for a layered bundle's usage counts "
                                                "(default: vqz_config.PATHS['data'], packed on first use)")
    return p.parse_args(argv)


def main(argv=None):
    a = parse_args(argv)
    if json.loads(read_entries(a.bundle)["manifest.json"]).get("bundle_format", 1) == 2:
        from vqz_config import PATHS
        ck = import_layered(a.bundle, a.data or PATHS["data"])
        torch.save(ck, a.out)
        print(f"{a.bundle} -> {a.out} ({ck['manifest']['name']}, {ck['args']['stages']} layers)")
        return
    vq, prior, man = load_bundle(a.bundle)
    s = prior.spec()
    args = dict(k=man["K"], d=man["D"], channels=man["encoder"]["channels"], prior_channels=s["C"],
                prior_layers=s["L"])
    torch.save(dict(vq=vq.state_dict(), prior=prior.state_dict(), step=0, args=args, source=a.bundle), a.out)
    print(f"{a.bundle} -> {a.out} ({man['name']})")


if __name__ == "__main__":
    main()

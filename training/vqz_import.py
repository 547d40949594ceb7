"""Seed training from a shipped model bundle (`*.vqzm`), so that no run ever has to start from nothing.

Checkpoints live in git-ignored folders and can be lost with a machine; a bundle is in git. The ONNX
graphs keep the PyTorch parameter names as initialisers, `codebook.bin` holds the codebook and
`prior.bin` the prior (read by the exporter's independent reader).

  /usr/bin/python3 training/vqz_import.py codec/src/main/resources/io/vqz/codec/vqz-f4-k512-v1.vqzm /tmp/v1.pt
"""
import argparse
import io
import json
import struct

import numpy as np
import onnx
import torch
from onnx import numpy_helper

from vqz_export import read_bundle, read_prior_bin
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


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("bundle")
    p.add_argument("out", help="a v1-style checkpoint (vq, prior, args) usable with vqz_train.py --init")
    a = p.parse_args()
    vq, prior, man = load_bundle(a.bundle)
    s = prior.spec()
    args = dict(k=man["K"], d=man["D"], channels=man["encoder"]["channels"], prior_channels=s["C"],
                prior_layers=s["L"])
    torch.save(dict(vq=vq.state_dict(), prior=prior.state_dict(), step=0, args=args, source=a.bundle), a.out)
    print(f"{a.bundle} -> {a.out} ({man['name']})")


if __name__ == "__main__":
    main()

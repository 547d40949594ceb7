"""Export a layered bundle's decoder gradient (`decoder-vjp.onnx`): the vector-Jacobian product of the decoder
network, for the encoder's effort levels above the default (issue 31, `docs/DESIGN.md`, "Encoder effort").

Given the decoder's input (the summed codewords, [1, D, h, w]), the source picture and a weight per pixel ([1, 3, f·h,
f·w] and [1, 1, f·h, f·w]: 0 on the padding beyond the picture), the graph returns the decoder's picture (clamped to
[0, 1], as decoders store it) and the gradient of the weighted squared error with respect to the input,
[1, D, h, w]: one run gives a refinement both what the codes decode to and which way to move them. ONNX Runtime
runs networks forward only, so the backward pass is written out here with forward operators: every convolution's transpose is a transposed convolution
with the same weights, every ReLU's derivative a mask from the forward activations the graph recomputes. The
weights are read from the bundle's own `decoder.onnx`, and the export checks the graph against PyTorch's autograd.

The graph is not part of the bundle (adding it would change the bundle's bytes and so its model id, which every
file names): the codec jar carries it beside the model as `<model id, 16 hex digits>.decoder-vjp.onnx`.

  /usr/bin/python3 training/vqz_export_vjp.py codec/src/main/resources/io/vqz/codec/default.vqzm \
      --out codec/src/main/resources/io/vqz/codec/analysis/
"""
import argparse
import hashlib
import inspect
import io

import onnx
import torch
import torch.nn as nn
import torch.nn.functional as F

from vqz_bundle import OPSET, depth_to_space, space_to_depth, write_companion
from vqz_import import load_layered_bundle
from vqz_model import LayeredVQVAE


def transposed(g, conv):
    """conv's transpose (stride 1, 'same' padding) applied to g: a transposed convolution with the same weights, so
    the graph stores them once (as fast in ONNX Runtime as a convolution with the kernel flipped, measured)."""
    return F.conv_transpose2d(g, conv.weight, padding=conv.padding)


class DecoderVjp(nn.Module):
    """(latents, source, weight) -> (picture, gradient): the decoder's picture of the latents, clamped to [0, 1], and
    the gradient with respect to the latents of the weighted squared error sum(weight * (picture - source)^2), with
    forward operators only."""

    def __init__(self, decoder):
        super().__init__()
        self.decoder = decoder

    def forward(self, z, source, weight):
        dec = self.decoder
        # the forward pass, keeping what the backward pass needs
        h = dec.conv_in(z)
        saved = []
        for block in dec.blocks:
            b = block.conv1(F.relu(h))
            saved.append((h, b))
            h = h + block.conv2(F.relu(b))
        out = depth_to_space(dec.conv_out(F.relu(h))) + 0.5
        picture = out.clamp(0, 1)
        # backward: the clamp passes the gradient inside [0, 1] only; the biases and the offset have none
        g = 2 * weight * (picture - source) * ((out >= 0) & (out <= 1)).float()
        g = transposed(space_to_depth(g), dec.conv_out) * (h > 0).float()
        for block, (h_in, b) in zip(reversed(list(dec.blocks)), reversed(saved)):
            gb = transposed(g, block.conv2) * (b > 0).float()
            g = g + transposed(gb, block.conv1) * (h_in > 0).float()
        return picture, transposed(g, dec.conv_in)


def vjp_graph(vq):
    module = DecoderVjp(vq.decoder).eval()
    d = vq.d
    z = torch.randn(1, d, 12, 10)
    x = torch.rand(1, 3, 48, 40)
    wt = torch.ones(1, 1, 48, 40)
    kwargs = dict(input_names=["latents", "source", "weight"], output_names=["picture", "gradient"],
                  opset_version=OPSET, do_constant_folding=True,
                  dynamic_axes={"latents": {2: "h", 3: "w"}, "source": {2: "H", 3: "W"}, "weight": {2: "H", 3: "W"},
                                "picture": {2: "H", 3: "W"}, "gradient": {2: "h", 3: "w"}})
    if "dynamo" in inspect.signature(torch.onnx.export).parameters:
        kwargs["dynamo"] = False
    buf = io.BytesIO()
    with torch.no_grad():
        torch.onnx.export(module, (z, x, wt), buf, **kwargs)
    model = onnx.load_from_string(buf.getvalue())
    onnx.checker.check_model(model)
    model.producer_name, model.producer_version = "vqz_export", "1"
    return model.SerializeToString()


def check(vq, module):
    """The written-out backward pass against autograd on a random input."""
    g = torch.Generator().manual_seed(0)
    z = torch.randn(1, vq.d, 20, 17, generator=g).requires_grad_(True)
    x = torch.rand(1, 3, 80, 68, generator=g)
    wt = (torch.rand(1, 1, 80, 68, generator=g) > 0.2).float()
    picture = vq.decoder(z).clamp(0, 1)
    (ref,) = torch.autograd.grad((wt * (picture - x) ** 2).sum(), z)
    with torch.no_grad():
        got_picture, got = module(z.detach(), x, wt)
    assert torch.equal(got_picture, picture.detach()), "the graph's picture differs from the decoder's"
    err = float((got - ref).abs().max() / ref.abs().max())
    assert err < 1e-4, f"decoder VJP disagrees with autograd: relative error {err}"
    return err


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("bundle", help="a layered model bundle (.vqzm)")
    p.add_argument("--out", required=True, help="a folder: the graph is written as <id>.decoder-vjp.onnx")
    a = p.parse_args(argv)
    ck = load_layered_bundle(a.bundle)
    args = ck["args"]
    vq = LayeredVQVAE(k=args["k"], d=args["d"], c=args["channels"], stages=args["stages"],
                      dec_blocks=args["decoder_blocks"], dec_channels=args["decoder_channels"])
    vq.load_state_dict(ck["vq"])
    vq.eval()
    for param in vq.parameters():
        param.requires_grad_(False)
    err = check(vq, DecoderVjp(vq.decoder))
    data = vjp_graph(vq)
    out = write_companion(a.bundle, a.out, "decoder-vjp.onnx", data)
    print(f"{a.bundle} -> {out} ({len(data)} bytes, SHA-256 {hashlib.sha256(data).hexdigest()[:12]}, "
          f"max relative error against autograd {err:.2e})")


if __name__ == "__main__":
    main()

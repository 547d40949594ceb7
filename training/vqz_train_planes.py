"""Train the v3 refinement: the latent residual after the base layer, sent as embedded deadzone planes.

The v2 refinement layers (residual VQ, 512 codewords each) cost 7.3-7.5 bits per 4x4 pixels whatever the
residual holds there. v3 keeps v2's encoder, base codebook and base prior (frozen: the base layer and its bits
do not change) and replaces the refinement stages by planes of one scalar quantiser: y = r - mu, r = z - q0,
plane j has step delta_j = delta_0 / 2^j, m_j = floor(|y| / delta_j), and each element's Laplace(mu, b) comes
from the base layer alone (PlaneContext). Plane j+1 halves every interval of plane j, so dropping trailing
planes is dropping trailing layers; each plane's binary decisions have P(1) = 1 / (1 + exp(delta_j / b)).

Trained here: the decoder, on the reconstructions q0 + mu + sign (m + 1/2) delta_j of a random plane j (and
the base layer alone), and the context network, by the Laplace likelihood of y. Validation: PSNR and bits
(base prior + exact plane bits) of every plane on the held-out crops.

  cd training
  nohup /usr/bin/python3 vqz_train_planes.py --run runs/v3-planes --init runs/v2-prior2/last.pt \\
      --minutes 240 --threads 2 > runs/v3-planes.out 2>&1 &

Rerunning the same command resumes from runs/<name>/last.pt.
"""
import argparse
import copy
import json
import math
import os
import time

import numpy as np
import torch
import torch.nn.functional as F

from vqz_config import add_common_args
from vqz_model import (PlaneCondition, PlaneContext, conditioned_plane_bits, laplace_interval_bits, laplace_nll_bits,
                       ms_ssim_rgb, plane_quantise)
from vqz_train import lr_at, prepare, progress, run_log
from vqz_train_layered import build

# delta_0 = 2^(eighths / 8): a power of 2^(1/8), so the Java side indexes its probability tables by integers
# (log2 b quantised to eighths costs < 0.05 % of the rate, measured); -6: about 8x the v2 residual's rms
DELTA0_EIGHTHS = -6


def parse_args(argv=None):
    p = argparse.ArgumentParser()
    add_common_args(p, steps=20000, lr=1e-4)
    p.add_argument("--init", required=True, help="a checkpoint of vqz_train_layered.py's prior phase")
    p.add_argument("--ctx-channels", type=int, default=64)
    p.add_argument("--ctx-lr-scale", type=float, default=10.0, help="context network's learning rate / --lr")
    p.add_argument("--planes", type=int, default=8)
    p.add_argument("--delta0-eighths", type=int, default=DELTA0_EIGHTHS, help="plane 0's step as log2 in eighths")
    p.add_argument("--base-only", type=float, default=0.1, help="share of samples decoded from the base layer")
    p.add_argument("--rate-weight", type=float, default=0.0,
                   help="0: encoder and base prior frozen; w > 0: both train too, the encoder on MSE + --beta * "
                        "commitment to the base codebook + w * (the planes' bits per pixel, as the Laplace density of "
                        "y): rate-aware latents")
    p.add_argument("--encoder-from-plane", type=int, default=0,
                   help="with --rate-weight: only samples decoded at this plane or a finer one pass their distortion's "
                        "gradient to the encoder (0: every sample, the base-only ones included)")
    p.add_argument("--residual-encoder", type=float, default=0.0, metavar="W",
                   help="W > 0: a second encoder (a copy of the base one) makes the latent the planes refine, trained "
                        "for distortion + W * 2^-j * the bits per pixel of plane j (uniform-noise proxy of the Laplace "
                        "interval); the base encoder, codebook and prior stay frozen, so the base layer never moves")
    p.add_argument("--condition-channels", type=int, default=0,
                   help="C > 0: a PlaneCondition of C channels codes the planes after --first-sent given the plane "
                        "before (trained by its bits); 0: every plane under the base layer's Laplace alone")
    p.add_argument("--ms-ssim-weight", type=float, default=0.0,
                   help="the decoder's loss: MSE + W * (1 - MS-SSIM) (0: MSE alone)")
    p.add_argument("--first-sent", type=int, default=1,
                   help="the plane a file starts with (vqz_export_planes.py --first-plane): the condition starts after it")
    p.add_argument("--init-planes", help="seed a new run's decoder and context network (and encoder and base prior, "
                                         "if it trained them) from a plane checkpoint")
    return p.parse_args(argv)


def deltas(a):
    return [2.0 ** (a.delta0_eighths / 8) / 2 ** j for j in range(a.planes)]


def plane_bits(y, log_b, steps, j, cond=None, first=1):
    """Bits per element of the planes up to plane j (steps[j]): the Laplace interval of plane j, or with a
    PlaneCondition the Laplace interval of the first plane sent and the conditioned planes after it."""
    b = torch.exp(log_b)
    if cond is None or j <= first:
        return plane_quantise(y, b, steps[j])[1]
    bits = plane_quantise(y, b, steps[first])[1]
    for i in range(first + 1, j + 1):
        bits = bits + conditioned_plane_bits(cond, y, log_b, steps[i])
    return bits


def load(a, device):
    ck = torch.load(a.init, map_location="cpu")
    shape = argparse.Namespace(**ck["args"])
    vq, base, _ = build(shape)
    vq.load_state_dict(ck["vq"]); base.load_state_dict(ck["base_prior"])
    ctx = PlaneContext(d=shape.d, c=a.ctx_channels)
    return vq.to(device), base.to(device), ctx.to(device)


@torch.no_grad()
def base_layer(vq, x, res_encoder=None):
    """-> (base indices, base codewords, the residual the planes refine: of the base latent, or of the residual
    encoder's latent where there is one)."""
    z = vq.encoder(x)
    stage = vq.quantiser.stages[0]
    idx0 = stage.indices(z)
    q0 = stage.lookup(idx0)
    return idx0, q0, (z if res_encoder is None else res_encoder(x)) - q0


def psnr_at(curve, bpp):
    """PSNR at a rate, linear in log bpp between the two points around it (None outside the curve)."""
    pts = sorted((c["bpp"], c["psnr"]) for c in curve)
    for (b0, p0), (b1, p1) in zip(pts, pts[1:]):
        if b0 <= bpp <= b1:
            return round(p0 + (p1 - p0) * math.log(bpp / b0) / math.log(b1 / b0), 3)
    return None


@torch.no_grad()
def validate(vq, base, ctx, crops, a, res_encoder=None, cond=None):
    """PSNR and cumulative bpp of the base layer alone and of every plane on the held-out crops."""
    vq.eval(); ctx.eval()
    idx0, q0, r = base_layer(vq, crops, res_encoder)
    base_bits = F.cross_entropy(base(idx0), idx0, reduction="sum").item() / math.log(2)
    pixels = crops.shape[0] * crops.shape[2] * crops.shape[3]
    mu, log_b = ctx(q0)

    def point(z_hat, bits):
        xhat = vq.decoder(z_hat).clamp(0, 1).mul(255).round().div(255)
        return dict(bpp=round((base_bits + bits) / pixels, 4),
                    psnr=round(-10 * math.log10(max(F.mse_loss(xhat, crops).item(), 1e-12)), 3),
                    ms_ssim=round(float(ms_ssim_rgb(xhat, crops).mean()), 5))

    curve = [point(q0, 0.0)]
    for j, delta in enumerate(deltas(a)):
        recon, _ = plane_quantise(r - mu, torch.exp(log_b), delta)
        curve.append(point(q0 + mu + recon, plane_bits(r - mu, log_b, deltas(a), j, cond, a.first_sent).sum().item()))
    vq.decoder.train(); ctx.train()
    return dict(val_curve=curve, val_psnr_at_1bpp=psnr_at(curve, 1.0))


def restore(ck, vq, base, ctx, res_encoder=None, cond=None):
    """Decoder and context network of a plane checkpoint, and its encoder and base prior (or residual encoder, or
    plane condition) where it has them."""
    vq.decoder.load_state_dict(ck["decoder"]); ctx.load_state_dict(ck["ctx"])
    if cond is not None and "cond" in ck:
        cond.load_state_dict(ck["cond"])
    if "encoder" in ck:
        vq.encoder.load_state_dict(ck["encoder"]); base.load_state_dict(ck["base_prior"])
    if res_encoder is not None and "res_encoder" in ck:
        res_encoder.load_state_dict(ck["res_encoder"])


def distortion(a, xhat, x):
    """The decoder's loss: MSE, plus --ms-ssim-weight times 1 - MS-SSIM."""
    mse = F.mse_loss(xhat, x)
    if a.ms_ssim_weight > 0:
        mse = mse + a.ms_ssim_weight * (1 - ms_ssim_rgb(xhat.clamp(0, 1), x)).mean()
    return mse


def residual_step(a, vq, ctx, res_encoder, x, steps, gen, device):
    """One step of --residual-encoder: the base layer from the frozen encoder, the planes' latent from the
    residual encoder; the decoder sees plane j's hard reconstruction (straight through to the residual encoder),
    the residual encoder also pays W * 2^-j * plane bits per pixel (noise proxy, mu and b fixed for it).
    -> as train_step."""
    stage = vq.quantiser.stages[0]
    with torch.no_grad():
        idx0 = stage.indices(vq.encoder(x))
        q0 = stage.lookup(idx0)
    mu, log_b = ctx(q0)
    y = res_encoder(x) - q0 - mu.detach()
    j = torch.randint(1, a.planes, (a.batch,), generator=gen)
    delta = steps[j].view(-1, 1, 1, 1).to(device)
    b = torch.exp(log_b).detach()
    recon, bits = plane_quantise(y.detach(), b, delta)
    only = (torch.rand(a.batch, generator=gen) < a.base_only).view(-1, 1, 1, 1).to(device)
    z_hat = torch.where(only, q0, q0 + mu.detach() + y + (recon - y).detach())
    mse = distortion(a, vq.decoder(z_hat), x)
    pixels = x.shape[0] * x.shape[2] * x.shape[3]
    noisy = y + (torch.rand(y.shape, generator=gen).to(device) - 0.5) * delta
    weight = (a.residual_encoder * 2.0 ** -j.float()).view(-1, 1, 1, 1).to(device) * (~only)
    rate = (weight * laplace_interval_bits(noisy, b, delta)).sum() / pixels
    fit = laplace_nll_bits(y.detach(), log_b).mean()
    rec = dict(nll_bits=round(fit.item(), 4), plane_bpp=round(bits.sum().item() / pixels, 4),
               rate_term=round(rate.item(), 7))
    return mse + rate, fit, bits, rec, (y.detach(), log_b.detach())


def train_step(a, vq, base, ctx, x, steps, gen, device):
    """-> (decoder and encoder loss, context fit (+ base prior cross-entropy), plane bits, log fields, (y, log b)
    for a plane condition's fit); the Laplace density's bits in the rate term can be negative (a density, not a
    probability): only its gradient matters."""
    joint = a.rate_weight > 0
    stage = vq.quantiser.stages[0]
    z = vq.encoder(x) if joint else vq.encoder(x).detach()
    with torch.no_grad():
        idx0 = stage.indices(z)
        q0 = stage.lookup(idx0)
    mu, log_b = ctx(q0)
    y = z.detach() - q0 - mu
    # planes 1.. (plane 0's step is so coarse that nearly every element stays 0)
    j = torch.randint(1, a.planes, (a.batch,), generator=gen)
    delta = steps[j].view(-1, 1, 1, 1).to(device)
    recon, bits = plane_quantise(y.detach(), torch.exp(log_b).detach(), delta)
    only = (torch.rand(a.batch, generator=gen) < a.base_only).view(-1, 1, 1, 1).to(device)
    z_hat = torch.where(only, q0, q0 + (mu + recon).detach())
    if joint:
        # straight through to the encoder, from the samples decoded at plane --encoder-from-plane or finer
        reach = ((j >= a.encoder_from_plane) & (~only.view(-1).cpu() | (a.encoder_from_plane == 0))).view(-1, 1, 1, 1)
        reach = reach.to(device)
        z_hat = z_hat + torch.where(reach, z - z.detach(), torch.zeros_like(z))
    mse = distortion(a, vq.decoder(z_hat), x)
    fit = laplace_nll_bits(y, log_b).mean()
    pixels = x.shape[0] * x.shape[2] * x.shape[3]
    rec = dict(nll_bits=round(fit.item(), 4), plane_bpp=round(bits.sum().item() / pixels, 4))
    if joint:
        commit = F.mse_loss(z, q0)
        # one weight for every plane: the encoder serves them all
        rate = a.rate_weight * laplace_nll_bits(z - q0 - mu.detach(), log_b.detach()).sum() / pixels
        ce = F.cross_entropy(base(idx0), idx0)
        rec.update(mse=round(mse.item(), 7), commit=round(commit.item(), 6), rate_term=round(rate.item(), 7),
                   base_bits=round(ce.item() / math.log(2), 4))
        mse = mse + a.beta * commit + rate
        fit = fit + ce
    return mse, fit, bits, rec, (y.detach(), log_b.detach())


def main(argv=None):
    a = parse_args(argv)
    device, train_set, val_crops = prepare(a)
    vq, base, ctx = load(a, device)
    vq.eval(); base.eval()
    joint = a.rate_weight > 0
    res_encoder = copy.deepcopy(vq.encoder).train() if a.residual_encoder > 0 else None
    nets = list(vq.decoder.parameters()) + (list(vq.encoder.parameters()) + list(base.parameters()) if joint else [])
    nets += list(res_encoder.parameters()) if res_encoder is not None else []
    cond = PlaneCondition(d=ctx.d, c=a.condition_channels).to(device) if a.condition_channels > 0 else None
    entropy = list(ctx.parameters()) + (list(cond.parameters()) if cond is not None else [])
    opt = torch.optim.Adam([dict(params=nets), dict(params=entropy)], lr=a.lr)
    path = os.path.join(a.run, "last.pt")
    step, seconds = 0, 0.0
    if os.path.exists(path):
        ck = torch.load(path, map_location=device)
        restore(ck, vq, base, ctx, res_encoder, cond)
        opt.load_state_dict(ck["opt"])
        torch.set_rng_state(ck["torch_rng"].cpu())
        step, seconds = ck["step"], ck["seconds"]
        print(f"resumed at step {step}", flush=True)
    elif a.init_planes:
        restore(torch.load(a.init_planes, map_location=device), vq, base, ctx, res_encoder, cond)
    else:
        ctx.start(base_layer(vq, val_crops.to(device))[2].pow(2).mean().sqrt().item())
    write = run_log(a)

    if step == 0:
        write(dict(step=0, seconds=0.0, **validate(vq, base, ctx, val_crops.to(device), a, res_encoder, cond)))
    rng = np.random.default_rng([a.seed, step])
    gen = torch.Generator().manual_seed(a.seed * 7919 + step)
    steps = torch.tensor(deltas(a))
    t0 = time.time()
    vq.decoder.train(); ctx.train()
    while True:
        frac = progress(step, seconds + time.time() - t0, a)
        if frac >= 1.0:
            break
        lr = lr_at(step, frac, a)
        opt.param_groups[0]["lr"] = lr
        opt.param_groups[1]["lr"] = lr * a.ctx_lr_scale
        x = train_set.random_batch(rng, a.batch, a.crop).to(device)
        if res_encoder is not None:
            mse, fit, bits, rec, (y, log_b) = residual_step(a, vq, ctx, res_encoder, x, steps, gen, device)
        else:
            mse, fit, bits, rec, (y, log_b) = train_step(a, vq, base, ctx, x, steps, gen, device)
        if cond is not None:
            j = int(torch.randint(a.first_sent + 1, a.planes, (1,), generator=gen))
            cond_bits = conditioned_plane_bits(cond, y, log_b, float(steps[j])).mean()
            fit = fit + cond_bits
            rec["cond_bits"] = round(cond_bits.item(), 4)
        opt.zero_grad(set_to_none=True)
        (mse + fit).backward()
        opt.step()
        step += 1
        last = progress(step, seconds + time.time() - t0, a) >= 1.0
        if step % 20 == 0 or last:
            rec = dict(step=step, seconds=round(seconds + time.time() - t0, 1), lr=lr, **{"mse": round(mse.item(), 7), **rec})
            if step % a.checkpoint_every == 0 or last:
                rec.update(validate(vq, base, ctx, val_crops.to(device), a, res_encoder, cond))
            write(rec)
        if step % a.checkpoint_every == 0 or last:
            torch.save(dict(decoder=vq.decoder.state_dict(), ctx=ctx.state_dict(), encoder=vq.encoder.state_dict(),
                            base_prior=base.state_dict(), opt=opt.state_dict(), step=step,
                            **({"res_encoder": res_encoder.state_dict()} if res_encoder is not None else {}),
                            **({"cond": cond.state_dict()} if cond is not None else {}),
                            seconds=seconds + time.time() - t0, torch_rng=torch.get_rng_state(), args=vars(a),
                            init=os.path.abspath(a.init)), path + ".tmp")
            os.replace(path + ".tmp", path)


if __name__ == "__main__":
    main()

"""Train the VQ-VAE and its PixelCNN prior; resumable from the last checkpoint.

Phase 1 trains the VQ-VAE and, alongside, the prior on the (detached) code grids of the same batch.
Phase 2 (the last --finetune fraction of steps) freezes the encoder and codebook, so the code grids no
longer move, and trains the decoder and the prior on them.

  /usr/bin/python3 training/vqz_train.py --run training/runs/main --minutes 90
"""
import argparse
import math
import os
import platform
import time

import numpy as np
import torch
import torch.nn.functional as F

from vqz_config import CODES_PER_PIXEL, MODEL_V1, add_common_args, add_shape_args
from vqz_model import VQVAE, PixelCnnPrior
from vqz_runs import lr_at, prepare, progress, run_log


def parse_args(argv=None):
    p = argparse.ArgumentParser()
    add_common_args(p, steps=4000, lr=5e-4)
    add_shape_args(p, MODEL_V1)
    p.add_argument("--finetune", type=float, default=0.15)
    p.add_argument("--init", help="start a new run from this checkpoint's weights (fresh optimisers, step 0); "
                   "ignored when the run directory already has a checkpoint to resume")
    return p.parse_args(argv)


def build(args):
    vq = VQVAE(k=args.k, d=args.d, c=args.channels)
    prior = PixelCnnPrior(k=args.k, c=args.prior_channels, layers=args.prior_layers)
    return vq, prior


@torch.no_grad()
def validate(vq, prior, crops, device):
    vq.eval(); prior.eval()
    x = crops.to(device)
    xhat, idx, _, _ = vq(x)
    mse = F.mse_loss(xhat.clamp(0, 1).mul(255).round().div(255), x).item()
    logits = prior(idx)
    bits = F.cross_entropy(logits, idx).item() / math.log(2)
    used = torch.unique(idx).numel()
    vq.train(); prior.train()
    return 10 * math.log10(1.0 / max(mse, 1e-12)), bits, bits * CODES_PER_PIXEL, used


def main():
    args = parse_args()
    device, train_set, val_crops = prepare(args)

    vq, prior = build(args)
    vq.to(device); prior.to(device)
    opt_vq = torch.optim.Adam(list(vq.encoder.parameters()) + list(vq.decoder.parameters()), lr=args.lr)
    opt_prior = torch.optim.Adam(prior.parameters(), lr=args.lr)
    step, seconds = 0, 0.0
    ckpt_path = os.path.join(args.run, "last.pt")
    if os.path.exists(ckpt_path):
        ck = torch.load(ckpt_path, map_location=device)
        vq.load_state_dict(ck["vq"]); prior.load_state_dict(ck["prior"])
        opt_vq.load_state_dict(ck["opt_vq"]); opt_prior.load_state_dict(ck["opt_prior"])
        step, seconds = ck["step"], ck["seconds"]
        torch.set_rng_state(ck["torch_rng"].cpu())  # map_location may have moved it to the GPU
        print(f"resumed at step {step}", flush=True)
    elif args.init:
        ck = torch.load(args.init, map_location=device)
        vq.load_state_dict(ck["vq"]); prior.load_state_dict(ck["prior"])
        print(f"initialised from {args.init} (step {ck['step']})", flush=True)
    rng = np.random.default_rng([args.seed, step])
    write = run_log(args)
    t0 = time.time()
    while True:
        frac = progress(step, seconds + time.time() - t0, args)
        if frac >= 1.0:
            break
        frozen = frac >= 1 - args.finetune
        lr = lr_at(step, frac, args)
        for g in opt_vq.param_groups + opt_prior.param_groups:
            g["lr"] = lr
        x = train_set.random_batch(rng, args.batch, args.crop).to(device)
        if frozen:
            vq.encoder.eval(); vq.quantiser.eval()
            with torch.no_grad():
                z = vq.encoder(x)
                idx = vq.quantiser.indices(z)
            xhat = vq.decode_indices(idx)
            mse = F.mse_loss(xhat, x)
            loss = mse
            commit = torch.zeros(())
        else:
            xhat, idx, commit, z = vq(x)
            mse = F.mse_loss(xhat, x)
            loss = mse + args.beta * commit
        opt_vq.zero_grad(set_to_none=True)
        loss.backward()
        opt_vq.step()
        logits = prior(idx.detach())
        ce = F.cross_entropy(logits, idx.detach())
        opt_prior.zero_grad(set_to_none=True)
        ce.backward()
        opt_prior.step()
        restarted = 0
        if not frozen and step % 50 == 0 and step > 0:
            restarted = vq.quantiser.restart_dead(z)
        step += 1
        last = progress(step, seconds + time.time() - t0, args) >= 1.0
        if step % 20 == 0 or last:
            elapsed = seconds + time.time() - t0
            rec = dict(step=step, seconds=round(elapsed, 1), lr=lr, mse=mse.item(),
                       psnr=10 * math.log10(1 / max(mse.item(), 1e-12)), commit=float(commit),
                       prior_bits=ce.item() / math.log(2), restarted=restarted, frozen=frozen)
            if step % args.checkpoint_every == 0 or last:
                vp, vb, vbpp, used = validate(vq, prior, val_crops, device)
                rec.update(val_psnr=vp, val_bits_per_code=vb, val_bpp=vbpp, val_codes_used=used)
            write(rec)
        if step % args.checkpoint_every == 0 or last:
            elapsed = seconds + time.time() - t0
            tmp = ckpt_path + ".tmp"
            torch.save(dict(vq=vq.state_dict(), prior=prior.state_dict(), opt_vq=opt_vq.state_dict(),
                            opt_prior=opt_prior.state_dict(), step=step, seconds=elapsed,
                            torch_rng=torch.get_rng_state(), args=vars(args),
                            machine=f"{platform.machine()} {platform.processor()} {os.cpu_count()} cpus, torch {torch.__version__}, {device}"),
                       tmp)
            os.replace(tmp, ckpt_path)


if __name__ == "__main__":
    main()

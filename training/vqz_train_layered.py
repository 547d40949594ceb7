"""Train the layered (v2) model; resumable from the last checkpoint, seeded from a shipped bundle.

Two phases, each its own run directory, so a long phase can move between machines:

  --phase vq     the encoder, the residual codebooks and the decoder, with quantiser dropout: each sample
                 decodes from its first n layers, n uniform in 1..S half of the time, all S otherwise, so
                 one decoder serves every layer count. Seeded from a v1 bundle (--init-bundle: encoder,
                 decoder, base codebook) or a checkpoint (--init); new stages start from k-means on the
                 residuals the stages before them leave.
  --phase prior  encoder and codebooks frozen, so the grids no longer move: the base PixelCNN (seeded
                 from the bundle's prior) and one refinement prior per stage are trained on the grids.

  cd training
  nohup /usr/bin/python3 vqz_train_layered.py --run runs/v2-vq --phase vq --steps 40000 --threads 2 \\
      --init-bundle ../codec/src/main/resources/io/vqz/codec/vqz-f4-k512-v1.vqzm > runs/v2-vq.out 2>&1 &

Rerunning the same command resumes from runs/<name>/last.pt (deterministic data order and schedule).
"""
import argparse
import json
import math
import os
import platform
import time

import numpy as np
import torch
import torch.nn.functional as F

from vqz_config import CODES_PER_PIXEL, MODEL_V2, add_common_args, add_shape_args, layered_vq
from vqz_model import PixelCnnPrior, RefinementPrior, fit_rate_constrained
from vqz_runs import lr_at, prepare, progress, run_log



def parse_args(argv=None):
    p = argparse.ArgumentParser()
    add_common_args(p, steps=40000, lr=3e-4)
    add_shape_args(p, MODEL_V2)
    p.add_argument("--phase", choices=["vq", "prior"], required=True)
    p.add_argument("--stages", type=int, default=MODEL_V2["stages"], help="layers: the base and S-1 refinements")
    p.add_argument("--refine-layers", type=int, default=MODEL_V2["refine_layers"])
    p.add_argument("--refine-channels", type=int, default=MODEL_V2["refine_channels"],
                   help="refinement priors' channels (0: --prior-channels). Java cost per position, 512 codes: "
                        "C=64 L=2 13 us, C=32 L=1 6 us (docs/DESIGN.md)")
    p.add_argument("--dropout", type=float, default=0.5, help="share of samples decoded from fewer layers")
    p.add_argument("--init-bundle", help="seed a new run from a shipped *.vqzm (vqz_import.py)")
    p.add_argument("--init", help="seed a new run from a checkpoint (v1, or this trainer's vq phase)")
    p.add_argument("--rate-weights", type=_weights, default=None,
                   help="entropy-constrained refinement codebooks: rate weights of stages 1..S-1 (squared latent "
                        "distance per bit, e.g. 0.003,0.002,0.001,0.0005), fitted on the training latents when the "
                        "run is seeded; the codes are then chosen with them in training, export and the Java encoder")
    return p.parse_args(argv)


def _weights(text):
    return [float(w) for w in text.split(",")]


def build(a):
    vq = layered_vq(a)
    base = PixelCnnPrior(k=a.k, c=a.prior_channels, layers=a.prior_layers)
    c = getattr(a, "refine_channels", 0) or a.prior_channels
    refine = torch.nn.ModuleList([RefinementPrior(k=a.k, d=a.d, c=c, layers=a.refine_layers)
                                  for _ in range(a.stages - 1)])
    return vq, base, refine


@torch.no_grad()
def kmeans(data, k, iters, gen):
    centres = data[torch.randperm(data.shape[0], generator=gen)[:k]].clone()
    for _ in range(iters):
        dist = (data * data).sum(1, keepdim=True) - 2 * data @ centres.t() + (centres * centres).sum(1)[None]
        assign = dist.argmin(1)
        sums = torch.zeros_like(centres).index_add_(0, assign, data)
        counts = torch.bincount(assign, minlength=k).float()
        empty = counts == 0
        centres = torch.where(empty[:, None], data[torch.randint(0, data.shape[0], (k,), generator=gen)],
                              sums / counts.clamp(min=1)[:, None])
    return centres


@torch.no_grad()
def seed(vq, base, a, train_set, device):
    """Weights from a bundle or checkpoint; refinement codebooks by k-means on the residuals."""
    if a.init_bundle:
        from vqz_import import load_bundle
        v1, v1_prior, _ = load_bundle(a.init_bundle)
        src, prior_state = v1.state_dict(), v1_prior.state_dict()
    else:
        ck = torch.load(a.init, map_location="cpu")
        src, prior_state = ck["vq"], ck.get("base_prior", ck.get("prior"))
    def rename(key):  # a v1 quantiser is the v2 base stage
        single = key.startswith("quantiser.") and not key.startswith("quantiser.stages.")
        return key.replace("quantiser.", "quantiser.stages.0.", 1) if single else key

    src = {rename(k): t for k, t in src.items()}
    own = vq.state_dict()
    own.update({k: t for k, t in src.items() if k in own and own[k].shape == t.shape})
    vq.load_state_dict(own)
    if prior_state is not None:
        base.load_state_dict(prior_state)
    fresh = [s for s in range(len(vq.quantiser)) if f"quantiser.stages.{s}.embed" not in src]
    if not fresh:
        return
    gen = torch.Generator().manual_seed(a.seed)
    rng = np.random.default_rng([a.seed, 999])
    z = vq.encoder(train_set.random_batch(rng, 64, a.crop).to(device))
    residual = z
    for s, quantiser in enumerate(vq.quantiser.stages):
        flat = residual.permute(0, 2, 3, 1).reshape(-1, a.d)
        if s in fresh:
            centres = kmeans(flat.cpu(), a.k, 25, gen).to(device)
            quantiser.embed.copy_(centres)
            quantiser.embed_sum.copy_(centres)
            quantiser.cluster_size.fill_(1.0)
        residual = residual - quantiser.lookup(quantiser.indices(residual))
    print(f"k-means seeded stages {fresh}", flush=True)


def layer_counts(batch, a, gen, device):
    n = torch.full((batch,), a.stages, dtype=torch.long)
    drop = torch.rand(batch, generator=gen) < a.dropout
    n[drop] = torch.randint(1, a.stages + 1, (int(drop.sum()),), generator=gen)
    return n.to(device)


def coarse_sums(vq, idx):
    """[B,S,H,W] -> list over s >= 1 of the summed codewords of layers 0..s-1 (the refinement's context)."""
    out, total = [], None
    for s in range(idx.shape[1] - 1):
        q = vq.quantiser.stages[s].lookup(idx[:, s])
        total = q if total is None else total + q
        out.append(total)
    return out


def prior_loss(vq, base, refine, idx):
    """Mean cross-entropy (nats) per layer, [S]."""
    ces = [F.cross_entropy(base(idx[:, 0]), idx[:, 0])]
    for s, ctx in enumerate(coarse_sums(vq, idx)):
        ces.append(F.cross_entropy(refine[s](idx[:, s + 1], ctx), idx[:, s + 1]))
    return torch.stack(ces)


@torch.no_grad()
def validate(vq, base, refine, crops, device, with_priors):
    """PSNR for each layer count and bits per code of each layer (order-0 entropy, and the priors')."""
    was = vq.training
    vq.eval(); base.eval(); refine.eval()
    x = crops.to(device)
    z = vq.encoder(x)
    idx = vq.quantiser.indices(z)
    rec = dict(val_psnr=[], val_bits0=[], val_codes_used=[])
    for n in range(1, idx.shape[1] + 1):
        xhat = vq.decode_indices(idx[:, :n]).clamp(0, 1).mul(255).round().div(255)
        rec["val_psnr"].append(round(10 * math.log10(1.0 / max(F.mse_loss(xhat, x).item(), 1e-12)), 3))
        counts = torch.bincount(idx[:, n - 1].reshape(-1), minlength=vq.k).double()
        p = counts[counts > 0] / counts.sum()
        rec["val_bits0"].append(round(float(-(p * p.log2()).sum()), 3))
        rec["val_codes_used"].append(int((counts > 0).sum()))
    if with_priors:
        bits = (prior_loss(vq, base, refine, idx) / math.log(2)).tolist()
        rec["val_bits"] = [round(b, 4) for b in bits]
        rec["val_bpp_cum"] = [round(sum(bits[:n]) * CODES_PER_PIXEL, 4) for n in range(1, len(bits) + 1)]
    vq.train(was); base.train(); refine.train()
    return rec


def resume(a, nets, opts, train_set, device):
    """Weights, optimisers, step and seconds from runs/<name>/last.pt; else seeded (bundle or checkpoint)."""
    vq, base, refine = nets
    ckpt_path = os.path.join(a.run, "last.pt")
    if os.path.exists(ckpt_path):
        ck = torch.load(ckpt_path, map_location=device)
        vq.load_state_dict(ck["vq"]); base.load_state_dict(ck["base_prior"]); refine.load_state_dict(ck["refine"])
        opts[0].load_state_dict(ck["opt_vq"]); opts[1].load_state_dict(ck["opt_prior"])
        torch.set_rng_state(ck["torch_rng"].cpu())
        print(f"resumed at step {ck['step']}", flush=True)
        return ck["step"], ck["seconds"]
    if a.init_bundle or a.init:
        if a.init and not a.init_bundle:
            ck = torch.load(a.init, map_location="cpu")
            seed_refinement_priors(refine, ck.get("refine"))
        seed(vq, base, a, train_set, device)
        if a.rate_weights:
            if len(a.rate_weights) != a.stages - 1:
                raise SystemExit(f"--rate-weights needs {a.stages - 1} values, one per refinement stage")
            fit_rate_weights(vq, a, train_set, device)
    return 0, 0.0


def seed_refinement_priors(refine, state):
    """Refinement priors from a checkpoint's: each stage's own where the shapes match; a stage the checkpoint
    lacks (more stages now) starts from the last one it has; another prior shape starts afresh."""
    if not state:
        return
    own = refine[0].state_dict()
    per_stage = {}
    for key, t in state.items():
        stage, _, name = key.partition(".")
        per_stage.setdefault(int(stage), {})[name] = t
    if any(set(w) != set(own) or any(w[k].shape != own[k].shape for k in own) for w in per_stage.values()):
        return
    for s, prior in enumerate(refine):
        prior.load_state_dict(per_stage[min(s, max(per_stage))])


@torch.no_grad()
def fit_rate_weights(vq, a, train_set, device, batches=16):
    """Refits the refinement codebooks as entropy-constrained ones on the encoder's latents of fresh crops."""
    rng = np.random.default_rng([a.seed, 4242])
    was = vq.training
    vq.eval()
    z = torch.cat([vq.encoder(train_set.random_batch(rng, a.batch, a.crop).to(device)) for _ in range(batches)])
    fit_rate_constrained(vq.quantiser, z.permute(0, 2, 3, 1).reshape(-1, a.d), a.rate_weights)
    vq.train(was)
    print(f"rate-constrained stages fitted, weights {a.rate_weights}", flush=True)


def train_step(a, nets, opts, x, gen, device):
    """One optimisation step of the phase -> (mse, log fields, latents or None)."""
    vq, base, refine = nets
    opt_vq, opt_prior = opts
    rec = dict()
    z = None
    if a.phase == "vq":
        n = layer_counts(a.batch, a, gen, device)
        xhat, idx, commits, z = vq(x, n)
        mse = F.mse_loss(xhat, x)
        loss = mse + a.beta * commits.mean()
        rec.update(commit=round(commits.mean().item(), 6))
    else:
        vq.encoder.eval(); vq.quantiser.eval()
        with torch.no_grad():
            idx = vq.quantiser.indices(vq.encoder(x))
        n = layer_counts(a.batch, a, gen, device)
        keep = torch.arange(a.stages, device=device)[None, :, None, None] < n[:, None, None, None]
        q = sum(torch.where(keep[:, s:s + 1], vq.quantiser.stages[s].lookup(idx[:, s]), torch.zeros(()))
                for s in range(a.stages))
        mse = F.mse_loss(vq.decoder(q), x)
        loss = mse
        ce = prior_loss(vq, base, refine, idx)
        opt_prior.zero_grad(set_to_none=True)
        ce.sum().backward()
        opt_prior.step()
        rec.update(prior_bits=[round(b, 3) for b in (ce / math.log(2)).tolist()])
    opt_vq.zero_grad(set_to_none=True)
    loss.backward()
    opt_vq.step()
    return mse, rec, z


def save_checkpoint(a, nets, opts, step, seconds, machine):
    """runs/<name>/last.pt, written to a temporary file and renamed (a kill never leaves half a checkpoint)."""
    vq, base, refine = nets
    path = os.path.join(a.run, "last.pt")
    torch.save(dict(vq=vq.state_dict(), base_prior=base.state_dict(), refine=refine.state_dict(),
                    opt_vq=opts[0].state_dict(), opt_prior=opts[1].state_dict(), step=step, seconds=seconds,
                    torch_rng=torch.get_rng_state(), args=vars(a), machine=machine), path + ".tmp")
    os.replace(path + ".tmp", path)


def main(argv=None):
    a = parse_args(argv)
    device, train_set, val_crops = prepare(a)
    nets = build(a)
    vq, base, refine = nets
    vq.to(device); base.to(device); refine.to(device)
    vq_phase = a.phase == "vq"
    params = (list(vq.encoder.parameters()) if vq_phase else []) + list(vq.decoder.parameters())
    opts = (torch.optim.Adam(params, lr=a.lr),
            torch.optim.Adam(list(base.parameters()) + list(refine.parameters()), lr=a.lr))
    step, seconds = resume(a, nets, opts, train_set, device)
    gen = torch.Generator().manual_seed(a.seed * 7919 + step)
    rng = np.random.default_rng([a.seed, step])
    write = run_log(a)

    if step == 0:
        write(dict(step=0, seconds=0.0, **validate(vq, base, refine, val_crops, device, not vq_phase)))
    t0 = time.time()
    machine = f"{platform.machine()} {os.cpu_count()} cpus, torch {torch.__version__}, {device}"
    while True:
        frac = progress(step, seconds + time.time() - t0, a)
        if frac >= 1.0:
            break
        lr = lr_at(step, frac, a)
        for g in opts[0].param_groups + opts[1].param_groups:
            g["lr"] = lr
        x = train_set.random_batch(rng, a.batch, a.crop).to(device)
        mse, rec, z = train_step(a, nets, opts, x, gen, device)
        restarted = 0
        if vq_phase and step % 50 == 0 and step > 0:
            restarted = vq.quantiser.restart_dead(z)
        step += 1
        last = progress(step, seconds + time.time() - t0, a) >= 1.0
        if step % 20 == 0 or last:
            rec = dict(step=step, seconds=round(seconds + time.time() - t0, 1), lr=lr, mse=mse.item(),
                       psnr=10 * math.log10(1 / max(mse.item(), 1e-12)), restarted=restarted, **rec)
            if step % a.checkpoint_every == 0 or last:
                rec.update(validate(vq, base, refine, val_crops, device, not vq_phase))
            write(rec)
        if step % a.checkpoint_every == 0 or last:
            save_checkpoint(a, nets, opts, step, seconds + time.time() - t0, machine)


if __name__ == "__main__":
    main()

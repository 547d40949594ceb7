"""Train a cheaper decoder network for a layered model whose encoder, codebooks and priors stay as they are.

The codes do not move (the encoder and the codebooks are frozen), so the priors, the groups and every bit a file
spends stay the same: only the pixels the decoder makes of the codes change, and with them the decode time (the
decoder network is about half of a warm decode at the default quality, docs/DESIGN.md "Decode time"). The new
decoder starts from --from's where their shapes allow (the first blocks; with fewer channels, the first channels
of each weight) and trains on the training crops' pixels with the layer dropout of vqz_train_layered.py's vq phase
(each sample decoded from its first n layers, n uniform in 1..S half of the time), so one decoder still serves
every layer count.

  cd training
  nohup /usr/bin/python3 vqz_train_decoder.py --run runs/v23-dec2 --from runs/v22n-more.pt --decoder-blocks 2 \\
      --minutes 150 --threads 2 > runs/v23-dec2.out 2>&1 &
  /usr/bin/python3 vqz_train_decoder.py --run runs/v23-dec2 --from runs/v22n-more.pt --decoder-blocks 2 \\
      --out runs/v23-dec2.pt      # --from's checkpoint with the trained decoder: what vqz_export_layered.py takes

Rerunning the same command resumes from runs/<name>/last.pt.
"""
import argparse
import math
import os
import platform
import time
import types

import numpy as np
import torch
import torch.nn.functional as F

from vqz_config import TRAIN, layered_vq
from vqz_runs import lr_at, prepare, progress, run_log


def parse_args(argv=None):
    p = argparse.ArgumentParser()
    p.add_argument("--run", required=True, help="run directory: checkpoints and log")
    p.add_argument("--from", dest="source", required=True, help="a layered checkpoint (vqz_train_priors.py --out)")
    p.add_argument("--decoder-channels", type=int, default=0, help="0: --from's")
    p.add_argument("--decoder-blocks", type=int, default=0, help="0: --from's")
    p.add_argument("--out", help="write --from's checkpoint with this run's decoder here, then stop")
    p.add_argument("--data", default=None)
    p.add_argument("--src", default=None)
    p.add_argument("--steps", type=int, default=20000)
    p.add_argument("--minutes", type=float, default=0)
    p.add_argument("--batch", type=int, default=TRAIN["batch"])
    p.add_argument("--crop", type=int, default=TRAIN["crop"])
    p.add_argument("--lr", type=float, default=1e-4)
    p.add_argument("--dropout", type=float, default=0.5, help="share of samples decoded from fewer layers")
    p.add_argument("--seed", type=int, default=TRAIN["seed"])
    p.add_argument("--threads", type=int, default=0)
    p.add_argument("--checkpoint-every", type=int, default=TRAIN["checkpoint_every"])
    p.add_argument("--device", default="cuda" if torch.cuda.is_available() else "cpu")
    a = p.parse_args(argv)
    from vqz_config import PATHS
    a.data, a.src = a.data or PATHS["data"], a.src or PATHS["src"]
    return a


def shapes(a, ck):
    """--from's args with this run's decoder shape."""
    args = dict(ck["args"])
    args["decoder_channels"] = a.decoder_channels or args.get("decoder_channels", 0) or args["channels"]
    args["decoder_blocks"] = a.decoder_blocks or args.get("decoder_blocks", 0) or 3
    return args


def build(a, ck):
    """-> (teacher vq as in --from, student vq with the new decoder, seeded from the teacher's)."""
    teacher = layered_vq(types.SimpleNamespace(**ck["args"]))
    teacher.load_state_dict(ck["vq"])
    student = layered_vq(types.SimpleNamespace(**shapes(a, ck)))
    own = student.state_dict()
    for key, t in ck["vq"].items():
        if key in own:
            own[key] = t[tuple(slice(0, n) for n in own[key].shape)].clone() if t.dim() else t.clone()
    student.load_state_dict(own)
    return teacher.eval(), student


@torch.no_grad()
def summed_codewords(vq, x, n, stages):
    """The decoder's input for crops x decoded from their first n[b] layers."""
    idx = vq.quantiser.indices(vq.encoder(x))
    keep = torch.arange(stages, device=x.device)[None, :, None, None] < n[:, None, None, None]
    return sum(torch.where(keep[:, s:s + 1], vq.quantiser.stages[s].lookup(idx[:, s]), torch.zeros(()))
               for s in range(stages))


@torch.no_grad()
def validate(teacher, student, crops, stages):
    """PSNR of the student (and --from's decoder) for each layer count on the held-out crops."""
    x = crops
    rec = dict(val_psnr=[], val_psnr_from=[])
    for k in range(1, stages + 1):
        q = summed_codewords(teacher, x, torch.full((x.shape[0],), k, dtype=torch.long), stages)
        for name, dec in (("val_psnr", student.decoder), ("val_psnr_from", teacher.decoder)):
            xhat = dec(q).clamp(0, 1).mul(255).round().div(255)
            rec[name].append(round(10 * math.log10(1.0 / max(F.mse_loss(xhat, x).item(), 1e-12)), 3))
    return rec


def main(argv=None):
    a = parse_args(argv)
    ck = torch.load(a.source, map_location="cpu")
    stages = ck["args"]["stages"]
    device, train_set, val_crops = prepare(a)
    teacher, student = build(a, ck)
    teacher.to(device); student.to(device)
    decoder = student.decoder
    opt = torch.optim.Adam(decoder.parameters(), lr=a.lr)
    path = os.path.join(a.run, "last.pt")
    step, seconds = 0, 0.0
    if os.path.exists(path):
        state = torch.load(path, map_location=device)
        decoder.load_state_dict(state["decoder"]); opt.load_state_dict(state["opt"])
        step, seconds = state["step"], state["seconds"]
        print(f"resumed at step {step}", flush=True)
    if a.out:
        # the student is --from's model (its other weights copied as they are) with this run's decoder
        torch.save(dict(ck, vq=student.state_dict(), args=shapes(a, ck), step=step, seconds=seconds,
                        decoder_from=a.source), a.out)
        print(f"wrote {a.out}: --from's checkpoint with the decoder of {a.run} at step {step}")
        return
    write = run_log(a)
    val = val_crops.to(device)
    if step == 0:
        write(dict(step=0, seconds=0.0, **validate(teacher, student, val, stages)))
    gen = torch.Generator().manual_seed(a.seed * 7919 + step)
    rng = np.random.default_rng([a.seed, step])
    machine = f"{platform.machine()} {os.cpu_count()} cpus, torch {torch.__version__}, {device}"
    t0 = time.time()
    while True:
        frac = progress(step, seconds + time.time() - t0, a)
        if frac >= 1.0:
            break
        lr = lr_at(step, frac, a)
        for g in opt.param_groups:
            g["lr"] = lr
        x = train_set.random_batch(rng, a.batch, a.crop).to(device)
        n = torch.full((a.batch,), stages, dtype=torch.long)
        drop = torch.rand(a.batch, generator=gen) < a.dropout
        n[drop] = torch.randint(1, stages + 1, (int(drop.sum()),), generator=gen)
        mse = F.mse_loss(decoder(summed_codewords(teacher, x, n.to(device), stages)), x)
        opt.zero_grad(set_to_none=True)
        mse.backward()
        opt.step()
        step += 1
        last = progress(step, seconds + time.time() - t0, a) >= 1.0
        if step % 20 == 0 or last:
            rec = dict(step=step, seconds=round(seconds + time.time() - t0, 1), lr=lr, mse=mse.item(),
                       psnr=10 * math.log10(1 / max(mse.item(), 1e-12)))
            if step % a.checkpoint_every == 0 or last:
                rec.update(validate(teacher, student, val, stages))
            write(rec)
        if step % a.checkpoint_every == 0 or last:
            torch.save(dict(decoder=decoder.state_dict(), opt=opt.state_dict(), step=step,
                            seconds=seconds + time.time() - t0, machine=machine, args=vars(a)), path + ".tmp")
            os.replace(path + ".tmp", path)


if __name__ == "__main__":
    main()

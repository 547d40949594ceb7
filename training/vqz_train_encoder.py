"""Train a cheaper encoder network for a layered model whose codebooks, priors and decoder stay as they are: the
encoder of the fastest effort level (issue 31, `vqz encode --effort 0`).

Any codes are a valid file for the model's decoder, so a smaller network that lands near the full encoder's
latents writes files every decoder reads, the same model id in the header, at a fraction of the encoder network's
time (about a third of a warm encode at the default quality). The student has --channels channels and --blocks
residual blocks, starts from the teacher's first channels of each weight, and learns the teacher's latents (mean
squared error, distillation) on the training crops; validation: PSNR per layer count on held-out crops, the student's
greedy codes decoded by the model's decoder, beside the teacher's.

  cd training
  nohup /usr/bin/python3 vqz_train_encoder.py --run runs/e1-enc64 --from runs/v22-default.pt --channels 64 \\
      --minutes 120 --threads 1 > runs/e1-enc64.out 2>&1 &
  /usr/bin/python3 vqz_train_encoder.py --run runs/e1-enc64 --from runs/v22-default.pt --channels 64 \\
      --export ../codec/src/main/resources/io/vqz/codec/analysis/   # <model id>.encoder-fast.onnx

(`--from`: a layered checkpoint, e.g. the shipped default imported by vqz_import.py.) Rerunning the same command
resumes from runs/<name>/last.pt.
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

from vqz_bundle import onnx_bytes, write_companion
from vqz_config import add_common_args, layered_vq
from vqz_model import Encoder
from vqz_runs import lr_at, prepare, progress, run_log


def parse_args(argv=None):
    p = argparse.ArgumentParser()
    add_common_args(p, steps=20000, lr=5e-4)
    p.add_argument("--from", dest="source", required=True, help="a layered checkpoint")
    p.add_argument("--channels", type=int, default=64)
    p.add_argument("--blocks", type=int, default=2)
    p.add_argument("--export", help="write the student's encoder.onnx into this folder as <id>.encoder-fast.onnx, "
                                    "<id> from --bundle, then stop")
    p.add_argument("--bundle", default="../codec/src/main/resources/io/vqz/codec/default.vqzm")
    return p.parse_args(argv)


def build(a, ck):
    """-> (teacher vq as in --from, student encoder seeded from the teacher's first channels)."""
    teacher = layered_vq(types.SimpleNamespace(**ck["args"]))
    teacher.load_state_dict(ck["vq"])
    student = Encoder(a.channels, ck["args"]["d"], a.blocks)
    own = student.state_dict()
    for key, t in ck["vq"].items():
        if key.startswith("encoder.") and key[8:] in own:
            k = key[8:]
            own[k] = t[tuple(slice(0, n) for n in own[k].shape)].clone() if t.dim() else t.clone()
    student.load_state_dict(own)
    return teacher.eval(), student


@torch.no_grad()
def validate(teacher, student, x, stages):
    rec = dict(val_psnr=[], val_psnr_teacher=[])
    zs, zt = student(x), teacher.encoder(x)
    for k in range(1, stages + 1):
        for name, z in (("val_psnr", zs), ("val_psnr_teacher", zt)):
            xhat = teacher.decode_indices(teacher.quantiser.indices(z, k)).clamp(0, 1).mul(255).round().div(255)
            rec[name].append(round(10 * math.log10(1.0 / max(F.mse_loss(xhat, x).item(), 1e-12)), 3))
    rec["val_latent_mse"] = round(F.mse_loss(zs, zt).item(), 6)
    return rec


def export(a, student):
    data = onnx_bytes(student.eval(), torch.rand(1, 3, 64, 64), "image", ["latents"],
                      {"image": {2: "H", 3: "W"}, "latents": {2: "h", 3: "w"}})
    out = write_companion(a.bundle, a.export, "encoder-fast.onnx", data)
    print(f"wrote {out} ({len(data)} bytes)")


def main(argv=None):
    a = parse_args(argv)
    ck = torch.load(a.source, map_location="cpu")
    stages = ck["args"]["stages"]
    teacher, student = build(a, ck)
    path = os.path.join(a.run, "last.pt")
    step, seconds = 0, 0.0
    opt = torch.optim.Adam(student.parameters(), lr=a.lr)
    if os.path.exists(path):
        state = torch.load(path, map_location="cpu")
        student.load_state_dict(state["encoder"]); opt.load_state_dict(state["opt"])
        step, seconds = state["step"], state["seconds"]
        print(f"resumed at step {step}", flush=True)
    if a.export:
        export(a, student)
        return
    device, train_set, val_crops = prepare(a)
    teacher.to(device); student.to(device)
    for p in teacher.parameters():
        p.requires_grad_(False)
    write = run_log(a)
    val = val_crops.to(device)
    if step == 0:
        write(dict(step=0, seconds=0.0, **validate(teacher, student, val, stages)))
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
        with torch.no_grad():
            target = teacher.encoder(x)
        loss = F.mse_loss(student(x), target)
        opt.zero_grad(set_to_none=True)
        loss.backward()
        opt.step()
        step += 1
        last = progress(step, seconds + time.time() - t0, a) >= 1.0
        if step % 20 == 0 or last:
            rec = dict(step=step, seconds=round(seconds + time.time() - t0, 1), lr=lr, latent_mse=loss.item())
            if step % (5 * a.checkpoint_every) == 0 or last:
                rec.update(validate(teacher, student, val, stages))
            write(rec)
        if step % a.checkpoint_every == 0 or last:
            torch.save(dict(encoder=student.state_dict(), opt=opt.state_dict(), step=step,
                            seconds=seconds + time.time() - t0, machine=machine, args=vars(a)), path + ".tmp")
            os.replace(path + ".tmp", path)


if __name__ == "__main__":
    main()

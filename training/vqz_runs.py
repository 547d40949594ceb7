"""What every trainer of this folder shares: the run directory and its log, the learning-rate schedule, the wall-time
progress, the data, and slimming a checkpoint for another machine. Kept apart from the trainers (vqz_train.py
for the first single-layer model, vqz_train_layered.py, vqz_train_priors.py) so the live pipeline imports no
helper from a v1 script.
"""
import json
import math
import os

import torch

from vqz_data import ImageSet, pack


def progress(step, seconds, args):
    """Fraction of the run done: by wall time with --minutes, else by steps."""
    if args.minutes > 0:
        return seconds / (60.0 * args.minutes)
    return step / args.steps


def run_log(args):
    """Writes the run's args.json -> write(rec): one JSON line to runs/<name>/log.jsonl and to stdout."""
    with open(os.path.join(args.run, "args.json"), "w") as f:
        json.dump(vars(args), f, indent=1)
    log = open(os.path.join(args.run, "log.jsonl"), "a")

    def write(rec):
        print(json.dumps(rec), flush=True)
        log.write(json.dumps(rec) + "\n")
        log.flush()

    return write


def slim(src, dst):
    """A checkpoint without its optimisers' state (about half the size), for --init on another machine: the
    device tool carries 64 MiB, and the compact data set takes 51 MB of it.

      cd training && /usr/bin/python3 -c "from vqz_runs import slim; slim('runs/v2-vq/last.pt', 'runs/v2-vq/slim.pt')"
    """
    ck = torch.load(src, map_location="cpu")
    torch.save({k: v for k, v in ck.items() if not k.startswith("opt")}, dst)


def lr_at(step, frac, args):
    warm = 200
    if step < warm:
        return args.lr * (step + 1) / warm
    return args.lr * (0.1 + 0.9 * 0.5 * (1 + math.cos(math.pi * min(1.0, frac))))


def prepare(args):
    """Threads, run directory, the packed data (packed on first use), seed -> (device, training set, held-out
    256 x 256 centre crops). Shared by every trainer."""
    if args.threads:
        torch.set_num_threads(args.threads)
    os.makedirs(args.run, exist_ok=True)
    if not os.path.exists(args.data):
        os.makedirs(os.path.dirname(os.path.abspath(args.data)), exist_ok=True)
        pack(args.src, args.data)
    torch.manual_seed(args.seed)
    return torch.device(args.device), ImageSet(args.data, False), ImageSet(args.data, True).validation_crops(256)

"""Train a layered model's priors on cached codes, the encoder and codebooks frozen: priors of another shape
(a narrower or shallower base PixelCNN, for decode speed) without rerunning the networks at every step.

The codes of the training crops are computed once by the checkpoint's encoder (as the Java encoder at quality
100 chooses them: nearest codewords, the rate-weighted choice of the refinement stages included) and kept in
runs/<name>/codes.pt, with a quarter as many of half-resolution crops (2x2 means of 256² crops, a quarter of the
batches): what the model's half-resolution form codes at the lowest qualities. Each step is then only the priors'
forward and backward pass over code crops, many times cheaper than a step of vqz_train_layered.py's prior phase.

  cd training
  nohup /usr/bin/python3 vqz_train_priors.py --run runs/v22n --from runs/v22-prior/last.pt --layers 0,1,2,3,4,5 \\
      --groups 32 --prior-channels 32 --prior-layers 2 --refine-channels 16 --refine-layers 1 --minutes 80 \\
      --threads 2 > runs/v22n.out 2>&1 &

With --groups the priors train for the two-level alphabet directly (the group head and the member rows: the bits
the decoder pays), the groups fixed up front from --from's priors. The layers not trained keep --from's priors (or
--graft's, see below). Rerunning the same command resumes from
runs/<name>/last.pt. The checkpoint has vqz_train_layered.py's layout (vq, base_prior, refine, args), so
vqz_groups.py and vqz_export_layered.py take it as they are. To put the trained priors on a later checkpoint of the
same encoder (a prior phase that went on training the decoder meanwhile):

  /usr/bin/python3 vqz_train_priors.py --run runs/v22n --graft runs/v22-prior/last.pt --out runs/v22n.pt
"""
import argparse
import math
import os
import time

import numpy as np
import torch
import torch.nn.functional as F

from vqz_config import PATHS
from vqz_data import ImageSet
from vqz_groups import balanced_groups, base_features, build_from, refine_features
from vqz_model import PixelCnnPrior, RefinementPrior
from vqz_runs import lr_at, progress, run_log
from vqz_train_layered import coarse_sums


def parse_args(argv=None):
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--run", required=True)
    p.add_argument("--from", dest="source", help="the checkpoint whose encoder, codebooks and other priors are used")
    p.add_argument("--layers", default="0", help="the layers whose priors are trained, e.g. 0 or 0,1,2,3,4,5")
    p.add_argument("--prior-channels", type=int, default=32, help="the base prior's channels")
    p.add_argument("--prior-layers", type=int, default=2, help="the base prior's mask-B layers")
    p.add_argument("--refine-channels", type=int, default=0, help="refinement priors' channels (0: --from's)")
    p.add_argument("--refine-layers", type=int, default=0, help="refinement priors' mask-B layers (0: --from's)")
    p.add_argument("--groups", type=int, default=0,
                   help="train for the two-level alphabet (docs/FORMAT.md 9.7) with G groups: a group head and the "
                        "member rows, the bits the decoder pays; groups by balanced k-means over the output rows of "
                        "--from's priors of the same layer (0: the full K-symbol softmax)")
    p.add_argument("--crops", type=int, default=2048, help="256² crops whose codes are cached (and a quarter as many at half resolution)")
    p.add_argument("--crop", type=int, default=256, help="crop side in pixels (codes: a quarter of it)")
    p.add_argument("--batch", type=int, default=16)
    p.add_argument("--lr", type=float, default=1e-3)
    p.add_argument("--minutes", type=float, default=60)
    p.add_argument("--steps", type=int, default=100000)
    p.add_argument("--threads", type=int, default=1)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--checkpoint-every", type=int, default=200)
    p.add_argument("--data", default=PATHS["data"])
    p.add_argument("--graft", help="with --out: write --run's trained priors onto this checkpoint")
    p.add_argument("--out")
    return p.parse_args(argv)


@torch.no_grad()
def cached_codes(a, vq):
    """{"full": [N, S, 64, 64], "half": [N/4, S, 32, 32]} int16 codes of training crops (256², and 2x2 means of
    256² crops, with the default --crop), computed once (deterministic) and kept in the run."""
    path = os.path.join(a.run, "codes.pt")
    if os.path.exists(path):
        return torch.load(path)
    train = ImageSet(a.data, False)
    rng = np.random.default_rng([a.seed, 31337])
    codes = {}
    for kind, n in (("full", a.crops), ("half", a.crops // 4)):
        out = []
        for start in range(0, n, 16):
            x = train.random_batch(rng, 16, a.crop)
            if kind == "half":
                x = F.avg_pool2d(x, 2)
            out.append(vq.quantiser.indices(vq.encoder(x)).short())
            print(f"codes ({kind}): {start + 16}/{n}", flush=True)
        codes[kind] = torch.cat(out)[:n]
    torch.save(codes, path)
    return codes


def build_priors(a, ck):
    """The priors to train: (base or None, {stage: refinement prior}); shapes from the options."""
    src = ck["args"]
    layers = {int(s) for s in a.layers.split(",")}
    base = PixelCnnPrior(k=src["k"], c=a.prior_channels, layers=a.prior_layers) if 0 in layers else None
    rc = a.refine_channels or src.get("refine_channels", 0) or src["prior_channels"]
    rl = a.refine_layers or src["refine_layers"]
    refine = {s: RefinementPrior(k=src["k"], d=src["d"], c=rc, layers=rl) for s in sorted(layers) if s > 0}
    own = src.get("refine_channels", 0) or src["prior_channels"]
    if refine and (rc, rl) != (own, src["refine_layers"]) and len(refine) < src["stages"] - 1:
        raise SystemExit("refinement priors of another shape: train all of them (--layers 1..S-1), a bundle's "
                         "refinement priors share one shape")
    return base, refine


def features(vq, base, refine, idx):
    """{stage: relu features before the output layer [B,C,H,W]} of each trained layer."""
    out = {}
    if base is not None:
        out[0] = base_features(base, idx[:, 0])
    if refine:
        ctx = coarse_sums(vq, idx)
        for s, prior in refine.items():
            out[s] = refine_features(prior, idx[:, s], ctx[s - 1])
    return out


def losses(vq, base, refine, heads, idx):
    """Bits per code of each trained layer, {stage: tensor}: the full softmax's, or with heads the group's plus the
    member's (the member's logits are the output rows of its group's codes)."""
    out = {}
    for s, f in features(vq, base, refine, idx).items():
        prior = base if s == 0 else refine[s]
        codes = idx[:, s].reshape(-1)
        f = f.permute(0, 2, 3, 1).reshape(-1, f.shape[1])
        w, b = prior.out.weight[:, :, 0, 0], prior.out.bias
        if heads is None:
            out[s] = F.cross_entropy(f @ w.t() + b, codes) / math.log(2)
            continue
        head = heads[str(s)]
        order = head.order
        size = order.numel() // head.weight.shape[0]
        group_of, member_of = torch.empty_like(order), torch.empty_like(order)
        group_of[order] = torch.arange(order.numel()) // size
        member_of[order] = torch.arange(order.numel()) % size
        g = group_of[codes]
        members = order.view(-1, size)[g]  # [N, M]
        member_logits = torch.einsum("nmc,nc->nm", w[members], f) + b[members]
        out[s] = (F.cross_entropy(f @ head.weight.t() + head.bias, g)
                  + F.cross_entropy(member_logits, member_of[codes])) / math.log(2)
    return out


class GroupHead(torch.nn.Module):
    """A layer's group head [G, C], [G] and its fixed group order (codes group by group)."""

    def __init__(self, order, groups, c):
        super().__init__()
        self.register_buffer("order", order)
        self.weight = torch.nn.Parameter(torch.randn(groups, c) * 0.01)
        self.bias = torch.nn.Parameter(torch.zeros(groups))


def group_heads(a, ck, base, refine, fresh):
    """ModuleDict {stage: GroupHead} for the trained layers, or None. Fresh: groups from ck's (--from's) priors'
    output rows; otherwise placeholders that load_trained fills from the run's checkpoint."""
    if not a.groups:
        return None
    wide_base, wide_refine = build_from(ck)[1:] if fresh else (None, None)
    heads = torch.nn.ModuleDict()
    for s, prior in ([(0, base)] if base is not None else []) + list(refine.items()):
        order = torch.arange(prior.k)
        if fresh:
            wide = wide_base if s == 0 else wide_refine[s - 1]
            order = balanced_groups(torch.cat([wide.out.weight.detach()[:, :, 0, 0],
                                               wide.out.bias.detach()[:, None]], 1), a.groups)
        heads[str(s)] = GroupHead(order, a.groups, prior.c)
    return heads


def merged(ck, a, base, refine, heads=None):
    """ck with the trained priors in place and its args saying their shapes; with heads, `groups` as
    vqz_groups.py leaves it (a layer not trained here: None, for vqz_groups.py --layers to fit)."""
    out = dict(ck)
    args = dict(ck["args"])
    if base is not None:
        out["base_prior"] = base.state_dict()
        args.update(prior_channels=a.prior_channels, prior_layers=a.prior_layers)
    if refine:
        state = dict(ck["refine"])
        for s, prior in refine.items():
            state.update({f"{s - 1}.{k}": t for k, t in prior.state_dict().items()})
        out["refine"] = state
        args.update(refine_channels=next(iter(refine.values())).conv_a.out_channels,
                    refine_layers=len(next(iter(refine.values())).conv_b))
    out["args"] = args
    for stale in ("groups", "opt_vq", "opt_prior"):
        out.pop(stale, None)
    if heads is not None:
        out["groups"] = [dict(order=heads[str(s)].order.clone(), weight=heads[str(s)].weight.detach().clone(),
                              bias=heads[str(s)].bias.detach().clone()) if str(s) in heads else None
                         for s in range(args["stages"])]
    return out


def load_trained(ck, base, refine, heads):
    """The trained priors (and heads) of one of this script's checkpoints into the modules built for them."""
    if base is not None:
        base.load_state_dict(ck["base_prior"])
    for s, prior in refine.items():
        prior.load_state_dict({k[len(f"{s - 1}."):]: t for k, t in ck["refine"].items() if k.startswith(f"{s - 1}.")})
    for s, head in (heads or {}).items():
        saved = ck["groups"][int(s)]
        head.order.copy_(saved["order"])
        head.weight.data.copy_(saved["weight"])
        head.bias.data.copy_(saved["bias"])


def main(argv=None):
    a = parse_args(argv)
    torch.set_num_threads(a.threads)
    torch.manual_seed(a.seed)
    last = os.path.join(a.run, "last.pt")
    if a.graft:
        mine = torch.load(last, map_location="cpu")
        run_args = argparse.Namespace(**mine["run_args"])
        base, refine = build_priors(run_args, mine)
        heads = group_heads(run_args, mine, base, refine, fresh=False)
        load_trained(mine, base, refine, heads)
        torch.save(merged(torch.load(a.graft, map_location="cpu"), run_args, base, refine, heads), a.out)
        return
    os.makedirs(a.run, exist_ok=True)
    resumed = os.path.exists(last)
    ck = torch.load(last if resumed else a.source, map_location="cpu")
    vq, _, _ = build_from(ck)  # a resumed run's checkpoint already names the new shapes
    base, refine = build_priors(a, ck)
    heads = group_heads(a, ck, base, refine, fresh=not resumed)
    params = ((list(base.parameters()) if base is not None else []) + [q for r in refine.values() for q in r.parameters()]
              + (list(heads.parameters()) if heads is not None else []))
    opt = torch.optim.Adam(params, lr=a.lr)
    step, seconds = 0, 0.0
    if resumed:
        load_trained(ck, base, refine, heads)
        opt.load_state_dict(ck["opt"])
        step, seconds = ck["step"], ck["seconds"]
        print(f"resumed at step {step}", flush=True)
    codes = cached_codes(a, vq)
    with torch.no_grad():
        val = vq.quantiser.indices(vq.encoder(ImageSet(a.data, True).validation_crops(a.crop)))
    write = run_log(a)
    rng = np.random.default_rng([a.seed, step])
    t0 = time.time()
    nets = [n for n in [base, *refine.values(), heads] if n is not None]

    def save():
        state = merged(ck, a, base, refine, heads)
        state.update(opt=opt.state_dict(), step=step, seconds=seconds + time.time() - t0, run_args=vars(a))
        torch.save(state, last + ".tmp")
        os.replace(last + ".tmp", last)

    while True:
        frac = progress(step, seconds + time.time() - t0, a)
        if frac >= 1.0:
            break
        for g in opt.param_groups:
            g["lr"] = lr_at(step, frac, a)
        pool = codes["half"] if rng.random() < 0.25 else codes["full"]
        idx = pool[torch.from_numpy(rng.integers(0, pool.shape[0], a.batch))].long()
        if rng.random() < 0.5:
            idx = idx.flip(-1)
        bits = losses(vq, base, refine, heads, idx)
        opt.zero_grad(set_to_none=True)
        sum(bits.values()).backward()
        opt.step()
        step += 1
        done = progress(step, seconds + time.time() - t0, a) >= 1.0
        if step % 50 == 0 or done:
            rec = dict(step=step, seconds=round(seconds + time.time() - t0, 1),
                       bits={s: round(v.item(), 3) for s, v in bits.items()})
            if step % a.checkpoint_every == 0 or done:
                with torch.no_grad():
                    for net in nets:
                        net.eval()
                    rec["val_bits"] = {s: round(v.item(), 4) for s, v in losses(vq, base, refine, heads, val).items()}
                    for net in nets:
                        net.train()
                save()
            write(rec)


if __name__ == "__main__":
    main()

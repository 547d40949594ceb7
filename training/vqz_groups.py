"""Two-level alphabet for a layered checkpoint's priors (docs/FORMAT.md 9.7): each code k = (group g, member m).

The prior's trunk and output rows stay as trained. The member's probability inside its group uses the output
rows of that group's codes only, which is exactly the full softmax conditioned on the group; only the group's
probability is new: a linear head (G rows over the same relu features the output layer reads) fitted here by
maximum likelihood on the codes of training crops, the trunk frozen. A decoder then evaluates G + M output rows
and two small CDFs per position instead of K rows and a K-symbol CDF.

Groups: balanced k-means over the output rows [out.weight | out.bias] (codes whose logits move together share
a group, so their log-sum-exp is nearly linear in the features), G groups of K/G codes each.

    /usr/bin/python3 vqz_groups.py --checkpoint runs/v22-vq/last.pt --out runs/v22-groups.pt [--groups 32]

The output checkpoint is the input one plus `groups`: per layer, `order` (int64 [K]: codes group by group) and
the head's `weight` [G, C] and `bias` [G]; vqz_export_layered.py appends them to the priors (prior.bin layouts 3
and 4). For test models without training data, `--bundle IN.vqzm --out OUT.vqzm` gives an existing layered bundle
untrained heads (each group's mean output row, plus log M).
"""
import argparse
import math
import types

import numpy as np
import torch
import torch.nn.functional as F

from vqz_config import PATHS, layered_vq
from vqz_data import ImageSet
from vqz_model import PixelCnnPrior, RefinementPrior


def build_from(ck):
    a = ck["args"]
    vq = layered_vq(types.SimpleNamespace(**a)).eval()
    vq.load_state_dict(ck["vq"])
    base = PixelCnnPrior(k=a["k"], c=a["prior_channels"], layers=a["prior_layers"]).eval()
    base.load_state_dict(ck["base_prior"])
    c = a.get("refine_channels", 0) or a["prior_channels"]
    refine = torch.nn.ModuleList([RefinementPrior(k=a["k"], d=a["d"], c=c, layers=a["refine_layers"])
                                  for _ in range(a["stages"] - 1)]).eval()
    refine.load_state_dict(ck["refine"])
    return vq, base, refine


def base_features(prior, idx):
    """relu(h) before the output layer: [B,C,H,W]."""
    h = prior.conv_a(prior.embedding(idx).permute(0, 3, 1, 2))
    for conv in prior.conv_b:
        h = h + conv(F.relu(h))
    return F.relu(h)


def refine_features(prior, idx, coarse):
    g = prior.coarse_mid(F.relu(prior.coarse_in(coarse)))
    h = prior.conv_a(prior.embedding(idx).permute(0, 3, 1, 2)) + g
    for conv in prior.conv_b:
        h = h + conv(F.relu(h))
    return F.relu(h + prior.coarse_out(F.relu(g)))


@torch.no_grad()
def layer_samples(vq, base, refine, x):
    """-> per layer (features [N,C], codes [N]) of a batch, codes chosen as the trained encoder chooses them."""
    idx = vq.quantiser.indices(vq.encoder(x))
    out, total = [], None
    for s in range(idx.shape[1]):
        codes = idx[:, s]
        if s == 0:
            f = base_features(base, codes)
        else:
            f = refine_features(refine[s - 1], codes, total)
        q = vq.quantiser.stages[s].lookup(codes)
        total = q if total is None else total + q
        out.append((f.permute(0, 2, 3, 1).reshape(-1, f.shape[1]), codes.reshape(-1)))
    return out


def balanced_groups(rows, groups, iters=20, seed=0):
    """K rows -> order [K] (codes group by group, K/G each) by k-means with equal-size assignment."""
    k = rows.shape[0]
    size = k // groups
    gen = torch.Generator().manual_seed(seed)
    centres = rows[torch.randperm(k, generator=gen)[:groups]].clone()
    assign = None
    for _ in range(iters):
        d = torch.cdist(rows, centres)  # [K,G]
        assign = torch.full((k,), -1, dtype=torch.long)
        fill = torch.zeros(groups, dtype=torch.long)
        for flat in torch.argsort(d.reshape(-1)).tolist():
            code, g = divmod(flat, groups)
            if assign[code] < 0 and fill[g] < size:
                assign[code] = g
                fill[g] += 1
        for g in range(groups):
            centres[g] = rows[assign == g].mean(0)
    return torch.cat([torch.nonzero(assign == g).view(-1) for g in range(groups)])


def initial_head(out_w, out_b, order, groups):
    """Each group's mean output row and bias plus log M: its log-sum-exp where its codes' logits are alike."""
    size = out_w.shape[0] // groups
    return (out_w[order].view(groups, size, -1).mean(1).clone(),
            out_b[order].view(groups, size).mean(1) + math.log(size))


def fit_head(feats, codes, out_w, out_b, order, groups, steps=300):
    """Group head [G,C], [G] by maximum likelihood (L-BFGS), started from initial_head."""
    k, size = out_w.shape[0], out_w.shape[0] // groups
    group_of = torch.empty(k, dtype=torch.long)
    group_of[order] = torch.arange(k) // size
    w, b = (t.requires_grad_(True) for t in initial_head(out_w, out_b, order, groups))
    target = group_of[codes]
    opt = torch.optim.LBFGS([w, b], lr=1, max_iter=steps, history_size=20, line_search_fn="strong_wolfe")

    def closure():
        opt.zero_grad()
        loss = F.cross_entropy(feats @ w.t() + b, target)
        loss.backward()
        return loss

    opt.step(closure)
    return w.detach(), b.detach()


@torch.no_grad()
def bits(feats, codes, out_w, out_b, order, w, b, groups):
    """(full softmax bits, two-level bits) per code."""
    k, size = out_w.shape[0], out_w.shape[0] // groups
    logits = feats @ out_w.t() + out_b
    full = F.cross_entropy(logits, codes).item() / math.log(2)
    group_of = torch.empty(k, dtype=torch.long)
    group_of[order] = torch.arange(k) // size
    g = group_of[codes]
    members = order.view(groups, size)[g]  # [N, size]
    mlog = torch.gather(logits, 1, members)
    pos = (members == codes[:, None]).float().argmax(1)
    two = (F.cross_entropy(feats @ w.t() + b, g) + F.cross_entropy(mlog, pos)).item() / math.log(2)
    return full, two


def group_bundle(src, out, groups, name=None, heads=None):
    """An existing layered bundle with two-level heads on every prior: heads (per layer, from a checkpoint of this
    script made from the same priors), or untrained ones (test models); every other entry stays byte for byte."""
    import json
    from vqz_bundle import read_bundle, read_prior_bin, write_bundle
    from vqz_export_layered import check_bundle, read_refine_bin, with_groups
    _, entries = read_bundle(src)
    man = json.loads(entries["manifest.json"])
    counts = []
    for s in range(man["layers"]):
        entry = "prior.bin" if s == 0 else f"refine-{s}.bin"
        prior = (read_prior_bin if s == 0 else read_refine_bin)(entries[entry])
        if heads:
            head = heads[s]
        else:
            out_w, out_b = prior.out.weight.detach()[:, :, 0, 0], prior.out.bias.detach()
            order = balanced_groups(torch.cat([out_w, out_b[:, None]], 1), groups)
            w, b = initial_head(out_w, out_b, order, groups)
            head = dict(order=order, weight=w, bias=b)
        entries[entry] = with_groups(entries[entry], head)
        counts.append(int(head["weight"].shape[0]))
    man["two_level_alphabet"] = dict(groups=counts, heads="fitted" if heads else "untrained")
    if name:
        man["name"] = name
    entries["manifest.json"] = json.dumps(man, indent=1, sort_keys=True).encode()
    return write_bundle(out, entries, check_bundle)


def parse_args(argv=None):
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--checkpoint")
    p.add_argument("--bundle", help="instead of --checkpoint: a layered bundle to give untrained heads")
    p.add_argument("--name", help="with --bundle: the new bundle's model name")
    p.add_argument("--heads", help="with --bundle: take the fitted heads of this checkpoint (made by this script "
                                   "with --checkpoint from the same priors, e.g. vqz_import.py's of the bundle)")
    p.add_argument("--out", required=True)
    p.add_argument("--groups", type=int, default=32)
    p.add_argument("--batches", type=int, default=16)
    p.add_argument("--data", default=PATHS["data"])
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--half", action="store_true",
                   help="fit the base layer's head on the codes of half-resolution crops too (2x2 means of 256² "
                        "crops, what the model's half-resolution form codes at the lowest qualities)")
    p.add_argument("--layers", help="fit only these layers (e.g. 0); the others' heads come from --keep")
    p.add_argument("--keep", help="a checkpoint of this script whose heads the layers not fitted keep")
    a = p.parse_args(argv)
    if not a.bundle and not a.checkpoint:
        p.error("give --checkpoint or --bundle")
    return a


def main(argv=None):
    a = parse_args(argv)
    if a.bundle:
        heads = torch.load(a.heads, map_location="cpu")["groups"] if a.heads else None
        return group_bundle(a.bundle, a.out, a.groups, a.name, heads)
    torch.set_num_threads(a.threads)
    torch.manual_seed(1)
    ck = torch.load(a.checkpoint, map_location="cpu")
    vq, base, refine = build_from(ck)
    train, held = ImageSet(a.data, False), ImageSet(a.data, True)
    rng = np.random.default_rng([1, 7177])
    per_layer = None
    for _ in range(a.batches):
        batch = layer_samples(vq, base, refine, train.random_batch(rng, 16, 128))
        if a.half:
            half = layer_samples(vq, base, refine, F.avg_pool2d(train.random_batch(rng, 16, 256), 2))
            batch[0] = (torch.cat([batch[0][0], half[0][0]]), torch.cat([batch[0][1], half[0][1]]))
        per_layer = batch if per_layer is None else [(torch.cat([f0, f]), torch.cat([c0, c]))
                                                      for (f0, c0), (f, c) in zip(per_layer, batch)]
    crops = held.validation_crops(256)
    val = layer_samples(vq, base, refine, crops)
    val_half = layer_samples(vq, base, refine, F.avg_pool2d(crops, 2))[0]
    fit = set(range(len(per_layer))) if not a.layers else {int(x) for x in a.layers.split(",")}
    kept = torch.load(a.keep, map_location="cpu")["groups"] if a.keep else None
    heads = []
    for s, ((feats, codes), (vf, vc)) in enumerate(zip(per_layer, val)):
        if s not in fit:
            heads.append(kept[s])
            continue
        prior = base if s == 0 else refine[s - 1]
        out_w, out_b = prior.out.weight.detach()[:, :, 0, 0], prior.out.bias.detach()
        order = balanced_groups(torch.cat([out_w, out_b[:, None]], 1), a.groups)
        w, b = fit_head(feats, codes, out_w, out_b, order, a.groups)
        full, two = bits(vf, vc, out_w, out_b, order, w, b, a.groups)
        print(f"layer {s}: held-out bits per code, full softmax {full:.4f}, two-level {two:.4f} "
              f"({100 * (two / full - 1):+.2f} %)", flush=True)
        if s == 0:
            full, two = bits(val_half[0], val_half[1], out_w, out_b, order, w, b, a.groups)
            print(f"layer 0 at half resolution: full softmax {full:.4f}, two-level {two:.4f} "
                  f"({100 * (two / full - 1):+.2f} %)", flush=True)
        heads.append(dict(order=order, weight=w, bias=b))
    ck["groups"] = heads
    torch.save(ck, a.out)


if __name__ == "__main__":
    main()

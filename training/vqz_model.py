"""Network definitions: the VQ-VAE (encoder, quantiser, decoder) and the PixelCNN prior.

Kept apart from training and export so the architecture is defined in one place. The prior's layout
is a contract with the Java prior (docs/DESIGN.md, `prior.bin`): change one, change the other.
"""
import math

import torch
import torch.nn as nn
import torch.nn.functional as F

from vqz_config import F_DOWN, MODEL_V1, MODEL_V2

V1, V2 = MODEL_V1, MODEL_V2


class ResBlock(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.conv1 = nn.Conv2d(c, c, 3, padding=1)
        self.conv2 = nn.Conv2d(c, c, 1)

    def forward(self, x):
        return x + self.conv2(F.relu(self.conv1(F.relu(x))))


class Encoder(nn.Module):
    """RGB in [0,1] -> latents at 1/4 resolution. Space-to-depth first keeps every conv at 1/4 res."""

    def __init__(self, c, d, blocks):
        super().__init__()
        self.unshuffle = nn.PixelUnshuffle(F_DOWN)
        self.conv_in = nn.Conv2d(3 * F_DOWN * F_DOWN, c, 3, padding=1)
        self.blocks = nn.Sequential(*[ResBlock(c) for _ in range(blocks)])
        self.conv_out = nn.Conv2d(c, d, 1)

    def forward(self, x):
        h = self.conv_in(self.unshuffle(x - 0.5))
        return self.conv_out(F.relu(self.blocks(h)))


class Decoder(nn.Module):
    def __init__(self, c, d, blocks):
        super().__init__()
        self.conv_in = nn.Conv2d(d, c, 3, padding=1)
        self.blocks = nn.Sequential(*[ResBlock(c) for _ in range(blocks)])
        self.conv_out = nn.Conv2d(c, 3 * F_DOWN * F_DOWN, 3, padding=1)
        self.shuffle = nn.PixelShuffle(F_DOWN)

    def forward(self, z):
        h = self.blocks(self.conv_in(z))
        return self.shuffle(self.conv_out(F.relu(h))) + 0.5


class Quantiser(nn.Module):
    """Codebook with EMA updates and dead-code re-initialisation.

    The index choice is the nearest codeword, or with a rate weight w > 0 the entropy-constrained one (ECVQ):
    argmin ||z - e_k||^2 + w * bits_k, bits_k = -log2 of codeword k's share of the EMA usage. Training the
    codebook under that choice lets frequent, cheap codewords cover small residuals, the way a scalar
    quantiser's deadzone does (training/README.md, "v2.1").
    """

    def __init__(self, k, d, decay=0.99, eps=1e-5):
        super().__init__()
        self.k, self.d, self.decay, self.eps = k, d, decay, eps
        embed = torch.randn(k, d) * 0.1
        self.register_buffer("embed", embed)
        self.register_buffer("cluster_size", torch.ones(k))
        self.register_buffer("embed_sum", embed.clone())
        self.register_buffer("rate_weight", torch.zeros(()))

    def _load_from_state_dict(self, state_dict, prefix, *args, **kwargs):
        # checkpoints and bundles from before the rate weight choose the nearest codeword
        state_dict.setdefault(prefix + "rate_weight", torch.zeros(()))
        super()._load_from_state_dict(state_dict, prefix, *args, **kwargs)

    def code_bits(self):
        """[K] bits of each codeword at its share of the usage (floored at 2^-16, the range coder's limit)."""
        share = self.cluster_size / self.cluster_size.sum().clamp(min=1e-12)
        return -torch.log2(share.clamp(min=2.0 ** -16))

    def indices(self, z):
        """z: [B,D,H,W] -> int64 [B,H,W] (argmin of squared distance, plus the rate term if weighted)."""
        flat = z.permute(0, 2, 3, 1).reshape(-1, self.d)
        # ||z||^2 does not change the argmin (the exported encoder leaves it out too)
        cost = (self.embed * self.embed).sum(1)
        if float(self.rate_weight) > 0:
            cost = cost + self.rate_weight * self.code_bits()
        dist = torch.addmm(cost[None], flat, self.embed.t(), alpha=-2)
        idx = dist.argmin(1)
        return idx.view(z.shape[0], z.shape[2], z.shape[3])

    def lookup(self, idx):
        return F.embedding(idx, self.embed).permute(0, 3, 1, 2)

    def forward(self, z):
        idx = self.indices(z)
        q = self.lookup(idx)
        if self.training:
            self._ema_update(z.detach(), idx)
        commit = F.mse_loss(z, q.detach())
        q_st = z + (q - z).detach()
        return q_st, idx, commit

    @torch.no_grad()
    def _ema_update(self, z, idx):
        flat = z.permute(0, 2, 3, 1).reshape(-1, self.d)
        counts = torch.bincount(idx.view(-1), minlength=self.k).type(flat.dtype)
        sums = torch.zeros_like(self.embed_sum).index_add_(0, idx.view(-1), flat)
        self.cluster_size.mul_(self.decay).add_(counts, alpha=1 - self.decay)
        self.embed_sum.mul_(self.decay).add_(sums, alpha=1 - self.decay)
        n = self.cluster_size.sum()
        size = (self.cluster_size + self.eps) / (n + self.k * self.eps) * n
        self.embed.copy_(self.embed_sum / size[:, None])

    @torch.no_grad()
    def restart_dead(self, z, threshold=1.0):
        """Re-seed codewords whose EMA usage fell below threshold with random current latents."""
        dead = (self.cluster_size < threshold).nonzero().view(-1)
        if dead.numel() == 0:
            return 0
        flat = z.detach().permute(0, 2, 3, 1).reshape(-1, self.d)
        pick = flat[torch.randint(0, flat.shape[0], (dead.numel(),), device=flat.device)]
        pick = pick + 0.01 * torch.randn_like(pick)
        self.embed[dead] = pick
        self.embed_sum[dead] = pick
        self.cluster_size[dead] = 1.0
        return dead.numel()


class VQVAE(nn.Module):
    def __init__(self, k=V1["k"], d=V1["d"], c=V1["channels"], enc_blocks=2, dec_blocks=3):
        super().__init__()
        self.k, self.d = k, d
        self.encoder = Encoder(c, d, enc_blocks)
        self.quantiser = Quantiser(k, d)
        self.decoder = Decoder(c, d, dec_blocks)

    def forward(self, x):
        z = self.encoder(x)
        q, idx, commit = self.quantiser(z)
        return self.decoder(q), idx, commit, z

    def decode_indices(self, idx):
        return self.decoder(self.quantiser.lookup(idx))


class MaskedConv2d(nn.Conv2d):
    """Causal convolution over a raster order. Mask A hides the centre tap, mask B keeps it."""

    def __init__(self, cin, cout, k, mask_type):
        super().__init__(cin, cout, k, padding=k // 2)
        mask = torch.zeros(k, k)
        r = k // 2
        mask[:r, :] = 1
        mask[r, :r] = 1
        if mask_type == "B":
            mask[r, r] = 1
        self.register_buffer("mask", mask[None, None].clone())

    def forward(self, x):
        return F.conv2d(x, self.weight * self.mask, self.bias, padding=self.padding)


class PixelCnnPrior(nn.Module):
    """p(code | codes before it in raster order). Architecture fixed by docs/DESIGN.md."""

    def __init__(self, k=V1["k"], e=32, c=V1["prior_channels"], layers=V1["prior_layers"], ka=5, kb=3):
        super().__init__()
        self.k, self.e, self.c, self.layers, self.ka, self.kb = k, e, c, layers, ka, kb
        self.embedding = nn.Embedding(k, e)
        self.conv_a = MaskedConv2d(e, c, ka, "A")
        self.conv_b = nn.ModuleList([MaskedConv2d(c, c, kb, "B") for _ in range(layers)])
        self.out = nn.Conv2d(c, k, 1)

    def forward(self, idx):
        e = self.embedding(idx).permute(0, 3, 1, 2)
        h = self.conv_a(e)
        for conv in self.conv_b:
            h = h + conv(F.relu(h))
        return self.out(F.relu(h))

    def spec(self):
        return dict(K=self.k, E=self.e, C=self.c, L=self.layers, KA=self.ka, KB=self.kb)


# ---------------------------------------------------------------------------------------------------------
# v2: layered codes. A base grid and refinement stages, each a codebook over what the stages before it left.


class ResidualQuantiser(nn.Module):
    """Stage 0 quantises the latent; stage s quantises z minus the sum of stages 0..s-1 (residual VQ).

    Every stage is a Quantiser of K codewords over all D dimensions: one 9-bit code per position per layer
    (measured against product codebooks of 2x8-d, 4x4-d and 8x2-d on v1's residuals: full-dimensional
    codebooks reach the lowest latent error per bit of order-0 entropy; training/README.md).
    """

    def __init__(self, k, d, stages):
        super().__init__()
        self.k, self.d = k, d
        self.stages = nn.ModuleList([Quantiser(k, d) for _ in range(stages)])

    def __len__(self):
        return len(self.stages)

    def forward(self, z, n):
        """n: [B] layer counts (1..S) -> (q straight-through, [B,S,H,W] indices of every stage, commitments).

        Every stage is chosen (and its EMA codebook updated) on every call; sample b's decoder input is the
        sum of its first n[b] stages, which is what a file with n[b] layers decodes to (quantiser dropout).
        """
        residual, total, commits, indices = z, torch.zeros_like(z), [], []
        used = torch.zeros_like(z)
        for s, quantiser in enumerate(self.stages):
            idx = quantiser.indices(residual)
            q = quantiser.lookup(idx)
            if self.training:
                quantiser._ema_update(residual.detach(), idx)
            commits.append(F.mse_loss(residual, q.detach()))
            total = total + q.detach()
            residual = residual - q.detach()
            indices.append(idx)
            used = torch.where((n == s + 1).view(-1, 1, 1, 1), total, used)
        q_st = z + (used - z).detach()
        return q_st, torch.stack(indices, 1), torch.stack(commits)

    def lookup(self, indices):
        """[B,n,H,W] indices of the first n stages -> summed codewords [B,D,H,W]."""
        return sum(self.stages[s].lookup(indices[:, s]) for s in range(indices.shape[1]))

    def indices(self, z, n=None):
        """Nearest codes stage by stage: [B,D,H,W] -> [B,n,H,W]."""
        residual, out = z, []
        for quantiser in self.stages[: n or len(self.stages)]:
            idx = quantiser.indices(residual)
            residual = residual - quantiser.lookup(idx)
            out.append(idx)
        return torch.stack(out, 1)

    @torch.no_grad()
    def restart_dead(self, z, threshold=1.0):
        residual, restarted = z.detach(), 0
        for quantiser in self.stages:
            restarted += quantiser.restart_dead(residual, threshold)
            residual = residual - quantiser.lookup(quantiser.indices(residual))
        return restarted


@torch.no_grad()
def fit_rate_constrained(rq, z, weights, iters=12):
    """Refits refinement stages 1.. of a ResidualQuantiser as entropy-constrained codebooks (Lloyd iterations).

    z: [N,D] latents; weights[s-1] is stage s's rate weight (squared latent distance per bit; 0, or the weight
    the stage was fitted with already, keeps the stage as it is). Each stage starts from its codebook, alternates the weighted index choice with centroid and
    usage updates, and leaves cluster_size = its usage counts (what code_bits() reads) and embed_sum to match,
    so EMA training can continue from it.
    """
    residual = z - rq.stages[0].embed[_flat_indices(rq.stages[0], z)]
    for s, w in enumerate(weights, start=1):
        stage = rq.stages[s]
        if w > 0 and not math.isclose(float(stage.rate_weight), w, rel_tol=1e-6):  # else fitted with it already
            stage.rate_weight.fill_(w)
            stage.cluster_size.fill_(1.0)  # uniform usage: the first choice is by distance plus a constant
            for _ in range(iters):
                idx = _flat_indices(stage, residual)
                counts = torch.bincount(idx, minlength=stage.k).to(z.dtype)
                sums = torch.zeros_like(stage.embed).index_add_(0, idx, residual)
                stage.embed.copy_(torch.where(counts[:, None] > 0, sums / counts.clamp(min=1)[:, None], stage.embed))
                stage.cluster_size.copy_(counts + 0.5)
            stage.embed_sum.copy_(stage.embed * stage.cluster_size[:, None])
        residual = residual - stage.embed[_flat_indices(stage, residual)]


def _flat_indices(stage, flat):
    return stage.indices(flat[:, :, None, None]).view(-1)


class LayeredVQVAE(nn.Module):
    """v1's encoder and decoder around a residual quantiser; one decoder for every number of layers."""

    def __init__(self, k=V2["k"], d=V2["d"], c=V2["channels"], stages=V2["stages"], enc_blocks=2, dec_blocks=3,
                 dec_channels=0):
        super().__init__()
        self.k, self.d = k, d
        self.encoder = Encoder(c, d, enc_blocks)
        self.quantiser = ResidualQuantiser(k, d, stages)
        self.decoder = Decoder(dec_channels or c, d, dec_blocks)

    def forward(self, x, n):
        z = self.encoder(x)
        q, idx, commits = self.quantiser(z, n)
        return self.decoder(q), idx, commits, z

    def decode_indices(self, indices):
        return self.decoder(self.quantiser.lookup(indices))


class RefinementPrior(nn.Module):
    """p(code of layer s | all coarser layers, codes of layer s before it in raster order).

    v1's PixelCNN over the layer's own codes, plus a branch that sees the coarser layers' summed codewords
    at every position (they are decoded first), added after the masked first layer and again before the
    output, so both the causal and the coarse context reach the logits.
    """

    def __init__(self, k=V2["k"], d=V2["d"], e=32, c=V2["prior_channels"], layers=V2["refine_layers"], ka=5, kb=3):
        super().__init__()
        self.k, self.d, self.e, self.c, self.layers, self.ka, self.kb = k, d, e, c, layers, ka, kb
        self.embedding = nn.Embedding(k, e)
        self.conv_a = MaskedConv2d(e, c, ka, "A")
        self.coarse_in = nn.Conv2d(d, c, 3, padding=1)
        self.coarse_mid = nn.Conv2d(c, c, 1)
        self.conv_b = nn.ModuleList([MaskedConv2d(c, c, kb, "B") for _ in range(layers)])
        self.coarse_out = nn.Conv2d(c, c, 1)
        self.out = nn.Conv2d(c, k, 1)

    def forward(self, idx, coarse):
        g = self.coarse_mid(F.relu(self.coarse_in(coarse)))
        h = self.conv_a(self.embedding(idx).permute(0, 3, 1, 2)) + g
        for conv in self.conv_b:
            h = h + conv(F.relu(h))
        return self.out(F.relu(h + self.coarse_out(F.relu(g))))

    def spec(self):
        return dict(K=self.k, D=self.d, E=self.e, C=self.c, L=self.layers, KA=self.ka, KB=self.kb)


def ms_ssim_rgb(xhat, x):
    """MS-SSIM per image of [N, 3, H, W] images in [0, 1], as docs/BENCHMARKS.md defines it (and
    testdata/bench/msssim_reference.py computes it): up to 5 scales, 11x11 Gaussian window sigma 1.5, valid
    filtering, 2x2 means between scales (odd edges replicated), per channel, then the channels' mean.
    Differentiable: the evaluation measures with it, and a trainer may use 1 - MS-SSIM as a loss."""
    g = torch.exp(-(torch.arange(11, dtype=x.dtype, device=x.device) - 5) ** 2 / (2 * 1.5 ** 2))
    g = g / g.sum()
    n_img = x.shape[0]
    a = (xhat * 255).reshape(-1, 1, *x.shape[2:])  # every channel its own image
    b = (x * 255).reshape(-1, 1, *x.shape[2:])
    c1, c2 = (0.01 * 255) ** 2, (0.03 * 255) ** 2

    def blur(t):
        return F.conv2d(F.conv2d(t, g.view(1, 1, 1, 11)), g.view(1, 1, 11, 1))

    n, h, w = 0, a.shape[2], a.shape[3]
    while n < 5 and min(h, w) >= 11:
        n, h, w = n + 1, (h + 1) // 2, (w + 1) // 2
    weights = [v / sum(MS_SSIM_WEIGHTS[:n]) for v in MS_SSIM_WEIGHTS[:n]]
    out = torch.ones(a.shape[0], dtype=x.dtype, device=x.device)
    for s in range(n):
        ma, mb = blur(a), blur(b)
        va, vb, cov = blur(a * a) - ma * ma, blur(b * b) - mb * mb, blur(a * b) - ma * mb
        term = (2 * cov + c2) / (va + vb + c2)
        if s == n - 1:
            term = term * (2 * ma * mb + c1) / (ma * ma + mb * mb + c1)
        out = out * term.mean((1, 2, 3)).clamp_min(1e-6) ** weights[s]
        a = F.avg_pool2d(F.pad(a, (0, a.shape[3] % 2, 0, a.shape[2] % 2), mode="replicate"), 2)
        b = F.avg_pool2d(F.pad(b, (0, b.shape[3] % 2, 0, b.shape[2] % 2), mode="replicate"), 2)
    return out.view(n_img, -1).mean(1)


MS_SSIM_WEIGHTS = (0.0448, 0.2856, 0.3001, 0.2363, 0.1333)


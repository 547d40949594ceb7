"""The one table of constants and defaults that training, export and evaluation share.

Geometry and coding constants are contracts with the Java side (docs/FORMAT.md, docs/DESIGN.md); the model
shapes are the defaults of the trainers' command lines, recorded per run in its args.json, from which export and
evaluation rebuild the networks. Change a value here, and nowhere else.
"""
import os

import torch

F_DOWN = 4  # the code grid is 1/4 of the image in each direction
CODES_PER_PIXEL = 1.0 / (F_DOWN * F_DOWN)  # one code per F_DOWN x F_DOWN pixels (per layer)
CDF_TOTAL_BITS = 16  # the range coder's integer CDFs sum to 2^16 (io.vqz.entropy.Cdf.TOTAL_BITS)
TILE = 64  # code positions per tile side, as the Java encoder tiles the grid

HERE = os.path.dirname(os.path.abspath(__file__))
PATHS = dict(
    data=os.path.join(HERE, "data", "train.npz"),  # packed crops (vqz_data.py pack)
    src=os.path.join(HERE, "..", "..", "shared", "datasets", "train"),  # training photos
    kodak=os.path.join(HERE, "..", "testdata", "kodak"),  # evaluation only
)

# Model shapes: v1 (one layer) and v2 (a base layer and residual refinements).
MODEL_V1 = dict(k=512, d=16, channels=128, prior_channels=64, prior_layers=3)
MODEL_V2 = dict(MODEL_V1, stages=5, refine_layers=2, refine_channels=0, decoder_channels=0, decoder_blocks=3)


def layered_vq(a):
    """The layered VQ-VAE of a run's args (a checkpoint's "args"): the decoder's shape where the run chose one
    (vqz_train_decoder.py), else the encoder's width and three blocks."""
    from vqz_model import LayeredVQVAE
    return LayeredVQVAE(k=a.k, d=a.d, c=a.channels, stages=a.stages,
                        dec_channels=getattr(a, "decoder_channels", 0) or a.channels,
                        dec_blocks=getattr(a, "decoder_blocks", 0) or MODEL_V2["decoder_blocks"])

# Optimisation settings both trainers share; each trainer's own step count and learning rate are its own.
TRAIN = dict(batch=16, crop=128, beta=0.25, seed=1, checkpoint_every=100)


def add_common_args(p, steps, lr):
    """The options every trainer takes, defaults from the tables above."""
    p.add_argument("--run", required=True, help="run directory: checkpoints and log")
    p.add_argument("--data", default=PATHS["data"])
    p.add_argument("--src", default=PATHS["src"])
    p.add_argument("--steps", type=int, default=steps)
    p.add_argument("--minutes", type=float, default=0,
                   help="train for this much wall time instead of --steps (schedule follows elapsed time)")
    p.add_argument("--batch", type=int, default=TRAIN["batch"])
    p.add_argument("--crop", type=int, default=TRAIN["crop"])
    p.add_argument("--lr", type=float, default=lr)
    p.add_argument("--beta", type=float, default=TRAIN["beta"])
    p.add_argument("--seed", type=int, default=TRAIN["seed"])
    p.add_argument("--threads", type=int, default=0)
    p.add_argument("--checkpoint-every", type=int, default=TRAIN["checkpoint_every"])
    p.add_argument("--device", default="cuda" if torch.cuda.is_available() else "cpu")


def add_shape_args(p, shape):
    """--k, --d, --channels, --prior-channels, --prior-layers with a model table's values as defaults."""
    p.add_argument("--k", type=int, default=shape["k"])
    p.add_argument("--d", type=int, default=shape["d"])
    p.add_argument("--channels", type=int, default=shape["channels"])
    p.add_argument("--prior-channels", type=int, default=shape["prior_channels"])
    p.add_argument("--prior-layers", type=int, default=shape["prior_layers"])


# The recipe of every shipped model: the runs that made it, in order, each as its script's command line (run from
# training/; {bundles} is codec/src/main/resources/io/vqz/codec, {out} the bundle written), with what the command
# line alone does not say; `after` names the recipe whose runs or bundle it starts from. A run's checkpoints live in git-ignored runs/ and may be lost with a machine; every
# shipped bundle imports back into a checkpoint (vqz_import.py), so a recipe can be resumed from the bundle before
# it. `vqz_recipe.py NAME` prints one as shell commands; test_vqz.RecipeTest parses every step with its script
# and checks that the shapes, rate weights and bands the steps set are the shipped manifest's. Narrative and
# measurements: README.md, the section named in `readme`.
RECIPES = {
    "vqz-f4-k512-v1": dict(release="0.1", resource="vqz-f4-k512-v1.vqzm", readme="Train", steps=[
        ("vqz_train.py", "--run runs/main --minutes 100 --threads 2",
         "VQ-VAE and prior together, the last 15 % with encoder and codebook frozen; ended at step 5 500"),
        ("vqz_export.py", "--checkpoint runs/main/last.pt --out {out} --name vqz-f4-k512-v1 --version 1", ""),
    ]),
    "vqz-f4-k512-l5-v2": dict(release="0.3", resource="vqz-f4-k512-l5-v2.vqzm", after="vqz-f4-k512-v1",
                              readme="v2: the layered model", steps=[
        ("vqz_train_layered.py", "--run runs/v2-vq --phase vq --steps 9400 --threads 2 "
                                 "--init-bundle {bundles}/vqz-f4-k512-v1.vqzm",
         "the schedule began at 30 000 steps and was cut to 14 000 at step 6 900, to 9 400 at step 8 400"),
        ("vqz_train_layered.py", "--run runs/v2-prior --phase prior --init runs/v2-vq/last.pt --refine-channels 32 "
                                 "--refine-layers 1 --minutes 65 --threads 2", "1 374 steps"),
        ("vqz_export_layered.py", "--checkpoint runs/v2-prior/last.pt --out {out} --name vqz-f4-k512-l5-v2 "
                                  "--version 2 --quality-bands 29:0.3,57:0.5,75:0.5,89:0.5,100:0.5", ""),
    ]),
    "vqz-f4-k512-l6-v21": dict(release="0.6", resource="vqz-f4-k512-l6-v21.vqzd", after="vqz-f4-k512-l5-v2",
                               readme="v2.1: entropy-constrained refinement codebooks", steps=[
        ("vqz_train_layered.py", "--run runs/v2-prior2 --phase prior --init runs/v2-vq/last.pt --refine-channels 32 "
                                 "--refine-layers 1 --threads 2",
         "v2's recipe up to its vq phase, then this second prior phase; its schedule was not recorded, its step "
         "1 800 kept as runs/v2-prior2/step1800.pt"),
        ("vqz_train_layered.py", "--run runs/v21-ecvq --phase prior --init runs/v2-prior2/step1800.pt "
                                 "--refine-channels 32 --refine-layers 1 --rate-weights 0.003,0.002,0.001,0.0005 "
                                 "--lr 2e-4 --minutes 100 --threads 2",
         "refits the refinement codebooks with the rate weights, then trains decoder and priors; stopped at step "
         "1 400, kept as step1400.pt"),
        ("vqz_train_layered.py", "--run runs/v21-ecvq6 --phase prior --init runs/v21-ecvq/step1400.pt --stages 6 "
                                 "--refine-channels 32 --refine-layers 1 "
                                 "--rate-weights 0.003,0.002,0.001,0.0005,0.0003 --lr 1e-4 --minutes 50 --threads 2",
         "a sixth stage; its step 800 (step800.pt) is the model"),
        ("vqz_export_layered.py", "--checkpoint runs/v21-ecvq6/step800.pt --out {out} --name vqz-f4-k512-l6-v21 "
                                  "--version 2 --quality-bands 29:0.3,47:0.4,63:0.1,78:0.1,91:0.1,100:0.07",
         "shipped since 0.8 as a delta against vqz-f4-k512-l6-v21g (vqz_delta.py)"),
    ]),
    "vqz-f4-k512-l6-v21g": dict(release="0.8", resource="vqz-f4-k512-l6-v21g.vqzm", after="vqz-f4-k512-l6-v21",
                                readme="Two-level alphabet", steps=[
        ("vqz_import.py", "/tmp/vqz-f4-k512-l6-v21.vqzm runs/v21-import.pt",
         "0.7's bundle (rebuilt from its delta, or 0.7's default.vqzm)"),
        ("vqz_groups.py", "--checkpoint runs/v21-import.pt --out runs/v21-groups32.pt --groups 32 --batches 8", ""),
        ("vqz_groups.py", "--checkpoint runs/v21-import.pt --out runs/v21-groups32h.pt --groups 32 --batches 16 "
                          "--half --layers 0 --keep runs/v21-groups32.pt", ""),
        ("vqz_groups.py", "--bundle /tmp/vqz-f4-k512-l6-v21.vqzm --heads runs/v21-groups32h.pt --out {out} "
                          "--name vqz-f4-k512-l6-v21g",
         "0.7's bundle with the group heads added to its priors, every other entry byte for byte"),
    ]),
    "vqz-f4-k512-l6-v22": dict(release="0.9", resource="default.vqzm", after="vqz-f4-k512-l6-v21",
                               readme="Narrow two-level priors on v22's codes", steps=[
        ("vqz_import.py", "/tmp/vqz-f4-k512-l6-v21.vqzm runs/v21-import.pt", "0.7's bundle, as above"),
        ("vqz_train_layered.py", "--run runs/v22-vq --phase vq --init runs/v21-import.pt --stages 6 "
                                 "--refine-channels 32 --refine-layers 1 "
                                 "--rate-weights 0.003,0.002,0.001,0.0005,0.0003 --lr 5e-5 --minutes 240 --threads 2",
         "encoder, codebooks and decoder trained with the rate-weighted choice; 10 373 steps"),
        ("vqz_train_layered.py", "--run runs/v22-prior --phase prior --init runs/v22-vq/last.pt --stages 6 "
                                 "--refine-channels 32 --refine-layers 1 "
                                 "--rate-weights 0.003,0.002,0.001,0.0005,0.0003 --lr 1e-4 --minutes 120 --threads 2",
         "the graft below took its checkpoint at step 1 200"),
        ("vqz_train_priors.py", "--run runs/v22n-more --from runs/v22-prior/last.pt --layers 0,1,2,3,4,5 --groups 32 "
                                "--prior-channels 32 --prior-layers 2 --refine-channels 16 --refine-layers 1 "
                                "--minutes 120 --threads 2",
         "narrow two-level priors on the frozen codes; run as runs/v22n for 80 minutes, copied and resumed (the "
         "schedule is wall time); 4 166 steps"),
        ("vqz_train_priors.py", "--run runs/v22n-more --graft runs/v22-prior/last.pt --out runs/v22n-more.pt", ""),
        ("vqz_export_layered.py", "--checkpoint runs/v22n-more.pt --out {out} --name vqz-f4-k512-l6-v22 --version 2 "
                                  "--quality-bands 29:0.3,47:0.4,63:0.1,78:0.15,91:0.1,100:0.1", ""),
    ]),
}

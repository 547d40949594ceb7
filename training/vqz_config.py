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

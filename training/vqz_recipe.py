"""The recipe of a shipped model (vqz_config.RECIPES) as shell commands, and what its steps set.

  cd training && /usr/bin/python3 vqz_recipe.py vqz-f4-k512-l6-v22          # print the commands
  /usr/bin/python3 vqz_recipe.py --list
"""
import argparse
import importlib
import os
import shlex

from vqz_config import HERE, RECIPES

BUNDLES = os.path.relpath(os.path.join(HERE, "..", "codec", "src", "main", "resources", "io", "vqz", "codec"), HERE)


def steps(name, out="/tmp/{name}.vqzm"):
    """-> [(script, argv, note)] of the recipe, placeholders filled in."""
    r = RECIPES[name]
    fill = dict(bundles=BUNDLES, out=out.format(name=name))
    return [(script, shlex.split(args.format(**fill)), note) for script, args, note in r["steps"]]


def parsed(script, argv):
    """The step's command line as its script parses it."""
    return importlib.import_module(script[:-3]).parse_args(argv)


def shape(name):
    """What the recipe's steps set that a bundle's manifest records: layers, the base prior's and the refinement
    priors' widths and depths, the refinement rate weights, the quality bands and the name (the last step to set
    each wins, from the recipe it comes after; the defaults are the trainers')."""
    after = RECIPES[name].get("after")
    got = {k: v for k, v in shape(after).items() if k != "name"} if after else {}
    for script, argv, _ in steps(name):
        a = parsed(script, argv)
        if script == "vqz_train.py":
            got.update(layers=1, prior=(a.prior_channels, a.prior_layers))
        elif script == "vqz_train_layered.py":
            got.update(layers=a.stages, prior=(a.prior_channels, a.prior_layers),
                       refine=(a.refine_channels or a.prior_channels, a.refine_layers))
            if a.rate_weights:
                got["rate_weights"] = a.rate_weights
        elif script == "vqz_train_priors.py" and not a.graft:
            got.update(prior=(a.prior_channels, a.prior_layers), refine=(a.refine_channels, a.refine_layers))
        elif script.startswith("vqz_export") or (script == "vqz_groups.py" and a.bundle):
            got["name"] = a.name
            if getattr(a, "quality_bands", None):
                got["quality_bands"] = [tuple(float(v) for v in t.split(":")) for t in a.quality_bands.split(",")]
    return got


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("name", nargs="?", help="a shipped model's name")
    p.add_argument("--list", action="store_true")
    a = p.parse_args(argv)
    if a.list or not a.name:
        for name, r in RECIPES.items():
            print(f"{name}  (VQZ {r['release']}, {r['resource']}; after {r.get('after', 'nothing')}; README.md: "
                  f"{r['readme']})")
        return
    if a.name not in RECIPES:
        p.error(f"no recipe for {a.name}; --list names them")
    r = RECIPES[a.name]
    print(f"# {a.name}: VQZ {r['release']}; README.md, \"{r['readme']}\"; after {r.get('after', 'nothing')}\ncd training")
    for script, argv, note in steps(a.name):
        if note:
            print(f"# {note}")
        print(" ".join(["/usr/bin/python3", script] + [shlex.quote(x) for x in argv]))


if __name__ == "__main__":
    main()

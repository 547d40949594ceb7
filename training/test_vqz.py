"""Tests of the export and evaluation tools on tiny random models (seconds on one core).

  cd training && /usr/bin/python3 -m unittest test_vqz -v
"""
import hashlib
import json
import struct
import os
import tarfile
import tempfile
import types
import unittest

import numpy as np
import torch
import torch.nn.functional as F
from PIL import Image

import vqz_eval
import vqz_bundle
import vqz_export
import vqz_export_layered
import vqz_groups
import vqz_import
import vqz_measure
from vqz_train_layered import build
from vqz_model import VQVAE, PixelCnnPrior, RefinementPrior, ResidualQuantiser, fit_rate_constrained, ms_ssim_rgb

torch.set_num_threads(1)

TINY = dict(k=16, d=4, channels=8, prior_channels=8, prior_layers=2, crop=64, batch=2, lr=1e-3, beta=0.25,
            seed=1, finetune=0.1, src="train")


def tiny_models(seed=0):
    torch.manual_seed(seed)
    vq = VQVAE(k=TINY["k"], d=TINY["d"], c=TINY["channels"]).eval()
    prior = PixelCnnPrior(k=TINY["k"], c=TINY["prior_channels"], layers=TINY["prior_layers"]).eval()
    with torch.no_grad():  # trained-looking, non-trivial prior weights
        for p in prior.parameters():
            p.normal_(0, 0.5)
    return vq, prior


class ShuffleTest(unittest.TestCase):
    def test_space_to_depth_is_pixel_unshuffle(self):
        x = torch.rand(1, 3, 12, 20)
        self.assertTrue(torch.equal(vqz_bundle.space_to_depth(x), torch.nn.PixelUnshuffle(4)(x)))
        y = torch.rand(1, 48, 3, 5)
        self.assertTrue(torch.equal(vqz_bundle.depth_to_space(y), torch.nn.PixelShuffle(4)(y)))


class ExportTest(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.TemporaryDirectory()
        vq, prior = tiny_models()
        self.ckpt = os.path.join(self.dir.name, "tiny.pt")
        torch.save(dict(vq=vq.state_dict(), prior=prior.state_dict(), step=7, seconds=1.5, args=TINY,
                        machine="test"), self.ckpt)
        self.image = os.path.join(self.dir.name, "train.png")
        rng = np.random.default_rng(3)
        Image.fromarray(rng.integers(0, 256, (48, 40, 3), dtype=np.uint8)).save(self.image)

    def tearDown(self):
        self.dir.cleanup()

    def export(self, out):
        args = types.SimpleNamespace(checkpoint=self.ckpt, out=os.path.join(self.dir.name, out), name="tiny",
                                     version="1", metrics=None, parity_image=self.image)
        return vqz_export.export(args), args.out

    def test_same_checkpoint_same_bytes(self):
        d1, p1 = self.export("a.vqzm")
        d2, p2 = self.export("b.vqzm")
        self.assertEqual(d1, d2)
        with open(p1, "rb") as f:
            self.assertEqual(hashlib.sha256(f.read()).hexdigest(), d1)

    def test_layout(self):
        _, path = self.export("a.vqzm")
        with tarfile.open(path) as tar:
            members = tar.getmembers()
            names = [m.name for m in members]
            self.assertEqual(names, sorted(names))
            self.assertEqual({m.mtime for m in members}, {vqz_bundle.TAR_MTIME})
            self.assertEqual({(m.uid, m.gid) for m in members}, {(0, 0)})
            prior_bin = tar.extractfile("prior.bin").read()
        vq, prior = tiny_models()
        back = vqz_bundle.read_prior_bin(prior_bin)
        codes = torch.randint(0, TINY["k"], (1, 5, 6))
        self.assertTrue(torch.allclose(back(codes), prior(codes), atol=1e-6))
        self.assertEqual(vqz_export.check_bundle(path), vqz_export.check_bundle(path))

    def test_receptive_field(self):
        vq, _ = tiny_models()
        self.assertEqual(vqz_bundle.receptive_field(vq), dict(encoder=3, decoder=5))


def tiny_data(folder, train_shape, held_out_shape):
    """A packed data set (vqz_data.pack's layout) of one random training image and one held-out image."""
    rng = np.random.default_rng(3)
    imgs = [rng.integers(0, 256, shape + (3,), dtype=np.uint8) for shape in (train_shape, held_out_shape)]
    data = os.path.join(folder, "data.npz")
    np.savez(data, pixels=np.concatenate([i.reshape(-1) for i in imgs]), shapes=np.array([i.shape[:2] for i in imgs]),
             names=np.array(["a.png", "b.png"]), validation=np.array([False, True]))
    return data


class LayeredExportTest(unittest.TestCase):
    """vqz_export_layered: deterministic bytes, and refinement priors that read back exactly."""

    def setUp(self):
        import vqz_train_layered
        self.dir = tempfile.TemporaryDirectory()
        a = vqz_train_layered.parse_args(["--run", self.dir.name, "--phase", "prior", "--k", "16", "--d", "4",
                                          "--channels", "8", "--stages", "3", "--prior-channels", "8",
                                          "--prior-layers", "1", "--refine-layers", "1", "--refine-channels", "4"])
        torch.manual_seed(5)
        vq, base, refine = vqz_train_layered.build(a)
        with torch.no_grad():
            for p in list(base.parameters()) + list(refine.parameters()):
                p.normal_(0, 0.5)
        self.ckpt = os.path.join(self.dir.name, "tiny.pt")
        torch.save(dict(vq=vq.state_dict(), base_prior=base.state_dict(), refine=refine.state_dict(), step=3,
                        seconds=1.0, args=vars(a), machine="test"), self.ckpt)
        self.image = os.path.join(self.dir.name, "train.png")
        Image.fromarray(np.random.default_rng(4).integers(0, 256, (48, 40, 3), dtype=np.uint8)).save(self.image)
        self.refine = refine

    def tearDown(self):
        self.dir.cleanup()

    def export(self, out):
        import vqz_export_layered
        args = types.SimpleNamespace(checkpoint=self.ckpt, out=os.path.join(self.dir.name, out), name="tiny-l3",
                                     version="2", metrics=None, parity_image=self.image)
        return vqz_export_layered.export(args), args.out

    def test_same_checkpoint_same_bytes_and_refinement_priors_read_back(self):
        import vqz_export_layered
        d1, path = self.export("a.vqzm")
        d2, _ = self.export("b.vqzm")
        self.assertEqual(d1, d2)
        with tarfile.open(path) as tar:
            names = sorted(m.name for m in tar.getmembers())
            data = tar.extractfile("refine-2.bin").read()
        self.assertIn("codebooks.bin", names)
        self.assertEqual([n for n in names if n.startswith("refine-")], ["refine-1.bin", "refine-2.bin"])
        back = vqz_export_layered.read_refine_bin(data)
        self.assertEqual(back.spec()["C"], 4)
        codes = torch.randint(0, 16, (1, 5, 6))
        ctx = torch.randn(1, 4, 5, 6)
        self.assertTrue(torch.allclose(back(codes, ctx), self.refine[1](codes, ctx), atol=1e-6))


class TrainPriorsTest(unittest.TestCase):
    """vqz_train_priors.py on a tiny layered checkpoint: trains, resumes, grafts, exports a two-level bundle."""
    setUp, tearDown, export = LayeredExportTest.setUp, LayeredExportTest.tearDown, LayeredExportTest.export

    def test_narrow_two_level_priors_train_resume_graft_and_export(self):
        import vqz_export_layered
        import vqz_train_priors
        data = tiny_data(self.dir.name, (40, 44), (36, 36))
        run = os.path.join(self.dir.name, "run")
        args = ["--run", run, "--from", self.ckpt, "--layers", "0,1,2", "--groups", "4", "--prior-channels", "4",
                "--prior-layers", "1", "--refine-channels", "2", "--refine-layers", "1", "--crops", "16", "--crop", "32",
                "--batch", "2", "--minutes", "0", "--checkpoint-every", "2", "--data", data]
        vqz_train_priors.main(args + ["--steps", "3"])
        vqz_train_priors.main(args + ["--steps", "4"])
        ck = torch.load(os.path.join(run, "last.pt"))
        self.assertEqual((ck["step"], ck["args"]["prior_channels"], ck["args"]["refine_channels"]), (4, 4, 2))
        with self.assertRaises(SystemExit):  # refinement priors share one shape: all of them or none
            vqz_train_priors.main(["--run", os.path.join(self.dir.name, "r2"), "--from", self.ckpt, "--layers", "1",
                                   "--refine-channels", "2", "--data", data])
        # the loss is what the decoder pays: the group's bits plus the member's among its group's output rows
        vq, base, refine = vqz_train_priors.build_from(ck)
        heads = vqz_train_priors.group_heads(types.SimpleNamespace(groups=4), ck, base, dict(enumerate(refine, 1)),
                                             fresh=False)
        vqz_train_priors.load_trained(ck, None, {}, heads)
        codes = torch.randint(0, 16, (1, 3, 6, 5))
        bits = vqz_train_priors.losses(vq, base, dict(enumerate(refine, 1)), heads, codes)
        full = vqz_train_priors.losses(vq, base, dict(enumerate(refine, 1)), None, codes)
        f = vqz_train_priors.features(vq, base, dict(enumerate(refine, 1)), codes)[2]
        head = ck["groups"][2]
        _, two = vqz_groups.bits(f.permute(0, 2, 3, 1).reshape(-1, 2), codes[:, 2].reshape(-1),
                                 refine[1].out.weight.detach()[:, :, 0, 0], refine[1].out.bias.detach(), head["order"],
                                 head["weight"], head["bias"], 4)
        self.assertAlmostEqual(bits[2].item(), two, places=4)
        self.assertNotAlmostEqual(bits[2].item(), full[2].item(), places=3)
        out = os.path.join(self.dir.name, "grafted.pt")
        vqz_train_priors.main(["--run", run, "--graft", self.ckpt, "--out", out])
        self.ckpt = out
        self.export("n.vqzm")
        entries = vqz_import.read_entries(os.path.join(self.dir.name, "n.vqzm"))
        for name, c in (("prior.bin", 4), ("refine-2.bin", 2)):
            plain, head = vqz_export_layered.split_groups(entries[name])
            self.assertEqual(struct.unpack_from("<I", plain, 20)[0], c)  # K, E, C: the narrow width
            self.assertEqual(head["weight"].shape[0], 4)


class TrainDecoderTest(unittest.TestCase):
    """vqz_train_decoder.py: a decoder of another shape on frozen codes; trains, resumes, grafts, exports, imports."""
    setUp, tearDown, export = LayeredExportTest.setUp, LayeredExportTest.tearDown, LayeredExportTest.export

    def test_a_smaller_decoder_trains_on_frozen_codes_and_round_trips_through_a_bundle(self):
        import vqz_train_decoder
        data = tiny_data(self.dir.name, (300, 300), (260, 270))
        run = os.path.join(self.dir.name, "run")
        args = ["--run", run, "--from", self.ckpt, "--decoder-channels", "6", "--decoder-blocks", "2", "--crop", "32",
                "--batch", "2", "--checkpoint-every", "2", "--data", data]
        source = torch.load(self.ckpt)
        teacher, student = vqz_train_decoder.build(vqz_train_decoder.parse_args(args), source)
        self.assertEqual((len(student.decoder.blocks), student.decoder.conv_in.out_channels), (2, 6))
        self.assertTrue(torch.equal(student.decoder.blocks[1].conv1.weight,
                                    teacher.decoder.blocks[1].conv1.weight[:6, :6]))  # seeded from --from's
        vqz_train_decoder.main(args + ["--steps", "2"])
        vqz_train_decoder.main(args + ["--steps", "3"])
        self.assertEqual(torch.load(os.path.join(run, "last.pt"))["step"], 3)
        out = os.path.join(self.dir.name, "dec.pt")
        vqz_train_decoder.main(args + ["--out", out])
        ck = torch.load(out)
        for key in ("base_prior", "refine"):  # the codes and their bits stay --from's
            self.assertTrue(all(torch.equal(ck[key][k], source[key][k]) for k in source[key]))
        self.assertTrue(all(torch.equal(ck["vq"][k], source["vq"][k]) for k in source["vq"] if not k.startswith("decoder.")))
        self.assertNotIn("decoder.blocks.2.conv1.weight", ck["vq"])
        self.ckpt = out
        digest, path = self.export("d.vqzm")
        man = vqz_import.load_layered_bundle(path)["manifest"]
        self.assertEqual(man["decoder"], dict(channels=6, blocks=2))
        torch.save(vqz_import.load_layered_bundle(path), out)
        self.assertEqual(self.export("e.vqzm")[0], digest)


class EffortGraphsTest(unittest.TestCase):
    """The encoder's effort levels: the decoder's gradient graph and the fast encoder's trainer."""
    setUp, tearDown, export = LayeredExportTest.setUp, LayeredExportTest.tearDown, LayeredExportTest.export

    def test_the_written_out_backward_pass_is_autograds_and_exports_beside_the_bundle(self):
        import onnx
        import vqz_export_vjp
        digest, path = self.export("g.vqzm")
        out = os.path.join(self.dir.name, "analysis")
        vqz_export_vjp.main([path, "--out", out])
        graph = os.path.join(out, digest[:16] + ".decoder-vjp.onnx")
        model = onnx.load(graph)
        self.assertEqual([i.name for i in model.graph.input], ["latents", "source", "weight"])
        self.assertEqual([o.name for o in model.graph.output], ["picture", "gradient"])
        ck = vqz_import.load_layered_bundle(path)
        vq = vqz_model_of(ck)
        module = vqz_export_vjp.DecoderVjp(vq.decoder)
        self.assertLess(vqz_export_vjp.check(vq, module), 1e-4)

        class Doubled(torch.nn.Module):  # a wrong backward pass is caught
            def forward(self, z, x, wt):
                picture, gradient = module(z, x, wt)
                return picture, 2 * gradient

        with self.assertRaises(AssertionError):
            vqz_export_vjp.check(vq, Doubled())

    def test_a_fast_encoder_trains_towards_the_teachers_latents_resumes_and_exports(self):
        import vqz_train_encoder
        data = tiny_data(self.dir.name, (300, 300), (260, 270))
        run = os.path.join(self.dir.name, "enc")
        args = ["--run", run, "--from", self.ckpt, "--channels", "4", "--blocks", "1", "--crop", "32", "--batch", "2",
                "--checkpoint-every", "2", "--data", data, "--lr", "1e-2"]
        source = torch.load(self.ckpt)
        teacher, student = vqz_train_encoder.build(vqz_train_encoder.parse_args(args), source)
        self.assertEqual((len(student.blocks), student.conv_in.out_channels), (1, 4))
        self.assertTrue(torch.equal(student.conv_in.weight, teacher.encoder.conv_in.weight[:4]))
        vqz_train_encoder.main(args + ["--steps", "2"])
        vqz_train_encoder.main(args + ["--steps", "6"])
        self.assertEqual(torch.load(os.path.join(run, "last.pt"))["step"], 6)
        with open(os.path.join(run, "log.jsonl")) as f:
            log = [json.loads(line) for line in f]
        self.assertLess(log[-1]["val_latent_mse"], log[0]["val_latent_mse"])
        digest, path = self.export("f.vqzm")
        out = os.path.join(self.dir.name, "analysis")
        vqz_train_encoder.main(args + ["--export", out, "--bundle", path])
        self.assertTrue(os.path.exists(os.path.join(out, digest[:16] + ".encoder-fast.onnx")))


def vqz_model_of(ck):
    from vqz_config import layered_vq
    vq = layered_vq(types.SimpleNamespace(**ck["args"]))
    vq.load_state_dict(ck["vq"])
    return vq.eval()


class RecipeTest(unittest.TestCase):
    """vqz_config.RECIPES: every shipped model has one, every step parses with its script, and what the steps set
    is what the shipped bundle's manifest records."""

    def test_every_shipped_model_has_a_recipe_that_makes_its_manifest(self):
        import json
        import vqz_recipe
        shipped = os.path.join(vqz_recipe.HERE, "..", "codec", "src", "main", "resources", "io", "vqz", "codec")
        manifests = {}
        for f in os.listdir(shipped):
            if f.endswith(".manifest.json"):
                with open(os.path.join(shipped, f)) as fh:
                    m = json.load(fh)
                manifests[m["name"]] = (f[:-len(".manifest.json")], m)
        self.assertEqual(sorted(manifests), sorted(vqz_recipe.RECIPES))
        for name, recipe in vqz_recipe.RECIPES.items():
            resource, m = manifests[name]
            self.assertEqual(resource.split(".")[0], recipe["resource"].split(".")[0], name)
            got = vqz_recipe.shape(name)
            self.assertEqual(got["name"], name)
            self.assertEqual(got["layers"], m.get("layers", 1), name)
            self.assertEqual(got["prior"], (m["prior"]["C"], m["prior"]["L"]), name)
            if m.get("refine"):
                self.assertEqual(got["refine"], (m["refine"]["C"], m["refine"]["L"]), name)
            weights = m.get("rate_weights") or []
            self.assertEqual(len(got.get("rate_weights", [])), len(weights[1:]), name)
            for a, b in zip(got.get("rate_weights", []), weights[1:]):
                self.assertAlmostEqual(a, b, places=6)
            bands = [(float(b["top"]), b["lambda"]) for b in m.get("quality_bands") or []]
            self.assertEqual(got.get("quality_bands", []), bands, name)
            self.assertIn(recipe["readme"], open(os.path.join(vqz_recipe.HERE, "README.md")).read(), name)


class ImportTest(unittest.TestCase):
    setUp, tearDown, export = ExportTest.setUp, ExportTest.tearDown, ExportTest.export

    def test_bundle_seeds_the_same_networks(self):
        _, path = self.export("a.vqzm")
        vq, prior, man = vqz_import.load_bundle(path)
        ref_vq, ref_prior = tiny_models()
        x = torch.rand(1, 3, 16, 24)
        self.assertTrue(torch.equal(vq.quantiser.embed, ref_vq.quantiser.embed))
        self.assertTrue(torch.allclose(vq.decode_indices(ref_vq.quantiser.indices(ref_vq.encoder(x))),
                                       ref_vq.decode_indices(ref_vq.quantiser.indices(ref_vq.encoder(x))), atol=0))
        codes = torch.randint(0, TINY["k"], (1, 5, 6))
        self.assertTrue(torch.allclose(prior(codes), ref_prior(codes), atol=1e-6))
        self.assertEqual(man["name"], "tiny")


class LayeredImportTest(unittest.TestCase):
    """A layered bundle -> checkpoint -> bundle: the same bytes, so a run can be seeded from the shipped default."""
    setUp, tearDown, export = LayeredExportTest.setUp, LayeredExportTest.tearDown, LayeredExportTest.export

    def test_import_then_export_gives_the_same_bundle(self):
        digest, path = self.export("a.vqzm")
        ck = vqz_import.load_layered_bundle(path)
        self.assertEqual((ck["args"]["stages"], ck["args"]["refine_channels"], ck["step"]), (3, 4, 3))
        torch.save(ck, self.ckpt)
        again, _ = self.export("b.vqzm")
        self.assertEqual(again, digest)

    def test_a_two_level_bundle_imports_and_exports_to_the_same_bytes(self):
        import vqz_groups
        from vqz_export_layered import split_groups
        _, path = self.export("a.vqzm")
        grouped = os.path.join(self.dir.name, "g.vqzm")
        digest = vqz_groups.group_bundle(path, grouped, 4, name="tiny-l3")
        entries = vqz_import.read_entries(grouped)
        self.assertEqual(struct.unpack_from("<I", entries["prior.bin"], 8)[0], 3)
        self.assertEqual(struct.unpack_from("<I", entries["refine-1.bin"], 8)[0], 4)
        plain, head = split_groups(entries["prior.bin"])
        self.assertEqual(plain, vqz_import.read_entries(path)["prior.bin"])
        self.assertEqual(sorted(head["order"].tolist()), list(range(head["order"].numel())))
        ck = vqz_import.load_layered_bundle(grouped)
        self.assertEqual(len(ck["groups"]), 3)
        torch.save(ck, self.ckpt)
        again, _ = self.export("b.vqzm")
        self.assertNotEqual(again, digest)  # the manifest: exported from a checkpoint, not grouped from a bundle
        self.assertEqual(vqz_import.read_entries(os.path.join(self.dir.name, "b.vqzm"))["refine-2.bin"],
                         entries["refine-2.bin"])

    def test_usage_is_refitted_to_the_weighted_choice(self):
        from vqz_model import ResidualQuantiser
        torch.manual_seed(2)
        rq = ResidualQuantiser(16, 4, 2)
        rq.stages[1].rate_weight.fill_(0.5)
        flat = torch.randn(2000, 4)
        vqz_import.refit_usage(rq, flat)
        stage, residual = rq.stages[1], flat - rq.stages[0].embed[rq.stages[0].indices(flat[:, :, None, None]).view(-1)]
        counts = torch.bincount(stage.indices(residual[:, :, None, None]).view(-1), minlength=16).float() + 0.5
        self.assertLess(float((counts - stage.cluster_size).abs().max()), 0.05 * len(flat))
        self.assertGreater(float(stage.cluster_size.max() / stage.cluster_size.min()), 2.0)
        self.assertTrue(torch.equal(rq.stages[0].cluster_size, torch.ones(16)))


class LayeredTest(unittest.TestCase):
    def test_stages_quantise_what_the_earlier_ones_left(self):
        torch.manual_seed(2)
        rq = ResidualQuantiser(k=8, d=4, stages=3).eval()
        z = torch.randn(2, 4, 5, 6)
        idx = rq.indices(z)
        errors = [F.mse_loss(rq.lookup(idx[:, :n]), z).item() for n in (1, 2, 3)]
        self.assertEqual(list(idx.shape), [2, 3, 5, 6])
        residual = z - rq.stages[0].lookup(idx[:, 0])
        self.assertTrue(torch.equal(idx[:, 1], rq.stages[1].indices(residual)))
        # quantiser dropout: sample b decodes from its first n[b] stages
        q, all_idx, _ = rq(z, torch.tensor([1, 3]))
        self.assertTrue(torch.equal(all_idx, idx))
        self.assertTrue(torch.allclose(q[0], rq.lookup(idx[:1, :1])[0], atol=1e-6))
        self.assertTrue(torch.allclose(q[1], rq.lookup(idx[1:, :3])[0], atol=1e-6))
        self.assertLess(errors[2], errors[0])

    def test_refinement_prior_is_causal_in_its_own_layer_only(self):
        torch.manual_seed(3)
        prior = RefinementPrior(k=8, d=4, e=4, c=8, layers=2).eval()
        codes, coarse = torch.randint(0, 8, (1, 6, 7)), torch.randn(1, 4, 6, 7)
        y, x = 3, 3
        base = prior(codes, coarse)[0, :, y, x]
        later = codes.clone(); later[0, y, x + 1:] = (later[0, y, x + 1:] + 1) % 8; later[0, y + 1:] = 0
        self.assertTrue(torch.allclose(prior(later, coarse)[0, :, y, x], base, atol=1e-6))
        here = codes.clone(); here[0, y, x] = (here[0, y, x] + 1) % 8
        self.assertTrue(torch.allclose(prior(here, coarse)[0, :, y, x], base, atol=1e-6))
        moved = coarse.clone(); moved[0, :, y + 1, x + 1] += 1  # coarse layers are seen on both sides
        self.assertFalse(torch.allclose(prior(codes, moved)[0, :, y, x], base, atol=1e-6))


class RateConstrainedTest(unittest.TestCase):
    """Entropy-constrained refinement codebooks (fit_rate_constrained) and their rate weights in the bundle."""

    @staticmethod
    def order0_bits(idx, k):
        p = torch.bincount(idx.reshape(-1), minlength=k).double()
        p = p[p > 0] / p.sum()
        return float(-(p * p.log2()).sum())

    def test_a_weight_buys_rate_with_distortion_and_old_states_choose_nearest(self):
        torch.manual_seed(6)
        rq = ResidualQuantiser(k=32, d=4, stages=2).eval()
        z = torch.randn(4000, 4) * torch.tensor([1.0, 0.5, 0.3, 0.1])
        fit_rate_constrained(rq, z, [0.0])  # a zero weight leaves the stage as it is
        self.assertEqual(float(rq.stages[1].rate_weight), 0.0)
        flat = z[:, :, None, None]
        fit_rate_constrained(rq, z, [1e-9])  # Lloyd's k-means, in effect: the baseline
        plain = rq.indices(flat)
        fit_rate_constrained(rq, z, [0.2])
        weighted = rq.indices(flat)
        self.assertTrue(torch.equal(plain[:, 0], weighted[:, 0]), "the base stage keeps the nearest codes")
        self.assertLess(self.order0_bits(weighted[:, 1], 32), self.order0_bits(plain[:, 1], 32) - 0.5)
        residual = z - rq.stages[0].embed[weighted[:, 0, 0, 0]]
        err = ((residual - rq.stages[1].embed[weighted[:, 1, 0, 0]]) ** 2).sum(1).mean()
        self.assertLess(float(err), float((residual ** 2).sum(1).mean()))
        # the choice is the weighted argmin under the usage the fit left
        cost = ((residual[:, None] - rq.stages[1].embed[None]) ** 2).sum(2) + 0.2 * rq.stages[1].code_bits()[None]
        self.assertTrue(torch.equal(cost.argmin(1), weighted[:, 1, 0, 0]))
        state = {k: v for k, v in rq.state_dict().items() if not k.endswith("rate_weight")}
        old = ResidualQuantiser(k=32, d=4, stages=2).eval()
        old.load_state_dict(state)
        self.assertEqual([float(q.rate_weight) for q in old.stages], [0.0, 0.0])
        self.assertFalse(torch.equal(old.indices(flat), weighted))

    def test_the_manifest_carries_the_weights(self):
        import vqz_export_layered
        rq = ResidualQuantiser(k=8, d=4, stages=3)
        vq = types.SimpleNamespace(quantiser=rq)
        self.assertEqual(vqz_export_layered.rate_weights(vq), {})
        rq.stages[2].rate_weight.fill_(0.25)
        self.assertEqual(vqz_export_layered.rate_weights(vq), dict(rate_weights=[0.0, 0.0, 0.25]))


class HalfResolutionTest(unittest.TestCase):
    def test_the_upsampler_puts_a_ramp_back_where_the_mean_took_it(self):
        ramp = torch.arange(24.0).view(1, 1, 1, 24).expand(1, 3, 12, 24)  # values = column
        small = torch.nn.functional.avg_pool2d(ramp, 2)
        up = vqz_export_layered.HalfResolution(torch.nn.Identity(), True)(small)
        self.assertEqual(tuple(up.shape), (1, 3, 12, 24))
        # Catmull-Rom reproduces a linear function exactly, away from the edge-replicated border
        self.assertTrue(torch.allclose(up[..., 4:-4], ramp[..., 4:-4], atol=1e-5))
        self.assertTrue(torch.allclose(vqz_export_layered.HalfResolution(torch.nn.Identity(), False)(ramp), small))


def _image(path):
    """An 8-bit RGB file as a [1, 3, H, W] tensor in [0, 1], cropped to whole 4 x 4 blocks as the models see it."""
    a = np.asarray(Image.open(path).convert("RGB"))
    h, w = a.shape[0] // 4 * 4, a.shape[1] // 4 * 4
    return torch.from_numpy(a[:h, :w].astype(np.float32)).permute(2, 0, 1)[None] / 255


class MetricTest(unittest.TestCase):
    def test_ms_ssim_matches_the_benchmarks_reference_values(self):
        bench = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "testdata", "bench")
        with open(os.path.join(bench, "reference-values.txt")) as f:
            for line in f:
                ref, dist, _, ms = line.split()
                a, b = (_image(os.path.join(bench, n)) for n in (ref, dist))
                self.assertAlmostEqual(float(ms_ssim_rgb(b.double(), a.double()).mean()), float(ms.split("=")[1]),
                                       places=7)


class WavefrontTest(unittest.TestCase):
    def setUp(self):
        _, self.prior = tiny_models(1)
        self.wf = vqz_eval.WavefrontPrior(self.prior)
        torch.manual_seed(5)
        self.tiles = [(0, 0, 0, 9, 11), (0, 0, 0, 6, 4)]  # a full tile and a partial one, batched at 9x11
        self.valid = torch.zeros(2, 9, 11, dtype=torch.bool)
        for n, (_, _, _, th, tw) in enumerate(self.tiles):
            self.valid[n, :th, :tw] = True

    def full_bits(self, codes):
        return vqz_eval.tile_bits_full(self.prior, codes, self.tiles)

    def test_lambda_zero_keeps_nearest_and_matches_full_prior(self):
        ci = torch.randint(0, TINY["k"], (2, 3, 9, 11))
        cd = torch.rand(2, 3, 9, 11).sort(1).values
        codes, bits, bits_cdf = self.wf.choose(ci, cd, self.valid, 0.0)
        self.assertTrue(torch.equal(codes, ci[:, 0] * self.valid))
        np.testing.assert_allclose(bits.numpy(), self.full_bits(codes), rtol=1e-5)

    def test_rd_choice_is_teacher_forced_on_chosen_codes(self):
        ci = torch.stack([torch.randperm(TINY["k"])[:4] for _ in range(2 * 9 * 11)]).view(2, 9, 11, 4)
        ci = ci.permute(0, 3, 1, 2).contiguous()
        cd = torch.rand(2, 4, 9, 11).sort(1).values * 0.1
        codes, bits, bits_cdf = self.wf.choose(ci, cd, self.valid, 1.0)
        self.assertFalse(torch.equal(codes, ci[:, 0] * self.valid), "lambda 1 should change some choices")
        # the bits the greedy pass paid are exactly the prior's teacher-forced bits of the final grid
        np.testing.assert_allclose(bits.numpy(), self.full_bits(codes), rtol=1e-5)
        for n, (_, _, _, th, tw) in enumerate(self.tiles):  # and under the integer CDFs
            c = codes[n:n + 1, :th, :tw]
            logits = self.prior(c)[0].permute(1, 2, 0).reshape(-1, TINY["k"])
            self.assertAlmostEqual(float(vqz_measure.cdf_bits(logits, c.reshape(-1)).sum()), float(bits_cdf[n]), 3)
        # and each choice minimises the cost given the earlier choices
        n, y, x = 0, 4, 5
        logp = F.log_softmax(self.prior(codes[n:n + 1]), 1)[0, :, y, x]
        cost = cd[n, :, y, x] - logp[ci[n, :, y, x]] / np.log(2)
        self.assertEqual(int(ci[n, cost.argmin(), y, x]), int(codes[n, y, x]))

    def test_integer_cdf_bits_follow_the_design_rule(self):
        torch.manual_seed(9)
        logits = torch.randn(6, 20) * 4
        logits[1] = 0  # all tied: the remainder goes to symbol 0
        logits[2, 3] = 100  # one certain symbol, the rest at the floor
        codes = torch.tensor([0, 5, 3, 7, 19, 11])
        got = vqz_measure.cdf_bits(logits, codes)
        for r in range(6):
            row = logits[r].tolist()
            m = max(row)
            qs = [512 if m - v >= 16 else int((m - v) * 32) for v in row]
            ws = [max(1, round(np.exp(-q / 32.0) * 2 ** 24)) for q in qs]
            freq = [1 + w * (65536 - 20) // sum(ws) for w in ws]
            freq[qs.index(0)] += 65536 - sum(freq)
            self.assertAlmostEqual(float(got[r]), -np.log2(freq[int(codes[r])] / 65536), places=9)

    def test_jpeg_interpolation(self):
        curve = [dict(bpp=0.25, psnr=24.0), dict(bpp=1.0, psnr=32.0)]
        self.assertAlmostEqual(vqz_measure.jpeg_psnr_at(curve, 0.5), 28.0)
        self.assertIsNone(vqz_measure.jpeg_psnr_at(curve, 2.0))


if __name__ == "__main__":
    unittest.main()

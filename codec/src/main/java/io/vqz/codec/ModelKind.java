package io.vqz.codec;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * What differs between the kinds of model a bundle can hold (its manifest's {@code bundle_format}: FORMAT.md A.1, A.3):
 * the one place that says it. Everything else asks the bundle's kind ({@link ModelBundle#kind()}); the code layers of
 * a tile are coded and decoded by {@link LayerStack} for both kinds alike.
 */
enum ModelKind {
    /**
     * Bundle format 1 (VQZ 0.1–0.2): one code layer, {@code codebook.bin}; the encoder network outputs the nearest
     * codes itself, the decoder network takes code indices; container version 1.
     */
    SINGLE_LAYER(1, "codebook.bin"),
    /**
     * Bundle format 2 (since 0.3): a base layer and refinement layers (residual VQ), {@code codebooks.bin} and a
     * {@code refine-<l>.bin} prior per refinement layer; the encoder network outputs latents and Java chooses the
     * codes, the decoder network takes the sum of the codewords decoded; container version 2, or 4 when the priors
     * code a group and a member. Its files can lose layers ({@code vqz trim}) and decode layer by layer, and it runs
     * at half resolution.
     */
    LAYERED(2, "codebooks.bin");

    /** The manifest's {@code bundle_format} of this kind. */
    final int bundleFormat;
    /** The bundle entry with the codebook(s). */
    final String codebookEntry;

    ModelKind(int bundleFormat, String codebookEntry) {
        this.bundleFormat = bundleFormat;
        this.codebookEntry = codebookEntry;
    }

    /**
     * The kind of a manifest's {@code bundle_format}.
     *
     * @throws IOException naming the format if it is not 1 or 2 (3, bit planes, was read by VQZ 0.4–0.8: FORMAT.md A.5)
     */
    static ModelKind ofBundleFormat(int bundleFormat) throws IOException {
        for (ModelKind k : values()) {
            if (k.bundleFormat == bundleFormat) {
                return k;
            }
        }
        throw new IOException(bundleFormat == 3
                ? "model manifest: bundle_format 3 (bit planes) is no longer supported (VQZ 0.4-0.8 read it; no "
                + "shipped model used it)"
                : "model manifest: unsupported bundle_format " + bundleFormat + " (expected 1 or 2)");
    }

    /** Whether a model of this kind has more than one code layer to offer (its manifest says how many). */
    boolean layered() {
        return this == LAYERED;
    }

    /** The entries a bundle of this kind needs besides the networks, the base prior and the manifest. */
    List<String> layerEntries(int layers) {
        List<String> names = new ArrayList<>();
        names.add(codebookEntry);
        for (int l = 1; layered() && l < layers; l++) {
            names.add(refinementEntry(l));
        }
        return names;
    }

    /** Refinement layer {@code layer}'s prior entry. */
    static String refinementEntry(int layer) {
        return "refine-" + layer + ".bin";
    }

    /** Parses the codebook entry: one codebook, or one per layer. */
    Codebook[] readCodebooks(byte[] data, int layers, int size, int dim) throws IOException {
        return layered() ? Codebook.parseLayers(data, layers, size, dim)
                : new Codebook[] {Codebook.parse(data, size, dim)};
    }

    /** The container version of this kind's files: 4 for a layered model whose priors code groups and members. */
    int containerVersion(boolean twoLevelPriors) {
        return twoLevelPriors ? 4 : bundleFormat;
    }

    /** Whether the priors may code a group and a member (FORMAT.md 9.7): a layered model's, all of them or none. */
    boolean allowsTwoLevelPriors() {
        return layered();
    }

    /** Whether the encoder network outputs each position's nearest code (else Java chooses from its latents). */
    boolean encoderChoosesCodes() {
        return !layered();
    }

    /** Whether the decoder network takes the summed codewords of the layers decoded (else the base layer's codes). */
    boolean decoderTakesSums() {
        return layered();
    }

    /** Bytes per code position of what the decoder network is fed, kept for the whole grid while a file decodes. */
    long decoderInputBytes(int dim) {
        return decoderTakesSums() ? (long) Float.BYTES * dim : Integer.BYTES;
    }

    /** Whether a quality maps to a layer count through bands (else every quality sends the one layer). */
    boolean hasQualityBands() {
        return layered();
    }

    /** Whether the model also runs at half resolution (f = 8, {@link HalfResolution}). */
    boolean runsAtHalfResolution() {
        return layered();
    }

    /** The model, for messages: "single-layer", or "layered with 6 layers coded as groups and members (version 4)". */
    String describe(int layers, int containerVersion) {
        return !layered() ? "single-layer" : "layered with " + layers + " layers"
                + (containerVersion == 4 ? " coded as groups and members (version 4)" : "");
    }

    /**
     * Runs the decoder network over the code rectangle (x0, y0, w, h) of a gw × gh grid, fed what this kind's decoder
     * takes: {@code sums} (position-major, D per position) or the base layer's {@code codes} (row-major).
     */
    float[] decodePixels(ModelBundle bundle, int[] codes, float[] sums, int gw, int gh, int x0, int y0, int w, int h)
            throws IOException {
        return decoderTakesSums() ? NetworkTiles.decodeLatents(bundle, sums, gw, gh, x0, y0, w, h)
                : NetworkTiles.decode(bundle, codes, gw, gh, x0, y0, w, h);
    }
}

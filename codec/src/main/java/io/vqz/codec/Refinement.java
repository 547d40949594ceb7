package io.vqz.codec;

import io.vqz.format.TileGrid;

import java.io.IOException;

/**
 * Analysis by synthesis for {@link Effort}'s highest levels, one encoder block at a time: encode what the last decode
 * missed. The layers quantise a target that starts as the encoder's latents; each refinement decodes the block's
 * codes and takes the gradient of the decoded pixels' squared error with respect to the decoder's input (the summed
 * codewords) in one run of the model's {@code decoder-vjp.onnx}, moves the target against it by a step of
 * {@link Effort#refinementStep} times the target's quantisation error (RMS), and codes every layer again. The codes of
 * the lowest {@link Effort#cost} are kept; a block stops after {@link #PATIENCE} refinements without a lower cost.
 * Decoder and gradient run on windows of the block as a decode does
 * ({@link NetworkTiles}): the block is its own grid here, so the positions within the decoder's reach of a block's
 * edge (only in pictures of more than one block) are refined against an approximate picture; the file is exact
 * either way, as every choice of codes is.
 * <p>
 * Memory: one block's source picture, one window's pictures and three latent grids, {@link #blockBytes}.
 */
final class Refinement {
    /** Codes a block's tiles against a target (position-major latents of the block), as the default level does. */
    interface Coder {
        LayerStack.Encoded[] code(float[] target) throws IOException;
    }

    /** Refinements in a row without a lower cost after which a block stops refining. */
    static final int PATIENCE = 2;

    private Refinement() {
    }

    /** The Java heap one block's refinement takes (for an encode's memory reservation). */
    static long blockBytes(int f, int dim) {
        long positions = (long) NetworkTiles.ENCODER_BLOCK * NetworkTiles.ENCODER_BLOCK;
        long side = NetworkTiles.SINGLE_DECODER_BLOCK_MAX + 40;
        long window = side * side;
        return positions * Float.BYTES * (3L * f * f + 3L * dim) + window * Float.BYTES * (7L * f * f + 2L * dim);
    }

    /**
     * @param first   the block's tiles coded against the encoder's latents, in the order of {@code inBlock}
     * @param layers  the layers sent
     * @param times   how many refinements
     * @param continuous how many steps the target takes unquantised before the first refinement
     * @return the tiles' codes of the lowest cost, {@code first} or a refinement's
     */
    static LayerStack.Encoded[] refine(ModelBundle bundle, OnnxNet vjp, SourceImage src, NetworkTiles.Latents lat,
                                       int layers, int[] inBlock, TileGrid tiles, int times, int continuous,
                                       Coder coder, Progress progress, LayerStack.Encoded[] first)
            throws IOException {
        BlockPicture pic = BlockPicture.of(bundle, src, lat);
        ModelBundle decoder = pic.decoder();
        float[] source = pic.source();
        int vw = pic.vw();
        int vh = pic.vh();
        float[] target = lat.z.clone();
        double step = Effort.refinementStep(layers);
        LayerStack.Encoded[] current = first;
        LayerStack.Encoded[] best = first.clone();
        double[] bestCost = new double[inBlock.length];
        java.util.Arrays.fill(bestCost, Double.POSITIVE_INFINITY);
        double[] se = new double[lat.w * lat.h];
        float[] gradient = new float[target.length];
        int sinceBest = 0;
        for (int i = 0; ; i++) {
            float[] sum = summedCodewords(bundle, current, layers, inBlock, tiles, lat);
            synthesise(decoder, vjp, sum, source, lat.w, lat.h, vw, vh, gradient, se);
            // each tile keeps the codes of its lowest cost: tiles differ in how far refining pays
            boolean better = false;
            for (int t = 0; t < inBlock.length; t++) {
                double cost = Effort.cost(current[t].bits, tileError(se, lat, tiles, inBlock[t]));
                if (cost < bestCost[t]) {
                    bestCost[t] = cost;
                    best[t] = current[t];
                    better = true;
                }
            }
            sinceBest = better ? 0 : sinceBest + 1;
            // past the cost's minimum the target only drifts further (training/README.md): stop early
            if (i == times || sinceBest == PATIENCE) {
                return best;
            }
            double error = distance(target, sum);
            if (i == 0 && continuous > 0) {
                // first the target alone, unquantised, towards what the decoder makes the best picture of (fine
                // layers quantise it closely enough to keep most of the gain)
                for (int c = 0; c < continuous; c++) {
                    progress.check();
                    synthesise(decoder, vjp, target, source, lat.w, lat.h, vw, vh, gradient, se);
                    move(target, gradient, step * error);
                }
            } else {
                move(target, gradient, step * error);
            }
            progress.check();
            current = coder.code(target);
        }
    }

    /** The RMS of {@code a − b}. */
    private static double distance(float[] a, float[] b) {
        double sum = 0;
        for (int k = 0; k < a.length; k++) {
            double d = a[k] - b[k];
            sum += d * d;
        }
        return Math.sqrt(sum / a.length);
    }

    /** Moves {@code target} against {@code gradient} by {@code length} (RMS over the block); a zero gradient: not. */
    private static void move(float[] target, float[] gradient, double length) {
        double norm = 0;
        for (float g : gradient) {
            norm += (double) g * g;
        }
        if (norm == 0) {
            return;
        }
        float scale = (float) (length / Math.sqrt(norm / gradient.length));
        for (int k = 0; k < target.length; k++) {
            target[k] -= scale * gradient[k];
        }
    }

    /** The squared error of the pixels of the tile's positions ({@code se} per position of the block). */
    static double tileError(double[] se, NetworkTiles.Latents lat, TileGrid tiles, int index) {
        int x0 = tiles.x(index) - lat.x0;
        int y0 = tiles.y(index) - lat.y0;
        double sum = 0;
        for (int y = y0; y < y0 + tiles.height(index); y++) {
            for (int x = x0; x < x0 + tiles.width(index); x++) {
                sum += se[y * lat.w + x];
            }
        }
        return sum;
    }

    /** The decoder's input over the block: the sum of the codewords of the layers sent, position-major. */
    static float[] summedCodewords(ModelBundle bundle, LayerStack.Encoded[] coded, int layers, int[] inBlock,
                                           TileGrid tiles, NetworkTiles.Latents lat) throws IOException {
        int dim = lat.dim;
        float[] sum = new float[lat.w * lat.h * dim];
        for (int i = 0; i < inBlock.length; i++) {
            int index = inBlock[i];
            int w = tiles.width(index);
            int h = tiles.height(index);
            float[] tile = null;
            for (int l = 0; l < layers; l++) {
                tile = bundle.codebook(l).accumulate(tile, coded[i].codes[l]);
            }
            int x0 = tiles.x(index) - lat.x0;
            int y0 = tiles.y(index) - lat.y0;
            for (int y = 0; y < h; y++) {
                System.arraycopy(tile, y * w * dim, sum, ((y0 + y) * lat.w + x0) * dim, w * dim);
            }
        }
        return sum;
    }

    /**
     * Runs the decoder's gradient graph over the block in the decoder's windows, each with a margin of twice its
     * receptive field (a position's gradient depends on the pixels within one receptive field of it, and their values
     * on the codes within another, so the kept part of every window is exact): fills {@code gradient} (position-major)
     * with the gradient of the squared error of the picture's pixels (not the padding beyond it, {@code vw × vh})
     * with respect to {@code sum}, and {@code perPosition} with each code position's share of that squared error (its
     * f × f pixels), and returns the squared error.
     */
    static double synthesise(ModelBundle bundle, OnnxNet vjp, float[] sum, float[] source, int w, int h,
                             int vw, int vh, float[] gradient, double[] perPosition) throws IOException {
        int f = bundle.downsampling();
        int dim = bundle.manifest().codeDimension;
        int m = 2 * bundle.manifest().decoderRadius;
        int pw = w * f;
        int ph = h * f;
        int side = NetworkTiles.decoderBlock(w, h);
        java.util.Arrays.fill(perPosition, 0);
        double se = 0;
        for (int gy = 0; gy < h; gy += side) {
            for (int gx = 0; gx < w; gx += side) {
                int gw = Math.min(side, w - gx);
                int gh = Math.min(side, h - gy);
                // the decoder's own window, so a thin grid is edge-replicated here as in a decode
                NetworkTiles.Window win = NetworkTiles.Window.around(gx, gy, gw, gh, m, w, h);
                int x0 = win.x0();
                int y0 = win.y0();
                int ww = win.w();
                int wh = win.h();
                int plane = ww * wh;
                int wpw = ww * f;
                int wph = wh * f;
                float[] latents = NetworkTiles.planar(sum, dim, w, h, win);
                float[] pixels = new float[3 * wpw * wph];
                float[] weight = new float[wpw * wph];
                for (int y = 0; y < wph; y++) {
                    int py = y0 * f + y;
                    for (int x = 0; x < wpw; x++) {
                        int px = x0 * f + x;
                        if (px >= 0 && px < pw && py >= 0 && py < ph) {
                            for (int c = 0; c < 3; c++) {
                                pixels[(c * wph + y) * wpw + x] = source[(c * ph + py) * pw + px];
                            }
                            weight[y * wpw + x] = px < vw && py < vh ? 1f : 0f;
                        }
                    }
                }
                Object[] out = vjp.runFloats(new String[] {"latents", "source", "weight"},
                        new float[][] {latents, pixels, weight},
                        new long[][] {{1, dim, wh, ww}, {1, 3, wph, wpw}, {1, 1, wph, wpw}});
                if (out.length < 2 || !(out[0] instanceof float[] picture) || picture.length != pixels.length
                        || !(out[1] instanceof float[] g) || g.length != dim * plane) {
                    throw new IOException(ModelBundle.DECODER_VJP_ENTRY + ": unexpected outputs (want [1,3," + wph
                            + "," + wpw + "] and [1," + dim + "," + wh + "," + ww + "])");
                }
                for (int y = gy; y < gy + gh; y++) {
                    for (int x = gx; x < gx + gw; x++) {
                        int to = (y * w + x) * dim;
                        int from = (y - y0) * ww + (x - x0);
                        for (int d = 0; d < dim; d++) {
                            gradient[to + d] = g[d * plane + from];
                        }
                    }
                }
                for (int c = 0; c < 3; c++) {
                    for (int y = (gy - y0) * f; y < (gy - y0 + gh) * f; y++) {
                        for (int x = (gx - x0) * f; x < (gx - x0 + gw) * f; x++) {
                            int k = (c * wph + y) * wpw + x;
                            double d = picture[k] - pixels[k];
                            double e = weight[y * wpw + x] * d * d;
                            se += e;
                            perPosition[(y0 + y / f) * w + x0 + x / f] += e;
                        }
                    }
                }
            }
        }
        return se;
    }
}

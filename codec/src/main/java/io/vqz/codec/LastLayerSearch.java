package io.vqz.codec;

import io.vqz.entropy.TileCoder;
import io.vqz.format.TileGrid;

import java.io.IOException;

/**
 * Analysis by synthesis of the last layer sent, {@link Effort}'s top level, one encoder block at a time after
 * {@link Refinement}: every position's last-layer code is chosen again among its current code and the
 * {@link #CANDIDATES} − 1 next best by the layer's own rate–distortion cost, judged by the decoded pixels' squared
 * error around it plus its bits under the prior, weighed at the slope {@link Effort#cost} keeps tiles by.
 * <p>
 * A code moves the pixels within the decoder's receptive field of it, most of them within {@link #REACH} positions:
 * positions {@link Effort#searchStep} apart in both directions are tried together (one class of that lattice), each
 * candidate rank with one decode of the block, and each judged by the error within {@link #REACH} positions of it;
 * the classes are swept one after another, each seeing the codes the ones before chose. The lattice is coarser than
 * the receptive field ({@code training/README.md}: 5 positions apart as good as 11, at a fifth of the decodes), so a
 * position's error is judged with its class's other changes nearby; each tile keeps the search's codes only where
 * the decoded result has the lower {@link Effort#cost}, so the file is never worse by that measure.
 * <p>
 * Memory: the block's picture, its summed codewords twice, four candidates per position and one decoder window's
 * output, less than {@link Refinement#blockBytes} (which the encode reserves), and taken after the refinement's.
 */
final class LastLayerSearch {
    /** Codes tried per position, the current one included. */
    static final int CANDIDATES = 4;
    /** How far around a position (in code positions) its decoded error is judged. */
    static final int REACH = 2;
    /** How many of the nearest codewords are ranked by their full cost for the candidates. */
    private static final int NEAR = 8;

    private LastLayerSearch() {
    }

    /** Progress units one tile's search counts: one per lattice class. */
    static long units(int step) {
        return (long) step * step;
    }

    /**
     * @param coded the block's tiles as {@link Refinement} left them, in the order of {@code inBlock}
     * @param step  positions this far apart are tried together ({@link Effort#searchStep})
     * @return the tiles' codes of the lower cost, each {@code coded}'s or the search's
     */
    static LayerStack.Encoded[] search(ModelBundle bundle, SourceImage src, NetworkTiles.Latents lat,
                                       OperatingPoint point, int[] inBlock, TileGrid tiles, int step,
                                       Progress progress, LayerStack.Encoded[] coded) throws IOException {
        int layers = point.layers();
        int l = layers - 1;
        int w = lat.w;
        int h = lat.h;
        int dim = lat.dim;
        Codebook book = bundle.codebook(l);
        BlockPicture pic = BlockPicture.of(bundle, src, lat);
        float[] coarse = new float[w * h * dim];
        int[] last = new int[w * h];
        int[] cand = new int[w * h * CANDIDATES];
        double[] candBits = new double[w * h * CANDIDATES];
        java.util.Arrays.fill(cand, -1);
        double bits = 0;
        for (int i = 0; i < inBlock.length; i++) {
            int index = inBlock[i];
            int x0 = tiles.x(index) - lat.x0;
            int y0 = tiles.y(index) - lat.y0;
            int tw = tiles.width(index);
            int th = tiles.height(index);
            float[] context = LayerStack.coarseSum(bundle, coded[i], l);
            for (int y = 0; y < th; y++) {
                if (context != null) {
                    System.arraycopy(context, y * tw * dim, coarse, ((y0 + y) * w + x0) * dim, tw * dim);
                }
                System.arraycopy(coded[i].codes[l], y * tw, last, (y0 + y) * w + x0, tw);
            }
            candidates(bundle, book, l, point, lat, context, coded[i].codes[l], x0, y0, tw, th, cand, candBits);
            bits += coded[i].bits;
        }
        double[] before = new double[w * h];
        double se = decode(pic, coarse, book, last, w, h, dim, before);
        // the local form of Effort.cost: a change is worth it where SE + mu * bits falls
        double mu = se / (Effort.COST_SLOPE * Math.max(bits, 1));
        double[] cell = new double[w * h];
        int[] trial = new int[w * h];
        for (int oy = 0; oy < step; oy++) {
            for (int ox = 0; ox < step; ox++) {
                int n = ((h - oy + step - 1) / step) * ((w - ox + step - 1) / step);
                if (n <= 0) {
                    progress.done(inBlock.length);
                    continue;
                }
                double[][] judged = new double[CANDIDATES][n];
                for (int c = 0; c < CANDIDATES; c++) {
                    progress.check();
                    System.arraycopy(last, 0, trial, 0, last.length);
                    boolean any = c == 0;
                    for (int y = oy; y < h; y += step) {
                        for (int x = ox; x < w; x += step) {
                            int k = cand[(y * w + x) * CANDIDATES + c];
                            if (k >= 0) {
                                trial[y * w + x] = k;
                                any = true;
                            }
                        }
                    }
                    if (!any) {
                        java.util.Arrays.fill(judged[c], Double.POSITIVE_INFINITY);
                        continue;
                    }
                    decode(pic, coarse, book, trial, w, h, dim, cell);
                    int i = 0;
                    for (int y = oy; y < h; y += step) {
                        for (int x = ox; x < w; x += step) {
                            judged[c][i++] = around(cell, w, h, x, y);
                        }
                    }
                }
                int i = 0;
                for (int y = oy; y < h; y += step) {
                    for (int x = ox; x < w; x += step) {
                        int p = y * w + x;
                        int best = 0;
                        double bestCost = Double.POSITIVE_INFINITY;
                        for (int c = 0; c < CANDIDATES; c++) {
                            if (cand[p * CANDIDATES + c] >= 0) {
                                double cost = judged[c][i] + mu * candBits[p * CANDIDATES + c];
                                if (cost < bestCost) {
                                    bestCost = cost;
                                    best = c;
                                }
                            }
                        }
                        last[p] = cand[p * CANDIDATES + best];
                        i++;
                    }
                }
                progress.done(inBlock.length);
            }
        }
        progress.check();
        LayerStack.Encoded[] searched = new LayerStack.Encoded[inBlock.length];
        for (int i = 0; i < inBlock.length; i++) {
            int index = inBlock[i];
            int x0 = tiles.x(index) - lat.x0;
            int y0 = tiles.y(index) - lat.y0;
            int tw = tiles.width(index);
            int th = tiles.height(index);
            int[] codes = new int[tw * th];
            for (int y = 0; y < th; y++) {
                System.arraycopy(last, (y0 + y) * w + x0, codes, y * tw, tw);
            }
            searched[i] = java.util.Arrays.equals(codes, coded[i].codes[l]) ? coded[i]
                    : LayerStack.withLastLayer(bundle, coded[i], tw, th, codes);
        }
        decode(pic, coarse, book, last, w, h, dim, cell);
        LayerStack.Encoded[] out = coded.clone();
        for (int i = 0; i < inBlock.length; i++) {
            int index = inBlock[i];
            if (Effort.cost(searched[i].bits, Refinement.tileError(cell, lat, tiles, index))
                    < Effort.cost(coded[i].bits, Refinement.tileError(before, lat, tiles, index))) {
                out[i] = searched[i];
            }
        }
        return out;
    }

    /**
     * Fills, for each position of a tile, its current code and the next best {@link #CANDIDATES} − 1 codewords by the
     * layer's own choice ({@code ‖r − c‖² / spacing + λ · bits} among the {@link #NEAR} nearest to what the coarser
     * layers left of the encoder's latent), with their bits under the prior at the current codes.
     */
    private static void candidates(ModelBundle bundle, Codebook book, int l, OperatingPoint point,
                                   NetworkTiles.Latents lat, float[] context, int[] current, int x0, int y0, int tw,
                                   int th, int[] cand, double[] candBits) throws IOException {
        int dim = lat.dim;
        double lambda = LayerStack.lambda(bundle, book, l, true, point);
        double spacing = book.spacing();
        float[] residual = new float[dim];
        float[] dist = new float[book.size];
        int[] near = new int[NEAR];
        double[] cost = new double[NEAR];
        TileCoder.encode(bundle.prior(l), tw, th, context, (i, cursor) -> {
            int tx = i % tw;
            int ty = i / tw;
            int p = (y0 + ty) * lat.w + x0 + tx;
            for (int d = 0; d < dim; d++) {
                float sum = context == null ? 0f : context[i * dim + d];
                residual[d] = lat.z[p * dim + d] - sum;
            }
            book.distances(residual, 0, dist);
            int cur = current[i];
            dist[cur] = Float.POSITIVE_INFINITY;
            int m = Math.min(NEAR, book.size - 1);
            for (int j = 0; j < m; j++) { // a partial selection: NEAR is small
                int at = 0;
                for (int k = 1; k < book.size; k++) {
                    at = dist[k] < dist[at] ? k : at;
                }
                near[j] = at;
                cost[j] = dist[at] / spacing + lambda * cursor.bits(at);
                dist[at] = Float.POSITIVE_INFINITY;
            }
            int base = p * CANDIDATES;
            cand[base] = cur;
            candBits[base] = cursor.bits(cur);
            for (int c = 1; c < CANDIDATES && c <= m; c++) {
                int at = 0;
                for (int j = 1; j < m; j++) {
                    at = cost[j] < cost[at] ? j : at;
                }
                cand[base + c] = near[at];
                candBits[base + c] = cursor.bits(near[at]);
                cost[at] = Double.POSITIVE_INFINITY;
            }
            return cur;
        }, null);
    }

    /**
     * Decodes the block's codes (the coarser layers' sum plus {@code last}'s codewords) and fills {@code perPosition}
     * with each position's squared error over its f × f pixels inside the image; returns their sum.
     */
    private static double decode(BlockPicture pic, float[] coarse, Codebook book, int[] last, int w, int h, int dim,
                                 double[] perPosition) throws IOException {
        float[] sum = coarse.clone();
        for (int p = 0; p < last.length; p++) {
            int from = last[p] * dim;
            for (int d = 0; d < dim; d++) {
                sum[p * dim + d] += book.words[from + d];
            }
        }
        int f = pic.f();
        int side = NetworkTiles.decoderBlock(w, h);
        java.util.Arrays.fill(perPosition, 0);
        double se = 0;
        for (int gy = 0; gy < h; gy += side) {
            for (int gx = 0; gx < w; gx += side) {
                int gw = Math.min(side, w - gx);
                int gh = Math.min(side, h - gy);
                float[] rgb = NetworkTiles.decodeLatents(pic.decoder(), sum, w, h, gx, gy, gw, gh);
                int ow = gw * f;
                int oh = gh * f;
                for (int c = 0; c < 3; c++) {
                    for (int y = 0; y < oh; y++) {
                        int py = gy * f + y;
                        for (int x = 0; x < ow; x++) {
                            int px = gx * f + x;
                            if (px < pic.vw() && py < pic.vh()) {
                                float v = Math.min(1f, Math.max(0f, rgb[(c * oh + y) * ow + x]));
                                double d = v - pic.source()[(c * pic.ph() + py) * pic.pw() + px];
                                perPosition[(py / f) * w + px / f] += d * d;
                                se += d * d;
                            }
                        }
                    }
                }
            }
        }
        return se;
    }

    /** The squared error within {@link #REACH} positions of (x, y). */
    private static double around(double[] cell, int w, int h, int x, int y) {
        double sum = 0;
        for (int yy = Math.max(0, y - REACH); yy <= Math.min(h - 1, y + REACH); yy++) {
            for (int xx = Math.max(0, x - REACH); xx <= Math.min(w - 1, x + REACH); xx++) {
                sum += cell[yy * w + xx];
            }
        }
        return sum;
    }
}

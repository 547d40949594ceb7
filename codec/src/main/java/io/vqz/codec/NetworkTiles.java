package io.vqz.codec;

import java.io.IOException;

/**
 * Runs the encoder and decoder networks on overlapping blocks, so memory is bounded whatever the image size.
 * <p>
 * Blocks are fixed squares of code positions aligned on the grid (a multiple of the code tile size, or one
 * block for the whole of a small grid, see {@link #decoderBlock}), each
 * extended on every side by the network's receptive-field radius from the manifest (clipped at the grid
 * border, where the network sees the same zero padding as on the whole grid). The part of a block's output
 * that is kept therefore depends only on inputs the network also sees untiled: the tiled result equals the
 * untiled one up to floating-point reassociation, with no seams. Because the block layout depends only on
 * the grid size, a region decode runs exactly the same blocks as a full decode and matches it exactly.
 * <p>
 * Along an axis of fewer than {@link #MIN_SIDE} positions the networks see past both edges by the
 * receptive-field radius, for the networks only: the encoder reads the edge-replicated image there and the
 * decoder the edge-replicated codes, so every position sees the inside of a picture. Without it a 1-pixel-high
 * image puts zero padding right above and below every position, a picture the networks never saw in training,
 * and colours come out wrong (a 2 x 2 red field came back at 7 dB). Grids of normal size are untouched.
 */
final class NetworkTiles {
    /** Encoder block side in code positions (1024 pixels): one block for most photographs. */
    static final int ENCODER_BLOCK = 256;
    /** Decoder block side in code positions (512 pixels): also the granularity of region decodes. */
    static final int DECODER_BLOCK = 128;
    /**
     * Grids up to this side (768 pixels) are decoded in one block: for a Kodak-sized image two blocks would
     * run the network over 5 % more columns, twice, for about 10 % more network time.
     */
    static final int SINGLE_DECODER_BLOCK_MAX = 192;
    /** Axes shorter than this (in code positions) are extended for the networks (see above). */
    static final int MIN_SIDE = 16;

    private NetworkTiles() {
    }

    /** The decoder block side for a grid: it depends on the grid size only, so regions match full decodes. */
    static int decoderBlock(int gridW, int gridH) {
        return gridW <= SINGLE_DECODER_BLOCK_MAX && gridH <= SINGLE_DECODER_BLOCK_MAX ? Math.max(gridW, gridH)
                : DECODER_BLOCK;
    }

    /**
     * Java heap one encoder block takes (an 8-position margin counted on each side): the pixels in, the latents out
     * and the copies of both the network's run makes.
     */
    static long encoderBlockBytes(int f, int dim) {
        long side = ENCODER_BLOCK + 16;
        return side * side * 2L * (3L * f * f + dim) * Float.BYTES;
    }

    /** Java heap one decoder block of side {@code block} (margin included) takes: codes, network output, copy. */
    static long decoderBlockBytes(int block, int f) {
        return (long) block * block * (Long.BYTES + 2L * 3 * f * f * Float.BYTES);
    }

    /** First position the network sees for a block starting at g with margin m, on an axis of {@code side}. */
    private static int windowStart(int g, int m, int side) {
        return side < MIN_SIDE ? g - m : Math.max(0, g - m);
    }

    /** One past the last position the network sees for the block [g, g + n) with margin m. */
    private static int windowEnd(int g, int n, int m, int side) {
        return side < MIN_SIDE ? g + n + m : Math.min(side, g + n + m);
    }

    /** The grid window (x0, y0, w, h) a network run sees for the block (gx, gy, gw, gh) with margin m. */
    record Window(int x0, int y0, int w, int h) {
        static Window around(int gx, int gy, int gw, int gh, int m, int gridW, int gridH) {
            int x0 = windowStart(gx, m, gridW);
            int y0 = windowStart(gy, m, gridH);
            return new Window(x0, y0, windowEnd(gx, gw, m, gridW) - x0, windowEnd(gy, gh, m, gridH) - y0);
        }
    }

    /** Latents and nearest indices of the code rectangle (x0, y0, w, h). */
    static final class Latents {
        final int x0;
        final int y0;
        final int w;
        final int h;
        final int dim;
        /** Position-major: z[(y·w + x)·D + d]. */
        final float[] z;
        /** The encoder's nearest codeword per position; null from a layered model's encoder, which leaves it to Java. */
        final int[] nearest;

        Latents(int x0, int y0, int w, int h, int dim, float[] z, int[] nearest) {
            this.x0 = x0;
            this.y0 = y0;
            this.w = w;
            this.h = h;
            this.dim = dim;
            this.z = z;
            this.nearest = nearest;
        }
    }

    /**
     * Runs the encoder for the code rectangle (gx, gy, gw, gh) of a grid of gridW × gridH positions, reading the
     * pixels with their receptive-field margin (edge-replicated beyond the image: the padding).
     */
    static Latents encode(ModelBundle bundle, SourceImage src, int gx, int gy, int gw, int gh, int gridW, int gridH)
            throws IOException {
        return encode(bundle, bundle.encoderNet(), src, gx, gy, gw, gh, gridW, gridH);
    }

    /** As above with one of the model's encoder networks (its own, or the fast one of {@link Effort}'s lowest). */
    static Latents encode(ModelBundle bundle, Network encoder, SourceImage src, int gx, int gy, int gw, int gh,
                          int gridW, int gridH) throws IOException {
        return encode(bundle, encoder, src, gx, gy, gw, gh, gridW, gridH, bundle.manifest().encoderRadius);
    }

    /** As above with an explicit overlap {@code m}. */
    static Latents encode(ModelBundle bundle, SourceImage src, int gx, int gy, int gw, int gh, int gridW, int gridH,
                          int m) throws IOException {
        return encode(bundle, bundle.encoderNet(), src, gx, gy, gw, gh, gridW, gridH, m);
    }

    private static Latents encode(ModelBundle bundle, Network encoder, SourceImage src, int gx, int gy, int gw,
                                  int gh, int gridW, int gridH, int m) throws IOException {
        int f = bundle.downsampling();
        int dim = bundle.manifest().codeDimension;
        Window win = Window.around(gx, gy, gw, gh, m, gridW, gridH);
        float[] pixels = new float[3 * win.w() * f * win.h() * f];
        src.readRgb(win.x0() * f, win.y0() * f, win.w() * f, win.h() * f, pixels);
        Object[] out = encoder.runFloat(pixels, 1, 3, (long) win.h() * f, (long) win.w() * f);
        float[] lat = null;
        long[] idx = null;
        for (Object o : out) {
            if (o instanceof float[] && lat == null) {
                lat = (float[]) o;
            } else if (o instanceof long[] && idx == null) {
                idx = (long[]) o;
            }
        }
        int plane = win.w() * win.h();
        boolean indices = bundle.kind().encoderChoosesCodes();
        if (lat == null || lat.length != dim * plane || indices && (idx == null || idx.length != plane)) {
            throw new IOException("encoder.onnx: unexpected outputs (want latents [1," + dim + "," + win.h() + ","
                    + win.w() + "]" + (indices ? " and indices [1," + win.h() + "," + win.w() + "])" : ")"));
        }
        float[] z = new float[gw * gh * dim];
        int[] nearest = indices ? new int[gw * gh] : null;
        int k = bundle.codebookSize();
        for (int y = 0; y < gh; y++) {
            for (int x = 0; x < gw; x++) {
                int s = (gy - win.y0() + y) * win.w() + (gx - win.x0() + x);
                int p = y * gw + x;
                if (indices) {
                    long c = idx[s];
                    if (c < 0 || c >= k) {
                        throw new IOException("encoder.onnx produced index " + c + " outside 0.." + (k - 1));
                    }
                    nearest[p] = (int) c;
                }
                for (int d = 0; d < dim; d++) {
                    z[p * dim + d] = lat[d * plane + s];
                }
            }
        }
        return new Latents(gx, gy, gw, gh, dim, z, nearest);
    }

    /**
     * Runs the decoder for the code rectangle (gx, gy, gw, gh) of {@code grid} (gridW × gridH, row-major) and
     * returns its pixels as planar float RGB, (gw·f) × (gh·f).
     */
    static float[] decode(ModelBundle bundle, int[] grid, int gridW, int gridH, int gx, int gy, int gw, int gh)
            throws IOException {
        return decode(bundle, grid, gridW, gridH, gx, gy, gw, gh, bundle.manifest().decoderRadius);
    }

    /** As above with an explicit overlap {@code m} (tests show what too small an overlap does). */
    static float[] decode(ModelBundle bundle, int[] grid, int gridW, int gridH, int gx, int gy, int gw, int gh, int m)
            throws IOException {
        int f = bundle.downsampling();
        Window win = Window.around(gx, gy, gw, gh, m, gridW, gridH);
        long[] codes = new long[win.w() * win.h()];
        for (int y = 0; y < win.h(); y++) {
            int row = clamp(win.y0() + y, gridH) * gridW;
            for (int x = 0; x < win.w(); x++) {
                codes[y * win.w() + x] = grid[row + clamp(win.x0() + x, gridW)];
            }
        }
        return crop(bundle.decoderNet().runLong(codes, 1, win.h(), win.w()), f, win, gx, gy, gw, gh);
    }

    /**
     * Runs a layered model's decoder for the code rectangle (gx, gy, gw, gh) of {@code latents}, the summed
     * codewords of a gridW × gridH grid (position-major, D per position), and returns its pixels as planar float
     * RGB, (gw·f) × (gh·f). Blocks, margins and edge replication as for a code grid.
     */
    static float[] decodeLatents(ModelBundle bundle, float[] latents, int gridW, int gridH, int gx, int gy, int gw,
                                 int gh) throws IOException {
        int f = bundle.downsampling();
        int m = bundle.manifest().decoderRadius;
        int dim = bundle.manifest().codeDimension;
        Window win = Window.around(gx, gy, gw, gh, m, gridW, gridH);
        return crop(bundle.decoderNet().runFloat(planar(latents, dim, gridW, gridH, win), 1, dim, win.h(), win.w()),
                f, win, gx, gy, gw, gh);
    }

    /**
     * The window {@code win} of position-major latents over a gridW × gridH grid, planar ([D, h, w]) as the decoder
     * networks take it, edge-replicated where the window reaches past the grid (thin grids, see above).
     */
    static float[] planar(float[] latents, int dim, int gridW, int gridH, Window win) {
        int plane = win.w() * win.h();
        float[] in = new float[dim * plane];
        for (int y = 0; y < win.h(); y++) {
            int row = clamp(win.y0() + y, gridH) * gridW;
            for (int x = 0; x < win.w(); x++) {
                int from = (row + clamp(win.x0() + x, gridW)) * dim;
                for (int d = 0; d < dim; d++) {
                    in[d * plane + y * win.w() + x] = latents[from + d];
                }
            }
        }
        return in;
    }

    /** The rectangle (gx, gy, gw, gh) of a decoder output that covers the window {@code win}. */
    private static float[] crop(Object[] out, int f, Window win, int gx, int gy, int gw, int gh)
            throws IOException {
        int pw = win.w() * f;
        int ph = win.h() * f;
        if (out.length < 1 || !(out[0] instanceof float[]) || ((float[]) out[0]).length != 3 * pw * ph) {
            throw new IOException("decoder.onnx: unexpected output (want image [1,3," + ph + "," + pw + "])");
        }
        float[] img = (float[]) out[0];
        int ow = gw * f;
        int oh = gh * f;
        int ox = (gx - win.x0()) * f;
        int oy = (gy - win.y0()) * f;
        float[] result = new float[3 * ow * oh];
        for (int c = 0; c < 3; c++) {
            for (int y = 0; y < oh; y++) {
                System.arraycopy(img, c * pw * ph + (oy + y) * pw + ox, result, c * ow * oh + y * ow, ow);
            }
        }
        return result;
    }

    private static int clamp(int v, int side) {
        return Math.max(0, Math.min(side - 1, v));
    }
}

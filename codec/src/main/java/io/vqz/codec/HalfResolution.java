package io.vqz.codec;

import java.io.IOException;

/**
 * A layered model run at half resolution ({@code f = 8}), derived in Java from its full-resolution bundle: the
 * encoder sees the image after a 2×2 mean, the decoder's picture is brought back to full size by a fixed
 * Catmull-Rom 2× upsampler, edge-replicated at the window's borders. These are the networks that
 * {@code training/vqz_export_layered.py --half-resolution} writes into a bundle of its own (the same weights
 * wrapped in the same two operations); deriving them saves shipping the weights twice. The manifest differs from
 * the full model's in {@code f}, the decoder's receptive field (+1: the upsampler reaches half a code position
 * further) and the name.
 */
final class HalfResolution {
    /** The upsampler's taps at the phases −1/4 and +1/4 of a small pixel (exact in float: multiples of 1/128). */
    private static final float[][] TAPS = {
        {-0.0234375f, 0.2265625f, 0.8671875f, -0.0703125f, 0f},
        {0f, -0.0703125f, 0.8671875f, 0.2265625f, -0.0234375f},
    };

    private HalfResolution() {
    }

    /** The half-resolution model's name: {@code -f4-} becomes {@code -f8-}, and {@code -half} is appended. */
    static String name(String fullResolutionName) {
        return fullResolutionName.replace("-f4-", "-f8-") + "-half";
    }

    /** The full-resolution encoder behind a 2×2 mean: takes [1, 3, H, W], H and W even. */
    static Network encoder(Network full) {
        return new Network() {
            @Override
            public Object[] runFloat(float[] input, long... shape) throws IOException {
                int h = (int) shape[2];
                int w = (int) shape[3];
                return full.runFloat(pool(input, h, w), 1, 3, h / 2, w / 2);
            }

            @Override
            public Object[] runLong(long[] input, long... shape) {
                throw new UnsupportedOperationException("a half-resolution encoder takes pixels");
            }
        };
    }

    /** The full-resolution decoder followed by the 2× upsampler: returns [1, 3, 2h', 2w'] for its [1, 3, h', w']. */
    static Network decoder(Network full) {
        return new Network() {
            @Override
            public Object[] runFloat(float[] input, long... shape) throws IOException {
                Object[] out = full.runFloat(input, shape);
                int h = (int) shape[2] * 4;
                int w = (int) shape[3] * 4;
                if (out.length < 1 || !(out[0] instanceof float[] image) || image.length != 3 * h * w) {
                    throw new IOException("decoder.onnx: unexpected output for a half-resolution decode");
                }
                return new Object[] {upsample(image, h, w)};
            }

            @Override
            public Object[] runLong(long[] input, long... shape) {
                throw new UnsupportedOperationException("only layered models run at half resolution");
            }
        };
    }

    /** Planar RGB 3 × h × w (even sizes) to 3 × h/2 × w/2, each pixel the mean of its 2×2 block. */
    static float[] pool(float[] rgb, int h, int w) {
        int ho = h / 2;
        int wo = w / 2;
        float[] out = new float[3 * ho * wo];
        for (int c = 0; c < 3; c++) {
            for (int y = 0; y < ho; y++) {
                int a = (c * h + 2 * y) * w;
                int b = a + w;
                int o = (c * ho + y) * wo;
                for (int x = 0; x < wo; x++) {
                    out[o + x] = (rgb[a + 2 * x] + rgb[a + 2 * x + 1] + rgb[b + 2 * x] + rgb[b + 2 * x + 1]) * 0.25f;
                }
            }
        }
        return out;
    }

    /**
     * Planar RGB 3 × h × w to 3 × 2h × 2w: output pixel (2y + ry, 2x + rx) is the 5×5 product of the phase taps
     * {@code TAPS[ry]} and {@code TAPS[rx]} over the input around (y, x), rows and columns outside clamped.
     */
    static float[] upsample(float[] rgb, int h, int w) {
        float[] out = new float[3 * 4 * h * w];
        float[] rows = new float[2 * w];
        for (int c = 0; c < 3; c++) {
            int plane = c * h * w;
            for (int y = 0; y < h; y++) {
                for (int ry = 0; ry < 2; ry++) {
                    // vertical pass for this output row, then the horizontal one: separable, as the kernel is
                    float[] ty = TAPS[ry];
                    for (int x = 0; x < w; x++) {
                        float s = 0f;
                        for (int i = 0; i < 5; i++) {
                            s += ty[i] * rgb[plane + clamp(y + i - 2, h) * w + x];
                        }
                        rows[x] = s;
                    }
                    int o = (c * 2 * h + 2 * y + ry) * 2 * w;
                    for (int x = 0; x < w; x++) {
                        for (int rx = 0; rx < 2; rx++) {
                            float[] tx = TAPS[rx];
                            float s = 0f;
                            for (int j = 0; j < 5; j++) {
                                s += tx[j] * rows[clamp(x + j - 2, w)];
                            }
                            out[o + 2 * x + rx] = s;
                        }
                    }
                }
            }
        }
        return out;
    }

    private static int clamp(int v, int n) {
        return v < 0 ? 0 : v >= n ? n - 1 : v;
    }
}

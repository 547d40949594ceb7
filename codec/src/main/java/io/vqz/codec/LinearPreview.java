package io.vqz.codec;

import java.io.IOException;

/**
 * The picture of a progressive decode's early passes, drawn from the summed codewords without the decoder network:
 * each code position's f × f RGB patch is linear in its D latent values. The map is fitted by least squares to the
 * network's own output on four crops of the file being decoded (8 × 8 positions each, spread over the grid: a
 * twentieth of a network run for a Kodak image), so it has the file's colours and costs a few milliseconds a pass
 * where a network run of every pass would double a decode's time. The last pass is always the network's. Measured
 * on kodim23 at quality 75 (bench PassTiming): the first pass is 23.1 dB from the network's decode of the base layer
 * and arrives at 37 % of a plain decode's time (25 megapixels: 33 %), all passes 1.09x; fitted on the whole grid the map reaches 24.9 dB (its limit), on
 * four 16 × 16 crops 23.5 dB at 40 %, on one 32 × 32 crop at the centre 18 dB.
 * <p>
 * Not a bit-exact part of decoding (nor is the network's output): only what a viewer shows before the end.
 */
final class LinearPreview {
    private static final int CROP = 8;
    private static final int SPREAD = 2;

    private final int f;
    private final int dim;
    /** By input: D rows of every output's weight, then the outputs' biases (output = channel, patch row, column). */
    private final float[][] byInput;

    /** @param weights per output: D weights, then the bias */
    private LinearPreview(int f, int dim, float[][] weights) {
        this.f = f;
        this.dim = dim;
        this.byInput = new float[dim + 1][weights.length];
        for (int o = 0; o < weights.length; o++) {
            for (int d = 0; d <= dim; d++) {
                byInput[d][o] = weights[o][d];
            }
        }
    }

    /**
     * Fits the map to the network's decode of {@code latents} (gw × gh positions, D per position) at a few crops spread
     * over the grid ({@link #SPREAD} × {@link #SPREAD} crops of {@link #CROP} positions a side at most).
     */
    static LinearPreview fit(ModelBundle bundle, float[] latents, int gw, int gh) throws IOException {
        int f = bundle.downsampling();
        int dim = bundle.manifest().codeDimension;
        int n = dim + 1;
        int outputs = 3 * f * f;
        double[][] ata = new double[n][n];
        double[][] aty = new double[outputs][n];
        int cw = Math.min(gw, CROP);
        int ch = Math.min(gh, CROP);
        for (int j = 0; j < SPREAD; j++) {
            for (int i = 0; i < SPREAD; i++) {
                int cx = (int) ((gw - cw) * (i + 0.5) / SPREAD);
                int cy = (int) ((gh - ch) * (j + 0.5) / SPREAD);
                float[] rgb = NetworkTiles.decodeLatents(bundle, latents, gw, gh, cx, cy, cw, ch);
                accumulate(latents, gw, dim, f, cx, cy, cw, ch, rgb, ata, aty);
            }
        }
        // a few hundred samples for D + 1 weights per output: shrinking them keeps unusual latents from speckling
        // (kodim23 21.7 -> 23.1 dB against 1e-4; 1e-1 shrinks too far, 22.3)
        double ridge = 1e-2 * (trace(ata) / n + 1e-9);
        for (int i = 0; i < n; i++) {
            ata[i][i] += ridge;
        }
        float[][] w = new float[outputs][];
        for (int o = 0; o < outputs; o++) {
            w[o] = solve(ata, aty[o]);
        }
        return new LinearPreview(f, dim, w);
    }

    /** Adds the crop's positions to the normal equations: inputs (z, 1), targets the network's patch values. */
    private static void accumulate(float[] latents, int gw, int dim, int f, int cx, int cy, int cw, int ch,
                                   float[] rgb, double[][] ata, double[][] aty) {
        int n = dim + 1;
        double[] a = new double[n];
        int pw = cw * f;
        int plane = pw * ch * f;
        for (int y = 0; y < ch; y++) {
            for (int x = 0; x < cw; x++) {
                int from = ((cy + y) * gw + cx + x) * dim;
                for (int d = 0; d < dim; d++) {
                    a[d] = latents[from + d];
                }
                a[dim] = 1;
                for (int i = 0; i < n; i++) {
                    for (int j = 0; j < n; j++) {
                        ata[i][j] += a[i] * a[j];
                    }
                }
                for (int o = 0; o < aty.length; o++) {
                    double v = rgb[(o / (f * f)) * plane + (y * f + (o / f) % f) * pw + x * f + o % f];
                    for (int i = 0; i < n; i++) {
                        aty[o][i] += a[i] * v;
                    }
                }
            }
        }
    }

    private static double trace(double[][] m) {
        double t = 0;
        for (int i = 0; i < m.length; i++) {
            t += m[i][i];
        }
        return t;
    }

    /** Solves the symmetric positive definite system m x = b by Gaussian elimination (m is not changed). */
    private static float[] solve(double[][] m, double[] b) {
        int n = b.length;
        double[][] a = new double[n][];
        for (int i = 0; i < n; i++) {
            a[i] = java.util.Arrays.copyOf(m[i], n + 1);
            a[i][n] = b[i];
        }
        for (int k = 0; k < n; k++) {
            for (int i = k + 1; i < n; i++) {
                double r = a[i][k] / a[k][k];
                for (int j = k; j <= n; j++) {
                    a[i][j] -= r * a[k][j];
                }
            }
        }
        float[] x = new float[n];
        double[] xd = new double[n];
        for (int i = n - 1; i >= 0; i--) {
            double s = a[i][n];
            for (int j = i + 1; j < n; j++) {
                s -= a[i][j] * xd[j];
            }
            xd[i] = s / a[i][i];
            x[i] = (float) xd[i];
        }
        return x;
    }

    /**
     * The picture of the positions (gx, gy, gw, gh) of a grid {@code gridW} wide, as {@link NetworkTiles#decodeLatents}
     * gives it: three planes of gw·f × gh·f values, 0..1 before clamping.
     */
    float[] render(float[] latents, int gridW, int gx, int gy, int gw, int gh) {
        int pw = gw * f;
        int plane = pw * gh * f;
        int outputs = byInput[dim].length;
        float[] rgb = new float[3 * plane];
        float[] acc = new float[outputs];
        for (int y = 0; y < gh; y++) {
            for (int x = 0; x < gw; x++) {
                int from = ((gy + y) * gridW + gx + x) * dim;
                System.arraycopy(byInput[dim], 0, acc, 0, outputs);
                for (int d = 0; d < dim; d++) { // over the outputs, so the loop vectorises
                    float z = latents[from + d];
                    float[] w = byInput[d];
                    for (int o = 0; o < outputs; o++) {
                        acc[o] += w[o] * z;
                    }
                }
                for (int o = 0; o < outputs; o++) {
                    rgb[(o / (f * f)) * plane + (y * f + (o / f) % f) * pw + x * f + o % f] = acc[o];
                }
            }
        }
        return rgb;
    }
}

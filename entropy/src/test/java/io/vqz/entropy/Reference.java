package io.vqz.entropy;

import io.vqz.testdata.TestData;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/** Test helpers: a direct (full-grid, double precision) evaluation of the prior, and test data access. */
final class Reference {
    private Reference() {
    }

    static Path testdata(String name) {
        return TestData.file("entropy").resolve(name);
    }

    /** A code grid given as JSON rows of numbers, in raster order. */
    static int[] codeGrid(com.google.gson.JsonArray rows) {
        int h = rows.size();
        int w = rows.get(0).getAsJsonArray().size();
        int[] codes = new int[w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                codes[y * w + x] = rows.get(y).getAsJsonArray().get(x).getAsInt();
            }
        }
        return codes;
    }

    /** The single-layer v1 model's bundle, whose prior.bin and parity.json the v1 layout is checked on. */
    static Path v1Bundle() {
        return TestData.v1Bundle();
    }

    /** An entry of a model bundle (a tar), or null if it has none. */
    static byte[] bundleEntry(Path bundle, String name) throws IOException {
        try (TarArchiveInputStream tar = new TarArchiveInputStream(Files.newInputStream(bundle))) {
            for (TarArchiveEntry e; (e = tar.getNextEntry()) != null; ) {
                if (e.getName().equals(name)) {
                    return tar.readAllBytes();
                }
            }
        }
        return null;
    }

    static PriorWeights weights(String name) throws IOException {
        try (InputStream in = Files.newInputStream(testdata(name))) {
            return PriorWeights.read(in);
        }
    }

    /** Teacher-forced logits [y*w+x][K] exactly as the PyTorch module defines them, in double. */
    static double[][] logits(PriorWeights p, int[] codes, int w, int h) {
        int n = w * h;
        double[][] e = new double[p.e][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < p.e; j++) {
                e[j][i] = p.embedding[codes[i] * p.e + j];
            }
        }
        double[][] hid = conv(e, p.convA, p.biasA, p.c, p.ka, w, h);
        for (int l = 0; l < p.layers; l++) {
            double[][] t = conv(relu(hid), p.convB[l], p.biasB[l], p.c, p.kb, w, h);
            for (int o = 0; o < p.c; o++) {
                for (int i = 0; i < n; i++) {
                    hid[o][i] += t[o][i];
                }
            }
        }
        double[][] a = relu(hid);
        double[][] out = new double[n][p.k];
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < p.k; k++) {
                double s = p.biasOut[k];
                for (int c = 0; c < p.c; c++) {
                    s += (double) p.out[k * p.c + c] * a[c][i];
                }
                out[i][k] = s;
            }
        }
        return out;
    }

    private static double[][] conv(double[][] in, float[] wt, float[] bias, int cout, int ks, int w, int h) {
        int cin = in.length;
        int r = ks / 2;
        double[][] out = new double[cout][w * h];
        for (int o = 0; o < cout; o++) {
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    double s = bias[o];
                    for (int i = 0; i < cin; i++) {
                        for (int ky = 0; ky < ks; ky++) {
                            int yy = y + ky - r;
                            if (yy < 0 || yy >= h) {
                                continue;
                            }
                            for (int kx = 0; kx < ks; kx++) {
                                int xx = x + kx - r;
                                if (xx >= 0 && xx < w) {
                                    s += (double) wt[((o * cin + i) * ks + ky) * ks + kx] * in[i][yy * w + xx];
                                }
                            }
                        }
                    }
                    out[o][y * w + x] = s;
                }
            }
        }
        return out;
    }

    private static double[][] relu(double[][] a) {
        double[][] r = new double[a.length][];
        for (int i = 0; i < a.length; i++) {
            r[i] = a[i].clone();
            for (int j = 0; j < r[i].length; j++) {
                r[i][j] = Math.max(0, r[i][j]);
            }
        }
        return r;
    }

    static int[] randomCodes(int n, int k, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        int[] codes = new int[n];
        for (int i = 0; i < n; i++) {
            codes[i] = rnd.nextInt(k);
        }
        return codes;
    }

    /** Codes drawn from the prior itself (ancestral sampling), so they look like what the prior expects. */
    static int[] sample(PixelCnnPrior prior, int w, int h, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        PriorCursor cur = prior.cursor(w, h);
        int[] codes = new int[w * h];
        for (int i = 0; i < codes.length; i++) {
            int[] cdf = cur.cdf();
            int t = rnd.nextInt(Cdf.TOTAL);
            int s = 0;
            while (cdf[s + 1] <= t) {
                s++;
            }
            codes[i] = s;
            cur.advance(s);
        }
        return codes;
    }

    /** The parity file written by make_parity.py: w, h, K, codes, logits [h][w][K]. */
    static final class Parity {
        final int w;
        final int h;
        final int k;
        final int[] codes;
        final float[][] logits;

        Parity(Path file) throws IOException {
            ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
            w = b.getInt();
            h = b.getInt();
            k = b.getInt();
            codes = new int[w * h];
            for (int i = 0; i < codes.length; i++) {
                codes[i] = b.getInt();
            }
            logits = new float[w * h][k];
            for (int i = 0; i < codes.length; i++) {
                for (int j = 0; j < k; j++) {
                    logits[i][j] = b.getFloat();
                }
            }
        }
    }

}

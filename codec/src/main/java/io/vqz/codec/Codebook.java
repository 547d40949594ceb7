package io.vqz.codec;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * The VQ codebook ({@code codebook.bin}): K codewords of D floats, used for the rate–distortion optimised index
 * choice. Immutable and thread-safe.
 */
final class Codebook {
    final int size;
    final int dimension;
    /** Row-major [K][D]. */
    final float[] words;
    /** Mean squared distance of a codeword to its nearest other codeword: the unit of distortion in the RDO. */
    final double spacing;
    /** {@code byDimension[d][k]}: dimension d of every codeword, the layout a distance scan vectorises over. */
    private final float[][] byDimension;

    private Codebook(int size, int dimension, float[] words) {
        this.size = size;
        this.dimension = dimension;
        this.words = words;
        this.byDimension = new float[dimension][size];
        for (int k = 0; k < size; k++) {
            for (int d = 0; d < dimension; d++) {
                byDimension[d][k] = words[k * dimension + d];
            }
        }
        double sum = 0;
        for (int k = 0; k < size; k++) {
            double nearest = Double.POSITIVE_INFINITY;
            for (int j = 0; j < size; j++) {
                if (j != k) {
                    double s = 0;
                    for (int d = 0; d < dimension; d++) {
                        double v = words[k * dimension + d] - words[j * dimension + d];
                        s += v * v;
                    }
                    nearest = Math.min(nearest, s);
                }
            }
            sum += size > 1 ? nearest : 1;
        }
        this.spacing = Math.max(1e-12, sum / size);
    }

    /** Fills {@code out[k]} with the squared distance of every codeword k to {@code z[off .. off + D)}. */
    void distances(float[] z, int off, float[] out) {
        java.util.Arrays.fill(out, 0, size, 0f);
        for (int d = 0; d < dimension; d++) {
            float zd = z[off + d];
            float[] row = byDimension[d];
            for (int k = 0; k < size; k++) {
                float v = zd - row[k];
                out[k] += v * v;
            }
        }
    }

    static Codebook parse(byte[] bytes, int expectedK, int expectedD) throws IOException {
        if (bytes.length < 16 || !new String(bytes, 0, 8, StandardCharsets.US_ASCII).equals("VQZCODE1")) {
            throw new IOException("codebook.bin: bad signature");
        }
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        b.position(8);
        int k = b.getInt();
        int d = b.getInt();
        if (k != expectedK || d != expectedD) {
            throw new IOException("codebook.bin: K=" + k + ", D=" + d + " but the manifest says K=" + expectedK
                    + ", D=" + expectedD);
        }
        if (bytes.length != 16 + 4L * k * d) {
            throw new IOException("codebook.bin: expected " + (16 + 4L * k * d) + " bytes, found " + bytes.length);
        }
        float[] words = new float[k * d];
        b.asFloatBuffer().get(words);
        return new Codebook(k, d, words);
    }
}

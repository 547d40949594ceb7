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
    /** Squared norm of every codeword, so a distance costs one dot product. */
    final float[] norms;
    /** Mean squared distance of a codeword to its nearest other codeword: the unit of distortion in the RDO. */
    final double spacing;
    /** How many neighbours each codeword lists. */
    final int neighbourCount;
    /**
     * For codeword k, {@code neighbours[k·neighbourCount ..]}: the codewords nearest to it, itself first. The
     * index choice takes its candidates from here instead of scanning the whole codebook per position.
     */
    final int[] neighbours;

    private Codebook(int size, int dimension, float[] words) {
        this.size = size;
        this.dimension = dimension;
        this.words = words;
        this.norms = new float[size];
        for (int k = 0; k < size; k++) {
            float s = 0;
            for (int d = 0; d < dimension; d++) {
                float v = words[k * dimension + d];
                s += v * v;
            }
            norms[k] = s;
        }
        this.neighbourCount = Math.min(size, Quality.MAX_CANDIDATES);
        this.neighbours = new int[size * neighbourCount];
        double sum = 0;
        double[] dist = new double[size];
        Integer[] order = new Integer[size];
        for (int k = 0; k < size; k++) {
            for (int j = 0; j < size; j++) {
                double s = 0;
                for (int d = 0; d < dimension; d++) {
                    double v = words[k * dimension + d] - words[j * dimension + d];
                    s += v * v;
                }
                dist[j] = s;
                order[j] = j;
            }
            dist[k] = -1; // itself first, even if a duplicate codeword exists
            java.util.Arrays.sort(order, (a, b) -> a.equals(b) ? 0 : dist[a] != dist[b]
                    ? Double.compare(dist[a], dist[b]) : Integer.compare(a, b));
            for (int i = 0; i < neighbourCount; i++) {
                neighbours[k * neighbourCount + i] = order[i];
            }
            sum += size > 1 ? dist[order[1]] : 1;
        }
        this.spacing = Math.max(1e-12, sum / size);
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

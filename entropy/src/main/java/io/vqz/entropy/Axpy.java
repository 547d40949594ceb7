package io.vqz.entropy;

/**
 * {@code acc[j] += w[row_i + j] * v_i} for the listed rows in order, four rows per pass over {@code acc}.
 * <p>
 * A pass computes {@code acc[j] + w0*v0 + w1*v1 + w2*v2 + w3*v3}, which Java evaluates left to right with
 * separately rounded multiplies and adds: exactly the sequence of one row at a time, only with fewer loads
 * and stores of {@code acc}. The loops over {@code j} are independent per element, so the JIT may vectorise
 * them without changing any result.
 */
final class Axpy {
    private Axpy() {
    }

    static void accumulate(float[] acc, int len, float[] w, int[] rows, float[] vals, int n) {
        int i = 0;
        for (; i + 3 < n; i += 4) {
            int r0 = rows[i];
            int r1 = rows[i + 1];
            int r2 = rows[i + 2];
            int r3 = rows[i + 3];
            float v0 = vals[i];
            float v1 = vals[i + 1];
            float v2 = vals[i + 2];
            float v3 = vals[i + 3];
            for (int j = 0; j < len; j++) {
                acc[j] = acc[j] + w[r0 + j] * v0 + w[r1 + j] * v1 + w[r2 + j] * v2 + w[r3 + j] * v3;
            }
        }
        for (; i < n; i++) {
            int r = rows[i];
            float v = vals[i];
            for (int j = 0; j < len; j++) {
                acc[j] = acc[j] + w[r + j] * v;
            }
        }
    }
}

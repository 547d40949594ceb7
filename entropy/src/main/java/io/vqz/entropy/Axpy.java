package io.vqz.entropy;

/**
 * {@code acc[j] += row_i[j] * v_i} for listed rows in order, four rows per pass over {@code acc}.
 * <p>
 * A pass computes {@code acc[j] + r0[j]*v0 + r1[j]*v1 + r2[j]*v2 + r3[j]*v3}, which Java evaluates left to
 * right with separately rounded multiplies and adds: exactly the sequence of one row at a time, only with
 * fewer loads and stores of {@code acc}. Rows are listed by index (an int store, where a list of array
 * references would pay a garbage-collector write barrier per entry). Each row is its own array indexed from 0, the form HotSpot's
 * superword pass vectorises (an offset into one big array defeats it on Java 17); vectorising only runs
 * independent elements side by side, so no result changes.
 */
final class Axpy {
    private Axpy() {
    }

    /** {@code acc[j] += rows[idx[i]][j] * vals[i]} for i in 0..n-1 in order, j in 0..len-1. */
    static void accumulate(float[] acc, int len, float[][] rows, int[] idx, float[] vals, int n) {
        int i = 0;
        for (; i + 3 < n; i += 4) {
            pass4(acc, len, rows[idx[i]], rows[idx[i + 1]], rows[idx[i + 2]], rows[idx[i + 3]],
                    vals[i], vals[i + 1], vals[i + 2], vals[i + 3]);
        }
        for (; i < n; i++) {
            pass1(acc, len, rows[idx[i]], vals[i]);
        }
    }

    /** {@code acc[j] += rows[idx[i]][j]} for i in 0..n-1 in order, j in 0..len-1. */
    static void add(float[] acc, int len, float[][] rows, int[] idx, int n) {
        int i = 0;
        for (; i + 3 < n; i += 4) {
            add4(acc, len, rows[idx[i]], rows[idx[i + 1]], rows[idx[i + 2]], rows[idx[i + 3]]);
        }
        for (; i < n; i++) {
            add1(acc, len, rows[idx[i]]);
        }
    }

    // Each pass is a method of its own (as pass4 and pass1): the JIT compiles it once and early, not the caller
    // again from each of its loops (PriorCursor.ensureTrunk).

    private static void add4(float[] acc, int len, float[] r0, float[] r1, float[] r2, float[] r3) {
        for (int j = 0; j < len; j++) {
            acc[j] = acc[j] + r0[j] + r1[j] + r2[j] + r3[j];
        }
    }

    private static void add1(float[] acc, int len, float[] r) {
        for (int j = 0; j < len; j++) {
            acc[j] = acc[j] + r[j];
        }
    }

    private static void pass4(float[] acc, int len, float[] r0, float[] r1, float[] r2, float[] r3,
                              float v0, float v1, float v2, float v3) {
        for (int j = 0; j < len; j++) {
            acc[j] = acc[j] + r0[j] * v0 + r1[j] * v1 + r2[j] * v2 + r3[j] * v3;
        }
    }

    private static void pass1(float[] acc, int len, float[] r, float v) {
        for (int j = 0; j < len; j++) {
            acc[j] = acc[j] + r[j] * v;
        }
    }
}

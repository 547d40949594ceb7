package io.vqz.entropy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class CdfTest {

    /** The rule of docs/DESIGN.md written as plainly as possible, with long division. */
    static int[] designRule(float[] logits) {
        int k = logits.length;
        float m = logits[0];
        for (float l : logits) {
            m = Math.max(m, l);
        }
        long[] w = new long[k];
        int[] q = new int[k];
        long s = 0;
        for (int i = 0; i < k; i++) {
            float d = m - logits[i];
            q[i] = d >= 16 ? 512 : (int) (d * 32f);
            w[i] = Math.max(1, StrictMath.round(StrictMath.exp(-q[i] / 32.0) * (1 << 24)));
            s += w[i];
        }
        long[] f = new long[k];
        long sum = 0;
        for (int i = 0; i < k; i++) {
            f[i] = 1 + (w[i] * (Cdf.TOTAL - k)) / s;
            sum += f[i];
        }
        for (int i = 0; i < k; i++) {
            if (q[i] == 0) {
                f[i] += Cdf.TOTAL - sum;
                break;
            }
        }
        int[] cdf = new int[k + 1];
        for (int i = 0; i < k; i++) {
            cdf[i + 1] = cdf[i] + (int) f[i];
        }
        return cdf;
    }

    @Test
    void followsTheDesignRuleExactly() {
        SplittableRandom rnd = new SplittableRandom(1);
        for (int trial = 0; trial < 3000; trial++) {
            int k = 1 + rnd.nextInt(trial % 10 == 0 ? 4096 : 300);
            double spread = rnd.nextDouble() * 30;
            float[] logits = new float[k];
            for (int i = 0; i < k; i++) {
                logits[i] = (float) (rnd.nextGaussian() * spread + 5);
                if (rnd.nextInt(20) == 0) {
                    logits[i] = logits[rnd.nextInt(i + 1)]; // ties
                }
            }
            int[] cdf = Cdf.fromLogits(logits);
            assertArrayEquals(designRule(logits), cdf, "trial " + trial);
            Cdf.validate(cdf);
        }
    }

    @Test
    void knownValues() {
        // two equal logits: each gets 1 + (2^24 * (2^16 - 2)) / 2^25 = 32768, nothing left over
        assertArrayEquals(new int[] {0, 32768, 65536}, Cdf.fromLogits(new float[] {1f, 1f}));
        // a logit 16 below the top gets weight EXP[512] = 2 and frequency 1 + 2*65534/(2^24+2) = 1
        assertArrayEquals(new int[] {0, 65535, 65536}, Cdf.fromLogits(new float[] {3f, -13f}));
        // K = 1 is certain
        assertArrayEquals(new int[] {0, 65536}, Cdf.fromLogits(new float[] {-7f}));
    }

    @Test
    void remainderGoesToTheFirstTopSymbol() {
        float[] logits = new float[300];
        logits[7] = 10f;
        logits[9] = 10f;
        int[] cdf = Cdf.fromLogits(logits);
        assertTrue(cdf[8] - cdf[7] > cdf[10] - cdf[9]);
    }

    @Test
    void extremeLogitsStayValid() {
        Cdf.validate(Cdf.fromLogits(new float[] {Float.MAX_VALUE, -Float.MAX_VALUE, 0f}));
        Cdf.validate(Cdf.fromLogits(new float[] {Float.NaN, 1f, 2f}));
        Cdf.validate(Cdf.fromLogits(new float[] {Float.POSITIVE_INFINITY, 1f}));
        Cdf.validate(Cdf.fromLogits(new float[4096]));
        assertThrows(IllegalArgumentException.class, () -> Cdf.fromLogits(new float[4097]));
        assertThrows(IllegalArgumentException.class, () -> Cdf.fromLogits(new float[0]));
    }

    @Test
    void uniformValidateAndBits() {
        int[] u = Cdf.uniform(3);
        assertArrayEquals(new int[] {0, 21845, 43690, 65536}, u);
        Cdf.validate(Cdf.uniform(Cdf.TOTAL));
        assertEquals(1.0, Cdf.bits(Cdf.uniform(2), 1), 0.0);
        assertEquals(16.0, Cdf.bits(Cdf.uniform(Cdf.TOTAL), 5), 1e-12);
        assertThrows(IllegalArgumentException.class, () -> Cdf.validate(new int[] {0, 5, 5, Cdf.TOTAL}));
        assertThrows(IllegalArgumentException.class, () -> Cdf.validate(new int[] {1, Cdf.TOTAL}));
        assertThrows(IllegalArgumentException.class, () -> Cdf.validate(new int[] {0, 7}));
        assertThrows(IllegalArgumentException.class, () -> Cdf.validate(new int[] {0}));
    }
}

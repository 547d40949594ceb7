package io.vqz.entropy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class PlaneCoderTest {
    private static final int DELTA0 = -22; // the trained model's plane 0: 2^(-22/8)

    /** Laplace samples of the given scale indices, and their signed indices at plane {@code plane}. */
    private static int[] indices(int[] scales, int plane, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        double delta = StrictMath.pow(2, (DELTA0 - 8.0 * plane) / 8);
        int[] q = new int[scales.length];
        for (int e = 0; e < q.length; e++) {
            double b = StrictMath.pow(2, scales[e] / 8.0);
            double y = -b * StrictMath.log(1 - rnd.nextDouble()) * (rnd.nextBoolean() ? 1 : -1);
            q[e] = (int) (Math.signum(y) * StrictMath.floor(Math.abs(y) / delta));
        }
        return q;
    }

    private static int[] scales(int n, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        int[] s = new int[n];
        for (int e = 0; e < n; e++) {
            s[e] = -40 + rnd.nextInt(30); // b from 2^-5 to 2^-1.4, around the trained residual's 0.07
        }
        return s;
    }

    private static int[] atPlane(int[] finest, int finestPlane, int plane) {
        int[] q = new int[finest.length];
        for (int e = 0; e < q.length; e++) {
            int m = Math.abs(finest[e]) >> (finestPlane - plane);
            q[e] = finest[e] < 0 ? -m : m;
        }
        return q;
    }

    @Test
    void planesRoundTripAndNest() throws Exception {
        int n = 4096;
        int[] s = scales(n, 1);
        int[] finest = indices(s, 5, 2);
        int[] decoded = new int[n];
        for (int plane = 0; plane <= 5; plane++) {
            int[] q = atPlane(finest, 5, plane);
            byte[] payload = PlaneCoder.encode(s, q, n, plane, DELTA0);
            PlaneCoder.decode(payload, s, decoded, n, plane, DELTA0);
            assertArrayEquals(q, decoded, "plane " + plane);
            double ideal = PlaneCoder.bits(s, q, n, plane, DELTA0);
            assertTrue(Math.abs(payload.length * 8 - ideal) < 40, payload.length * 8 + " bits against " + ideal);
        }
    }

    /** The decisions cost what the trainer's interval rule says: -log2 P(interval) under Laplace(0, b). */
    @Test
    void bitsAreTheLaplaceIntervalsBits() {
        int n = 2000;
        int[] s = scales(n, 3);
        int[] finest = indices(s, 4, 4);
        for (int plane = 0; plane <= 4; plane++) {
            double coded = 0;
            for (int j = 0; j <= plane; j++) {
                coded += PlaneCoder.bits(s, atPlane(finest, 4, j), n, j, DELTA0);
            }
            double interval = 0;
            double delta = StrictMath.pow(2, (DELTA0 - 8.0 * plane) / 8);
            int[] q = atPlane(finest, 4, plane);
            for (int e = 0; e < n; e++) {
                double b = StrictMath.pow(2, s[e] / 8.0);
                int m = Math.abs(q[e]);
                double p = m == 0 ? 1 - StrictMath.exp(-delta / b)
                        : 0.5 * (StrictMath.exp(-m * delta / b) - StrictMath.exp(-(m + 1) * delta / b));
                interval -= StrictMath.log(p) / StrictMath.log(2);
            }
            // 16-bit frequencies: a small excess per element, never a saving beyond rounding
            assertTrue(coded >= interval - 0.01 * n && coded <= interval * 1.01 + 0.002 * n,
                    "plane " + plane + ": " + coded + " bits against " + interval);
        }
    }

    /** Bytes pinned: the tables and the coder give the same payload on every platform. */
    @Test
    void goldenPayload() throws Exception {
        int n = 3000;
        int[] s = scales(n, 5);
        int[] finest = indices(s, 3, 6);
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        for (int plane = 0; plane <= 3; plane++) {
            sha.update(PlaneCoder.encode(s, atPlane(finest, 3, plane), n, plane, DELTA0));
        }
        assertEquals("010588234f7f3b0552343b9a61e0db458a39d1149e855d4050b792ddaa35ec4d", HexFormat.of().formatHex(sha.digest()));
    }

    @Test
    void scaleIndexRoundsEighthsOfAnOctave() {
        assertEquals(0, PlaneCoder.scaleIndex(0f));
        assertEquals(8, PlaneCoder.scaleIndex((float) StrictMath.log(2)));
        assertEquals(-12, PlaneCoder.scaleIndex((float) StrictMath.log(StrictMath.pow(2, -1.5))));
        assertEquals(PlaneCoder.MIN_SCALE, PlaneCoder.scaleIndex(Float.NaN));
        assertEquals(PlaneCoder.MIN_SCALE, PlaneCoder.scaleIndex(-1e9f));
        assertEquals(PlaneCoder.MAX_SCALE, PlaneCoder.scaleIndex(1e9f));
    }

    @Test
    void corruptAndHostilePayloadsAreErrors() {
        int n = 256;
        int[] s = scales(n, 7);
        int[] q = indices(s, 0, 8);
        byte[] payload = PlaneCoder.encode(s, q, n, 0, DELTA0);
        int[] out = new int[n];
        byte[] extra = java.util.Arrays.copyOf(payload, payload.length + 3);
        assertThrows(EntropyDecodingException.class, () -> PlaneCoder.decode(extra, s, out, n, 0, DELTA0));
        // zero bytes keep choosing "one more" (the first interval): an endless unary run, cut at the bound
        byte[] zeros = new byte[1 << 15];
        EntropyDecodingException e = assertThrows(EntropyDecodingException.class,
                () -> PlaneCoder.decode(zeros, new int[] {PlaneCoder.MAX_SCALE}, new int[1], 1, 0, 64));
        assertTrue(e.getMessage().contains("above " + PlaneCoder.MAX_MAGNITUDE), e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> PlaneCoder.encode(s, new int[] {PlaneCoder.MAX_MAGNITUDE + 1}, 1, 0, DELTA0));
    }
}

package io.vqz.entropy;

/**
 * Codes one plane of a tile's refinement: the embedded deadzone quantiser of a layered model whose refinement
 * layers are planes ({@code docs/FORMAT.md}, version 3), each element's decisions under a Laplace scale.
 * <p>
 * An element holds a signed index {@code q = sign · m}. Plane {@code j} has the step {@code Δ_j = Δ_0 / 2^j}
 * and the index {@code m_j = ⌊|y| / Δ_j⌋}, so {@code m_j = 2·m_(j−1) + bit}: plane 0 sends {@code m_0} in unary,
 * every later plane one bit per element, and a sign follows wherever an element's index first becomes nonzero.
 * Under a Laplace of scale {@code b}, every one of these binary decisions has the same form: with
 * {@code u = Δ_j / b}, a unary step continues with probability {@code exp(−u)} and a later plane's bit is 1 with
 * probability {@code 1 / (1 + exp(u))} (the exponential has no memory), so the probabilities depend only on
 * {@code log2 u}. Scales and steps are powers of {@code 2^(1/8)} ({@link #scaleIndex}, {@code delta0Eighths}), so
 * {@code log2 u} is an integer number of eighths, and two tables built once with {@link StrictMath} give every
 * frequency: the same on every platform.
 * <p>
 * Elements are coded in the order of the arrays (the caller's: positions in raster order, then the dimensions
 * of each). Stateless and thread-safe.
 *
 * @since 0.4
 */
public final class PlaneCoder {
    /** Steps per octave of the scale and step indices. */
    public static final int EIGHTHS = 8;
    /** Range of {@link #scaleIndex}: scales from 2^−24 to 2^8. */
    public static final int MIN_SCALE = -24 * EIGHTHS;
    public static final int MAX_SCALE = 8 * EIGHTHS;
    /** Largest index magnitude plane 0 may send; a payload asking for more is invalid. */
    public static final int MAX_MAGNITUDE = 1 << 16;
    /** Largest plane number: indices stay below 2^31. */
    public static final int MAX_PLANE = 14;

    /** log2 u in eighths, clamped to this range: below, P(1) is 1/2 to 16 bits; above, the least frequency. */
    private static final int V_MIN = -16 * EIGHTHS;
    private static final int V_MAX = 7 * EIGHTHS;
    /** Frequency of a 1 (later planes) and of a unary continuation (plane 0), out of {@link Cdf#TOTAL}. */
    private static final int[] ONE = new int[V_MAX - V_MIN + 1];
    private static final int[] MORE = new int[V_MAX - V_MIN + 1];
    private static final int HALF = Cdf.TOTAL / 2;

    static {
        for (int v = V_MIN; v <= V_MAX; v++) {
            double u = StrictMath.pow(2.0, v / (double) EIGHTHS);
            ONE[v - V_MIN] = frequency(1.0 / (1.0 + StrictMath.exp(u)));
            MORE[v - V_MIN] = frequency(StrictMath.exp(-u));
        }
    }

    private PlaneCoder() {
    }

    /**
     * The scale index of a Laplace scale given as its natural logarithm: {@code round(logScale · 8 / ln 2)},
     * clamped to {@code [MIN_SCALE, MAX_SCALE]}, in float arithmetic (so the same everywhere); NaN gives
     * {@code MIN_SCALE}.
     */
    public static int scaleIndex(float logScale) {
        float t = logScale * (float) (EIGHTHS / StrictMath.log(2.0)) + 0.5f;
        if (!(t >= MIN_SCALE)) {
            return MIN_SCALE;
        }
        return t >= MAX_SCALE ? MAX_SCALE : (int) Math.floor(t);
    }

    /** The step {@code Δ_j = 2^((delta0Eighths − 8·plane) / 8)} of plane {@code plane}. */
    public static double step(int delta0Eighths, int plane) {
        return StrictMath.pow(2.0, (delta0Eighths - EIGHTHS * plane) / (double) EIGHTHS);
    }

    /**
     * Encodes plane {@code plane} of the elements.
     *
     * @param scales        each element's {@link #scaleIndex}
     * @param indices       each element's signed index at this plane; for {@code plane ≥ 1}, {@code |q| >> 1} is
     *                      the index the previous plane sent and the sign is the one it sent (if it was nonzero)
     * @param n             number of elements
     * @param plane         0 … {@link #MAX_PLANE}
     * @param delta0Eighths {@code log2 Δ_0} in eighths
     * @return the payload
     * @throws IllegalArgumentException if plane 0 is given a magnitude above {@link #MAX_MAGNITUDE}
     */
    public static byte[] encode(int[] scales, int[] indices, int n, int plane, int delta0Eighths) {
        checkPlane(plane);
        RangeEncoder enc = new RangeEncoder(Math.max(16, n / 4));
        int step = delta0Eighths - EIGHTHS * plane;
        for (int e = 0; e < n; e++) {
            int v = clamp(step - scales[e]);
            int q = indices[e];
            int m = Math.abs(q);
            if (plane == 0) {
                if (m > MAX_MAGNITUDE) {
                    throw new IllegalArgumentException("magnitude " + m + " above " + MAX_MAGNITUDE);
                }
                int more = MORE[v];
                for (int k = 0; k < m; k++) {
                    enc.encode(0, more);
                }
                enc.encode(more, Cdf.TOTAL - more);
                if (m != 0) {
                    enc.encode(q < 0 ? 0 : HALF, HALF);
                }
            } else {
                int one = ONE[v];
                if ((m & 1) != 0) {
                    enc.encode(0, one);
                    if (m == 1) {
                        enc.encode(q < 0 ? 0 : HALF, HALF);
                    }
                } else {
                    enc.encode(one, Cdf.TOTAL - one);
                }
            }
        }
        return enc.finish();
    }

    /**
     * Decodes plane {@code plane} of the elements, updating their signed indices in place.
     *
     * @param indices for {@code plane ≥ 1} the indices after the previous plane, on return those after this one;
     *                for plane 0 only written
     * @throws EntropyDecodingException if the payload is invalid or asks for a magnitude above
     *                                  {@link #MAX_MAGNITUDE}
     */
    public static void decode(byte[] payload, int[] scales, int[] indices, int n, int plane, int delta0Eighths)
            throws EntropyDecodingException {
        checkPlane(plane);
        RangeDecoder dec = new RangeDecoder(payload);
        int step = delta0Eighths - EIGHTHS * plane;
        for (int e = 0; e < n; e++) {
            int v = clamp(step - scales[e]);
            if (plane == 0) {
                int more = MORE[v];
                int m = 0;
                while (dec.target() < more) {
                    dec.consume(0, more);
                    if (++m > MAX_MAGNITUDE) {
                        throw new EntropyDecodingException("plane 0 index above " + MAX_MAGNITUDE);
                    }
                }
                dec.consume(more, Cdf.TOTAL - more);
                indices[e] = m == 0 ? 0 : sign(dec) * m;
            } else {
                int one = ONE[v];
                int q = indices[e];
                int m = Math.abs(q) * 2;
                if (dec.target() < one) {
                    dec.consume(0, one);
                    indices[e] = m == 0 ? sign(dec) : q < 0 ? -(m + 1) : m + 1;
                } else {
                    dec.consume(one, Cdf.TOTAL - one);
                    indices[e] = q < 0 ? -m : m;
                }
            }
        }
        dec.finish();
    }

    /** The ideal code length in bits of plane {@code plane} of the elements, as {@link #encode} would pay. */
    public static double bits(int[] scales, int[] indices, int n, int plane, int delta0Eighths) {
        double bits = 0;
        for (int e = 0; e < n; e++) {
            bits += bits(scales[e], indices[e], plane, delta0Eighths);
        }
        return bits;
    }

    /**
     * The ideal code length in bits of one element's plane {@code plane}: what choosing its index there costs, for
     * an encoder's rate–distortion choice.
     *
     * @param scale the element's {@link #scaleIndex}
     * @param index its signed index at this plane
     */
    public static double bits(int scale, int index, int plane, int delta0Eighths) {
        int v = clamp(delta0Eighths - EIGHTHS * plane - scale);
        int m = Math.abs(index);
        if (plane == 0) {
            return m * cost(MORE[v]) + cost(Cdf.TOTAL - MORE[v]) + (m != 0 ? 1 : 0);
        }
        return (m & 1) != 0 ? cost(ONE[v]) + (m == 1 ? 1 : 0) : cost(Cdf.TOTAL - ONE[v]);
    }

    private static int sign(RangeDecoder dec) throws EntropyDecodingException {
        boolean negative = dec.target() < HALF;
        dec.consume(negative ? 0 : HALF, HALF);
        return negative ? -1 : 1;
    }

    private static void checkPlane(int plane) {
        if (plane < 0 || plane > MAX_PLANE) {
            throw new IllegalArgumentException("plane out of 0.." + MAX_PLANE + ": " + plane);
        }
    }

    private static int clamp(int v) {
        return (v < V_MIN ? V_MIN : Math.min(v, V_MAX)) - V_MIN;
    }

    private static int frequency(double p) {
        long f = StrictMath.round(p * Cdf.TOTAL);
        return (int) Math.max(1, Math.min(Cdf.TOTAL - 1, f));
    }

    private static double cost(int freq) {
        return Cdf.TOTAL_BITS - StrictMath.log(freq) / StrictMath.log(2.0);
    }
}

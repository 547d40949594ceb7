package io.vqz.codec;

/**
 * The encoder's effort: how much encode time is spent on smaller files for the same quality, like cwebp's
 * {@code -m} or cjxl's {@code -e}. Every level writes files of the same model that every decoder reads as
 * {@code docs/FORMAT.md} says; only the codes the encoder chooses differ, never the decode time. The one home of
 * what each level does:
 * <ul>
 * <li>{@value #FASTEST}: the model's fast encoder network, a smaller network trained to land on the full one's
 *     latents ({@code training/vqz_train_encoder.py}; a model without one runs its encoder), and each layer's codes
 *     chosen before the layer is coded, under order-0 bits ({@link Order0Choice}), so the prior runs once over
 *     each tile instead of pricing candidates position by position.</li>
 * <li>{@value #DEFAULT} (the default): the model's encoder network and the rate–distortion index choice under the
 *     priors' bits, layer by layer: the files of every VQZ before effort levels existed, byte for byte.</li>
 * <li>2–{@value #MAX}: the default's codes refined by analysis by synthesis, 1, 2, 3, 4, 5, 6, 8 and 10 times at
 *     most ({@link Refinement}): each refinement decodes the codes, takes the gradient of the decoded pixels' squared
 *     error with respect to the decoder's input (the model's {@code decoder-vjp.onnx}), moves the target the layers
 *     quantise against it ({@link #refinementStep(int)}) and chooses every layer's codes again; each tile keeps the
 *     codes of its lowest rate–distortion cost ({@link #cost}). From level 4 on, and from three layers on, the
 *     target first takes 2 to 8 steps unquantised ({@link #continuousSteps}). The default's half-resolution form
 *     (qualities below {@link Quality#HALF_RESOLUTION_BELOW}) refines against the image's 2×2 means with its
 *     full-resolution model's graph (the decoder network before the upsampler). A model without the gradient graph
 *     encodes these levels as the default.</li>
 * <li>{@value #MAX}, after its refinements: the last layer's codes searched by the decoded pixels
 *     ({@link LastLayerSearch}, {@link #searchStep}), about a hundred decodes of each block.</li>
 * </ul>
 *
 * @since 0.9
 */
public final class Effort {
    /** The fastest level. */
    public static final int FASTEST = 0;
    /** The default level: the encoder of every earlier release. */
    public static final int DEFAULT = 1;
    /** The highest level. */
    public static final int MAX = 9;

    private static final int[] REFINEMENTS = {0, 0, 1, 2, 3, 4, 5, 6, 8, 10};

    private Effort() {
    }

    /**
     * @return {@code effort}
     * @throws IllegalArgumentException if outside {@value #FASTEST}..{@value #MAX}
     */
    public static int check(int effort) {
        if (effort < FASTEST || effort > MAX) {
            throw new IllegalArgumentException("effort must be " + FASTEST + ".." + MAX + ": " + effort);
        }
        return effort;
    }

    /** Whether the level runs the model's fast encoder network where it has one. */
    static boolean fastEncoder(int effort) {
        return effort < DEFAULT;
    }

    /**
     * Whether the level chooses each layer's codes before coding it, under order-0 bits ({@link Order0Choice}),
     * where the others choose under the prior's bits position by position.
     */
    static boolean order0Choice(int effort) {
        return effort == FASTEST;
    }

    /**
     * How many steps the level's target takes unquantised (against the gradient at the target itself) before its
     * first refinement, for {@code layers} layers: from three layers on, whose codes follow the target closely, it is
     * worth about as much again as the refinements (held-out crops, six layers, eight steps: +0.90 dB for +1.5 % of
     * rate where the refinements alone give +0.68 dB for +1.5 %, {@code training/README.md}); below, nothing.
     */
    static int continuousSteps(int effort, int layers) {
        return layers < 3 ? 0 : CONTINUOUS[effort];
    }

    private static final int[] CONTINUOUS = {0, 0, 0, 0, 2, 4, 4, 6, 8, 8};

    /** How many times the level refines the codes by analysis by synthesis. */
    static int refinements(int effort) {
        return REFINEMENTS[effort];
    }

    /**
     * How far one refinement moves the target, as a fraction of its quantisation error (RMS) in the gradient's
     * direction. Measured on held-out crops ({@code training/vqz_probe_gradient.py}): about 0.06 from three layers
     * on, smaller steps where the codes are coarse (one or two layers), whose codes change too much for a step that
     * size to pay for its bits.
     */
    static double refinementStep(int layers) {
        return layers <= 2 ? 0.03 : 0.06;
    }

    /**
     * Rate–distortion cost of a block's codes, {@code ln(bits) + s · ln(squared error)}, lower is better: the greedy
     * choice's curve spends about 18 % more bits per dB ({@code s = 0.18 · 10 / ln 10}), so a refinement is kept
     * where its extra bits buy more quality than moving along the curve would.
     */
    static double cost(double bits, double squaredError) {
        return StrictMath.log(Math.max(bits, 1)) + COST_SLOPE * StrictMath.log(Math.max(squaredError, 1e-12));
    }

    /** {@link #cost}'s weight of the squared error's logarithm: 18 % of rate per dB. */
    static final double COST_SLOPE = 0.18 * 10 / StrictMath.log(10);

    /**
     * 0, or the lattice step of the level's {@link LastLayerSearch} after its refinements: positions this far apart
     * are tried together. Held-out photographs at quality 75 (three, the level's other steps alike): a step of 11,
     * the decoder's receptive field apart, +0.19 dB for +0.4 % of rate; 5 the same at a fifth of the decodes; 4 a
     * little less; 3 almost nothing, its classes' changes too close to judge apart.
     */
    static int searchStep(int effort) {
        return effort == MAX ? 5 : 0;
    }
}

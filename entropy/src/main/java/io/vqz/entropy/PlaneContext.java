package io.vqz.entropy;

import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

/**
 * The context network of a plane model ({@code planes.bin}, {@code docs/FORMAT.md} A.5): at every position of a
 * tile, from the base layer's codewords alone, the mean {@code μ} and the Laplace scale index
 * ({@link PlaneCoder#scaleIndex}) of each of the {@code D} latent elements that the planes refine.
 * <p>
 * The network is a refinement prior's coarse branch with {@code 2·D} outputs ({@code 3×3} conv {@code D → C},
 * ReLU, {@code 1×1} {@code C → C}, ReLU, {@code 1×1} {@code C → 2D}) under the same float rules, so encoder and
 * decoder compute the same bits on every platform: outputs {@code 0 … D−1} are {@code μ}, {@code D … 2D−1} are
 * {@code log b}, clamped to {@code [−12, 4]}. It never sees a plane, so a tile is evaluated once, as one batch,
 * for all of its planes.
 * <p>
 * Immutable and thread-safe.
 *
 * @since 0.4
 */
public final class PlaneContext {
    /** Magic of {@code planes.bin}. */
    public static final String MAGIC = "VQZPLANE";
    /** The layout version this class reads and writes. */
    public static final int VERSION = 1;
    /** Largest {@code D} and {@code C}. */
    public static final int MAX_WIDTH = 1024;

    private static final float LOG_SCALE_MIN = -12f;
    private static final float LOG_SCALE_MAX = 4f;

    private final int d;
    private final int c;
    /** in.weight, in.bias, mid.weight, mid.bias, out.weight, out.bias in PyTorch's layouts. */
    private final float[][] arrays;
    private final CoarseBranch branch;

    private PlaneContext(int d, int c, float[][] arrays) {
        this.d = d;
        this.c = c;
        this.arrays = arrays;
        branch = new CoarseBranch(d, c, 2 * d, arrays[0], arrays[1], arrays[2], arrays[3], arrays[4], arrays[5]);
    }

    private static float[][] shapes(int d, int c) {
        int k = PriorWeights.COARSE_KERNEL;
        return new float[][] {new float[c * d * k * k], new float[c], new float[c * c], new float[c],
            new float[2 * d * c], new float[2 * d]};
    }

    /**
     * Reads {@code planes.bin} (not closing the stream; nothing after the weights is read).
     *
     * @throws IOException on a read error, a truncated stream ({@link EOFException}), a wrong magic or version,
     *                     sizes out of range or a non-finite weight
     */
    public static PlaneContext read(InputStream in) throws IOException {
        ByteBuffer head = ByteBuffer.wrap(readFully(in, 20)).order(ByteOrder.LITTLE_ENDIAN);
        byte[] magic = new byte[8];
        head.get(magic);
        if (!MAGIC.equals(new String(magic, StandardCharsets.ISO_8859_1))) {
            throw new IOException("not a planes.bin: bad magic");
        }
        int version = head.getInt();
        if (version != VERSION) {
            throw new IOException("unsupported planes.bin version " + Integer.toUnsignedString(version));
        }
        int d = head.getInt();
        int c = head.getInt();
        if (d < 1 || d > MAX_WIDTH || c < 1 || c > MAX_WIDTH) {
            throw new IOException("planes.bin D and C must be 1.." + MAX_WIDTH + ": " + Integer.toUnsignedString(d)
                    + ", " + Integer.toUnsignedString(c));
        }
        float[][] arrays = shapes(d, c);
        for (float[] a : arrays) {
            ByteBuffer.wrap(readFully(in, a.length * 4)).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(a);
            for (float v : a) {
                if (!Float.isFinite(v)) {
                    throw new IOException("planes.bin has a non-finite weight");
                }
            }
        }
        return new PlaneContext(d, c, arrays);
    }

    /** Seeded random weights (PyTorch's default initialisation's scale), the same on every platform; for tests. */
    public static PlaneContext random(int d, int c, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        float[][] arrays = shapes(d, c);
        int[] fanIn = {9 * d, 9 * d, c, c, c, c};
        for (int i = 0; i < arrays.length; i++) {
            double bound = 1 / StrictMath.sqrt(fanIn[i]);
            for (int j = 0; j < arrays[i].length; j++) {
                arrays[i][j] = (float) ((rnd.nextDouble() * 2 - 1) * bound);
            }
        }
        return new PlaneContext(d, c, arrays);
    }

    /** Writes {@code planes.bin} (the stream is not closed). */
    public void write(OutputStream out) throws IOException {
        DataOutputStream data = new DataOutputStream(out);
        ByteBuffer head = ByteBuffer.allocate(20).order(ByteOrder.LITTLE_ENDIAN);
        head.put(MAGIC.getBytes(StandardCharsets.ISO_8859_1)).putInt(VERSION).putInt(d).putInt(c);
        data.write(head.array());
        for (float[] a : arrays) {
            ByteBuffer b = ByteBuffer.allocate(a.length * 4).order(ByteOrder.LITTLE_ENDIAN);
            b.asFloatBuffer().put(a);
            data.write(b.array());
        }
        data.flush();
    }

    /** Width {@code D} of the latent the planes refine. */
    public int width() {
        return d;
    }

    /** Hidden channels {@code C}. */
    public int channels() {
        return c;
    }

    /**
     * The means and scale indices of every element of a tile.
     *
     * @param context the base layer's codewords at every position, {@code width·height·D} floats, position-major
     * @param mu      receives {@code width·height·D} means
     * @param scales  receives {@code width·height·D} scale indices
     */
    public void evaluate(float[] context, int width, int height, float[] mu, int[] scales) {
        float[][] out = branch.evaluate(context, width, height)[1];
        for (int p = 0; p < out.length; p++) {
            float[] o = out[p];
            for (int i = 0; i < d; i++) {
                mu[p * d + i] = o[i];
                float logScale = Math.max(LOG_SCALE_MIN, Math.min(LOG_SCALE_MAX, o[d + i]));
                scales[p * d + i] = PlaneCoder.scaleIndex(logScale);
            }
        }
    }

    /**
     * Upper bound of the heap that evaluating and decoding the planes of a {@code width × height} tile holds: the
     * branch's outputs and, per element, a mean, a scale index and an index.
     *
     * @since 0.7
     */
    public long tileBytes(int width, int height) {
        return branch.bytes(width, height) + 12L * width * height * d;
    }

    @Override
    public String toString() {
        return "PlaneContext[D=" + d + ", C=" + c + "]";
    }

    private static byte[] readFully(InputStream in, int n) throws IOException {
        byte[] b = in.readNBytes(n);
        if (b.length != n) {
            throw new EOFException("planes.bin truncated");
        }
        return b;
    }
}

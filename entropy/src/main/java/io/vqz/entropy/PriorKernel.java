package io.vqz.entropy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.IntBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The optional native kernel of {@link PriorCursor}'s sums ({@code src/main/c/vqz_prior.c}): the same separately
 * rounded float operations in the same order as the Java reference, so the same bits (PriorKernelTest compares
 * them on real and random priors), run from the first position at compiled speed where the Java path spends a
 * cold start's first half second in the interpreter and the JIT.
 * <p>
 * Shipped for Linux on x86-64; elsewhere, where the library cannot be loaded (a {@code noexec} temporary
 * directory) or with {@code -Dvqz.prior.native=false}, the Java path runs, silently. The library is copied from
 * the jar to a temporary file, loaded and deleted.
 * <p>
 * The kernel keeps no state: a prior's weights and a cursor's caches live in direct buffers of 32-bit words laid
 * out as the constants below say, held by {@link PixelCnnPrior} and {@link PriorCursor}. Thread-safe.
 */
final class PriorKernel {
    /** Whether the native kernel is loaded and used. */
    static final boolean LOADED = load();

    // The prior buffer's header: word indices of sizes, then of the arrays' first words (vqz_prior.c, the same).
    static final int K = 0, C = 1, LAYERS = 2, NA = 3, NB = 4, ROWS = 5, GROUPS = 6, MEMBERS = 7;
    static final int DYA = 8, DXA = 9, DYB = 10, DXB = 11, TABLE_A = 12, BIAS_A = 13, WB = 14, BIAS_B = 15;
    static final int WOUT = 16, BIAS_OUT = 17, WGROUP = 18, BIAS_GROUP = 19, WMEMBER = 20, BIAS_MEMBER = 21, EXP = 22;
    static final int PRIOR_HEADER = 32;
    // The cursor buffer's header.
    static final int WIDTH = 0, HEIGHT = 1, CODES = 2, NZ_COUNT = 3, NZ_IDX = 4, NZ_VAL = 5, H = 6, T = 7, OUT = 8;
    static final int LIST = 9, VALS = 10, COARSE = 11, TABLE = 12, WEIGHTS = 13;
    static final int CURSOR_HEADER = 16;

    /** Which output layer {@link #output} evaluates. */
    static final int CODES_OUT = 0, GROUPS_OUT = 1, MEMBERS_OUT = 2;

    private PriorKernel() {
    }

    static native long address(ByteBuffer buffer);

    /** FORMAT.md 9.3 at (x, y): leaves relu(h) in the cursor; the coarse rows are null for a base-layer prior. */
    static native void trunk(long prior, long cursor, int x, int y, float[] coarseA, float[] coarseOut);

    /**
     * An output layer's logits over relu(h) into {@code out}, and their table ({@link Cdf#fromLogits}) into
     * {@code table}: the codes, the groups, or group g's members.
     */
    static native void output(long prior, long cursor, int which, int g, float[] out, int[] table);

    /** A zeroed direct buffer of {@code words} native-order 32-bit words, or null when too large for one. */
    static ByteBuffer words(long words) {
        if (words > Integer.MAX_VALUE / 4 - 16) {
            return null;
        }
        return ByteBuffer.allocateDirect((int) words * 4).order(ByteOrder.nativeOrder());
    }

    /** The prior's weights laid out for the kernel; null when too large for one buffer. */
    static ByteBuffer prior(PixelCnnPrior p) {
        int c = p.c;
        Object[] arrays = {p.dyA, p.dxA, p.dyB, p.dxB, p.tableA, p.biasA, p.wB, p.biasB, p.wOut, p.biasOut,
                p.wGroup, p.biasGroup == null ? new float[0] : p.biasGroup, p.wMember, p.biasMember, Cdf.EXP};
        long[] at = new long[arrays.length];
        long end = PRIOR_HEADER;
        for (int i = 0; i < arrays.length; i++) {
            end = (end + 15) & ~15L;
            at[i] = end;
            end += words(arrays[i]);
        }
        ByteBuffer b = words(end);
        if (b == null) {
            return null;
        }
        IntBuffer ints = b.asIntBuffer();
        FloatBuffer floats = b.asFloatBuffer();
        ints.put(K, p.k).put(C, c).put(LAYERS, p.layers).put(NA, p.dyA.length).put(NB, p.dyB.length)
                .put(ROWS, p.radiusB + 1).put(GROUPS, p.groups).put(MEMBERS, p.members);
        for (int i = 0; i < arrays.length; i++) {
            ints.put(DYA + i, (int) at[i]);
            if (arrays[i] instanceof long[]) {
                b.asLongBuffer().put((int) at[i] / 2, (long[]) arrays[i]);
            } else {
                put(ints, floats, (int) at[i], arrays[i]);
            }
        }
        return b;
    }

    /** Words of an int[], float[], long[] or nested float arrays, flattened. */
    private static long words(Object a) {
        if (a instanceof int[]) {
            return ((int[]) a).length;
        }
        if (a instanceof float[]) {
            return ((float[]) a).length;
        }
        if (a instanceof long[]) {
            return 2L * ((long[]) a).length;
        }
        long n = 0;
        for (Object o : (Object[]) a) {
            n += words(o);
        }
        return n;
    }

    /** Writes {@code a} flattened from word {@code at}; returns the word after it. */
    private static int put(IntBuffer ints, FloatBuffer floats, int at, Object a) {
        if (a instanceof int[]) {
            ints.put(at, (int[]) a);
            return at + ((int[]) a).length;
        }
        if (a instanceof float[]) {
            floats.put(at, (float[]) a);
            return at + ((float[]) a).length;
        }
        for (Object o : (Object[]) a) {
            at = put(ints, floats, at, o);
        }
        return at;
    }

    /** Lays out a cursor of a {@code width × height} tile for {@code prior}; null when too large for one buffer. */
    static ByteBuffer cursor(PixelCnnPrior prior, int width, int height) {
        long c = prior.c;
        long cache = (long) prior.layers * (prior.radiusB + 1) * width;
        long n = Math.max(Math.max(prior.dyB.length * c, c), prior.dyA.length) + 1;
        long symbols = Math.max(prior.k, Math.max(prior.groups, prior.members));
        long[] sizes = {(long) width * height, cache, cache * c, cache * c, c, c, symbols, n, n, 2 * c,
                symbols + 1, 2 * symbols};
        long[] at = new long[sizes.length];
        long end = CURSOR_HEADER;
        for (int i = 0; i < sizes.length; i++) {
            end = (end + 15) & ~15L;
            at[i] = end;
            end += sizes[i];
        }
        ByteBuffer b = words(end);
        if (b == null) {
            return null;
        }
        IntBuffer header = b.asIntBuffer();
        header.put(WIDTH, width).put(HEIGHT, height);
        for (int i = 0; i < at.length; i++) {
            header.put(CODES + i, (int) at[i]);
        }
        return b;
    }

    private static boolean load() {
        if ("false".equals(System.getProperty("vqz.prior.native"))) {
            return false;
        }
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch", "");
        if (!os.contains("linux") || !(arch.equals("amd64") || arch.equals("x86_64"))
                || ByteOrder.nativeOrder() != ByteOrder.LITTLE_ENDIAN) {
            return false;
        }
        try (InputStream in = PriorKernel.class.getResourceAsStream("native/linux-x64/libvqzprior.so")) {
            if (in == null) {
                return false;
            }
            Path file = Files.createTempFile("vqz-prior", ".so");
            try {
                Files.copy(in, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                System.load(file.toAbsolutePath().toString());
            } finally {
                Files.deleteIfExists(file);  // the loaded library stays mapped
            }
            return true;
        } catch (IOException | LinkageError | SecurityException e) {
            // asked for lazily: the logging system costs a cold start tens of milliseconds
            Logger.getLogger(PriorKernel.class.getName()).log(Level.FINE, "native prior kernel not loaded; the Java path runs", e);
            return false;
        }
    }
}

package io.vqz.entropy;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.IntBuffer;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

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
    static final boolean LOADED = NativeLibrary.load(PriorKernel.class, "libvqzprior.so", "vqz.prior.native");

    // The prior buffer's header: word indices of sizes, then of the arrays' first words (vqz_prior.c, the same).
    static final int K = 0, C = 1, LAYERS = 2, NA = 3, NB = 4, ROWS = 5, GROUPS = 6, MEMBERS = 7, D = 8;
    static final int OUT_WIDTH = 9, ARRAYS = 10;
    static final int PRIOR_HEADER = 32;
    // The cursor buffer's header: its size, then the areas' first words.
    static final int WIDTH = 0, HEIGHT = 1, CODES = 2;
    static final int CURSOR_HEADER = 16;

    /** Which output layer {@link #output} evaluates. */
    static final int CODES_OUT = 0, GROUPS_OUT = 1, MEMBERS_OUT = 2;

    /** Cursor buffers of finished tiles, for the next tiles: direct memory is otherwise freed only by a GC. */
    private static final Queue<ByteBuffer> FREE = new ConcurrentLinkedQueue<>();
    private static final AtomicInteger FREE_COUNT = new AtomicInteger();
    private static final int MAX_FREE = 2 * Runtime.getRuntime().availableProcessors();

    private PriorKernel() {
    }

    static native long address(ByteBuffer buffer);

    /**
     * FORMAT.md 9.5 for the whole tile, from {@code context} (as {@link CoarseBranch#evaluate} takes it); false
     * when the kernel's working memory could not be had (the Java path then runs).
     */
    static native boolean coarse(long prior, long cursor, float[] context);

    /** FORMAT.md 9.3 at (x, y), with the coarse branch's outputs there for a refinement prior: relu(h). */
    static native void trunk(long prior, long cursor, int x, int y);

    /**
     * An output layer's logits over relu(h) into {@code out}, and their table ({@link Cdf#fromLogits}) into
     * {@code table}: the codes, the groups, or group g's members.
     */
    static native void output(long prior, long cursor, int which, int g, float[] out, int[] table);

    /**
     * FORMAT.md 9.1 and 9.7 at every position of a fresh cursor's tile, whose codes are all known: each symbol's
     * interval (its table's {@code cdf[s]} and {@code cdf[s + 1] − cdf[s]}) into {@code out}, two ints per symbol;
     * {@code symbols} holds one per position, or two for a two-level alphabet (group, member). False: no memory.
     */
    static native boolean intervals(long prior, long cursor, int[] codes, int[] symbols, int[] out);

    /** A direct buffer of {@code words} native-order 32-bit words, or null when too large for one. */
    static ByteBuffer words(long words) {
        if (words > Integer.MAX_VALUE / 4 - 16) {
            return null;
        }
        return ByteBuffer.allocateDirect((int) words * 4).order(ByteOrder.nativeOrder());
    }

    /** The prior's weights laid out for the kernel; null when too large for one buffer. */
    static ByteBuffer prior(PixelCnnPrior p) {
        int c = p.c;
        CoarseBranch coarse = p.coarse;
        float[] none = new float[0];
        Object[] arrays = {p.dyA, p.dxA, p.dyB, p.dxB, p.tableA, p.biasA, p.wB, p.biasB, p.wOut, p.biasOut,
                p.wGroup, p.biasGroup == null ? none : p.biasGroup, p.wMember, p.biasMember, Cdf.EXP,
                coarse == null ? none : coarse.in, coarse == null ? none : coarse.biasIn,
                coarse == null ? none : coarse.mid, coarse == null ? none : coarse.biasMid,
                coarse == null ? none : coarse.out, coarse == null ? none : coarse.biasOut};
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
                .put(ROWS, p.radiusB + 1).put(GROUPS, p.groups).put(MEMBERS, p.members)
                .put(D, coarse == null ? 0 : coarse.width()).put(OUT_WIDTH, coarse == null ? 0 : coarse.biasOut.length);
        for (int i = 0; i < arrays.length; i++) {
            ints.put(ARRAYS + i, (int) at[i]);
            if (arrays[i] instanceof long[]) {
                b.asLongBuffer().put((int) at[i] / 2, (long[]) arrays[i]);
            } else {
                put(ints, floats, (int) at[i], arrays[i]);
            }
        }
        return b;
    }

    /** Words of an int[], float[], long[] (two each) or nested float arrays, flattened. */
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

    /**
     * A cursor's buffer for a {@code width × height} tile of {@code prior}: a finished tile's when one is large
     * enough, else a new one; null when too large for one buffer. Every area is written before it is read, so a
     * buffer is reused as it is.
     */
    static ByteBuffer cursor(PixelCnnPrior prior, int width, int height) {
        long c = prior.c;
        long n = (long) width * height;
        long cache = (long) prior.layers * (prior.radiusB + 1) * width;
        long list = Math.max(Math.max(prior.dyB.length * c, c), prior.dyA.length) + 1;
        long symbols = Math.max(prior.k, Math.max(prior.groups, prior.members));
        long d = prior.coarseWidth();
        // codes, nz counts, nz indices, nz values, h, t, logits, row list, values, table, weights (longs), context,
        // g, gOut
        long[] sizes = {n, cache, cache * c, cache * c, c, c, symbols, list, list, symbols + 1, 2 * symbols, n * d,
                d == 0 ? 0 : n * c, d == 0 ? 0 : n * c};
        long[] at = new long[sizes.length];
        long end = CURSOR_HEADER;
        for (int i = 0; i < sizes.length; i++) {
            end = (end + 15) & ~15L;
            at[i] = end;
            end += sizes[i];
        }
        ByteBuffer b = FREE.poll();
        if (b != null) {
            FREE_COUNT.decrementAndGet();
        }
        if (b == null || b.capacity() < end * 4) {
            b = words(end);
            if (b == null) {
                return null;
            }
        }
        IntBuffer header = b.asIntBuffer();
        header.put(WIDTH, width).put(HEIGHT, height);
        for (int i = 0; i < at.length; i++) {
            header.put(CODES + i, (int) at[i]);
        }
        return b;
    }

    /** Takes back the buffer of a finished cursor, which no longer uses it. */
    static void release(ByteBuffer cursor) {
        if (FREE_COUNT.incrementAndGet() <= MAX_FREE) {
            FREE.offer(cursor);
        } else {
            FREE_COUNT.decrementAndGet();
        }
    }
}

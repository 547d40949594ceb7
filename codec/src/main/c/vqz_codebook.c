/*
 * The nearest-codeword search of the fastest encoder level (io.vqz.codec.Order0Choice) as a native kernel beside
 * its plain-Java reference, io.vqz.codec.CodebookKernel's Java path: per position the squared distance to every
 * codeword less the latent's own squared norm, (...((|w|^2 + z0*m0) + z1*m1) + ...) in float with each product
 * rounded on its own (m = -2w); the nearest (the first on a tie); and the codewords within a spread of it, at most
 * `keep` of them, the nearest (the lower index first on a tie). So both paths choose the same codes. Built with
 * -ffp-contract=off and without -ffast-math; vectorising only runs codewords side by side.
 */
#include <jni.h>
#include <stdint.h>
#include <string.h>
#if defined(__x86_64__) && defined(__GNUC__)
#include <immintrin.h>
#endif

#if defined(__GNUC__) && !defined(__clang__) && defined(__x86_64__) && defined(__linux__)
#define CLONES __attribute__((target_clones("avx512f", "avx2", "default")))
#else
#define CLONES
#endif

/* 16 floats side by side (a macro, not a function: passing it by value would differ between the clones' ABIs) */
typedef float f16 __attribute__((vector_size(64)));
typedef int32_t i16 __attribute__((vector_size(64)));
typedef int32_t i16 __attribute__((vector_size(64)));
#define LOAD16(v, p) memcpy(&(v), (p), sizeof(f16))
/* lane-wise a < b ? a : b, and the smallest lane into out (the inputs are finite: CodebookKernel checks) */
#define VMIN(a, b) ((f16) (((i16) (a) & ((a) < (b))) | ((i16) (b) & ~((a) < (b)))))
#define HMIN16(out, v)                                                                                        \
    do {                                                                                                      \
        f16 t_ = (v);                                                                                         \
        t_ = VMIN(t_, __builtin_shuffle(t_, (i16) {8, 9, 10, 11, 12, 13, 14, 15, 0, 1, 2, 3, 4, 5, 6, 7}));  \
        t_ = VMIN(t_, __builtin_shuffle(t_, (i16) {4, 5, 6, 7, 0, 1, 2, 3, 12, 13, 14, 15, 8, 9, 10, 11}));  \
        t_ = VMIN(t_, __builtin_shuffle(t_, (i16) {2, 3, 0, 1, 6, 7, 4, 5, 10, 11, 8, 9, 14, 15, 12, 13}));  \
        t_ = VMIN(t_, __builtin_shuffle(t_, (i16) {1, 0, 3, 2, 5, 4, 7, 6, 9, 8, 11, 10, 13, 12, 15, 14}));  \
        (out) = t_[0];                                                                                        \
    } while (0)
#define STORE16(p, v) memcpy((p), &(v), sizeof(f16))

/*
 * dist[k] = |w_k|^2 - 2 z.w_k, the squared distance less |z|^2 (the same for every codeword, so the same order and
 * the same differences): norm[k], then + z_j * m[j][k] for j ascending, m = -2w by dimension ([j][k]); one
 * multiply and one add per term where the distance itself takes three operations. blockMin[b]: the least of
 * dist[32b .. 32b + 32), which the search skips by.
 */
static inline __attribute__((always_inline)) void distances(const float *z, int d, const float *m,
                                                            const float *norm, int k, float *dist,
                                                            float *blockMin) {
    int k0 = 0;
    /* four blocks of 16 codewords at once: four chains of additions side by side, not one after another */
    for (; k0 + 64 <= k; k0 += 64) {
        f16 a0, a1, a2, a3, w0, w1, w2, w3;
        LOAD16(a0, norm + k0);
        LOAD16(a1, norm + k0 + 16);
        LOAD16(a2, norm + k0 + 32);
        LOAD16(a3, norm + k0 + 48);
        for (int j = 0; j < d; j++) {
            const float *r = m + (int64_t) j * k + k0;
            LOAD16(w0, r);
            LOAD16(w1, r + 16);
            LOAD16(w2, r + 32);
            LOAD16(w3, r + 48);
            a0 = a0 + z[j] * w0;
            a1 = a1 + z[j] * w1;
            a2 = a2 + z[j] * w2;
            a3 = a3 + z[j] * w3;
        }
        STORE16(dist + k0, a0);
        STORE16(dist + k0 + 16, a1);
        STORE16(dist + k0 + 32, a2);
        STORE16(dist + k0 + 48, a3);
        HMIN16(blockMin[k0 / 32], VMIN(a0, a1));
        HMIN16(blockMin[k0 / 32 + 1], VMIN(a2, a3));
    }
    for (int k1 = k0; k1 < k; k1++) {
        float acc = norm[k1];
        for (int j = 0; j < d; j++) {
            acc = acc + z[j] * m[(int64_t) j * k + k1];
        }
        dist[k1] = acc;
    }
    for (; k0 < k; k0 += 32) { /* the blocks after the last ones of 64, the last one short */
        float least = dist[k0];
        for (int i = k0 + 1; i < k0 + 32 && i < k; i++) {
            least = dist[i] < least ? dist[i] : least;
        }
        blockMin[k0 / 32] = least;
    }
}

/* distances() of four latents at once, each codeword row loaded once for all four: a quarter of the traffic */
static inline __attribute__((always_inline)) void distances4(const float *z, int d, const float *m,
                                                             const float *norm, int k, float *dist,
                                                             float *blockMin) {
    int blocks = (k + 31) / 32;
    int k0 = 0;
    const float *z0 = z, *z1 = z + d, *z2 = z + 2 * d, *z3 = z + 3 * d;
    for (; k0 + 32 <= k; k0 += 32) {
        f16 a0, a1, b0, b1, c0, c1, e0, e1, w0, w1;
        LOAD16(a0, norm + k0);
        LOAD16(a1, norm + k0 + 16);
        b0 = c0 = e0 = a0;
        b1 = c1 = e1 = a1;
        for (int j = 0; j < d; j++) {
            const float *r = m + (int64_t) j * k + k0;
            LOAD16(w0, r);
            LOAD16(w1, r + 16);
            a0 = a0 + z0[j] * w0;
            a1 = a1 + z0[j] * w1;
            b0 = b0 + z1[j] * w0;
            b1 = b1 + z1[j] * w1;
            c0 = c0 + z2[j] * w0;
            c1 = c1 + z2[j] * w1;
            e0 = e0 + z3[j] * w0;
            e1 = e1 + z3[j] * w1;
        }
        STORE16(dist + k0, a0);
        STORE16(dist + k0 + 16, a1);
        STORE16(dist + k + k0, b0);
        STORE16(dist + k + k0 + 16, b1);
        STORE16(dist + 2 * k + k0, c0);
        STORE16(dist + 2 * k + k0 + 16, c1);
        STORE16(dist + 3 * k + k0, e0);
        STORE16(dist + 3 * k + k0 + 16, e1);
        HMIN16(blockMin[k0 / 32], VMIN(a0, a1));
        HMIN16(blockMin[blocks + k0 / 32], VMIN(b0, b1));
        HMIN16(blockMin[2 * blocks + k0 / 32], VMIN(c0, c1));
        HMIN16(blockMin[3 * blocks + k0 / 32], VMIN(e0, e1));
    }
    if (k0 < k) {
        for (int q = 0; q < 4; q++) {
            distances(z + (int64_t) q * d, d, m, norm, k, dist + (int64_t) q * k, blockMin + q * blocks);
        }
    }
}

/*
 * The indices i < k with dist[i] <= limit, ascending, into within (k + 16 ints): AVX-512 compresses sixteen at a
 * time where the CPU has it, else one at a time without a branch. The same list either way.
 */
static int within_plain(const float *dist, int k, float limit, int32_t *within) {
    int m = 0;
    for (int i = 0; i < k; i++) {
        within[m] = i;
        m += dist[i] <= limit;
    }
    return m;
}

#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__)
__attribute__((target("avx512f"))) static int within_avx512(const float *dist, int k, float limit, int32_t *within) {
    int m = 0;
    int i = 0;
    __m512 lim = _mm512_set1_ps(limit);
    __m512i idx = _mm512_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15);
    __m512i step = _mm512_set1_epi32(16);
    for (; i + 16 <= k; i += 16) {
        __mmask16 le = _mm512_cmp_ps_mask(_mm512_loadu_ps(dist + i), lim, _CMP_LE_OQ);
        if (le) {
            /* the register form: compressing straight to memory is microcoded on some CPUs */
            _mm512_storeu_si512((void *) (within + m), _mm512_maskz_compress_epi32(le, idx));
            m += __builtin_popcount(le);
        }
        idx = _mm512_add_epi32(idx, step);
    }
    for (; i < k; i++) {
        within[m] = i;
        m += dist[i] <= limit;
    }
    return m;
}

/* wide: whether AVX-512 may be used (false: the plain form, which CodebookKernelTest compares too) */
static int within_limit(const float *dist, int k, float limit, int32_t *within, int wide) {
    __builtin_cpu_init(); /* idempotent; the CPU's features are then read, no state of ours shared between threads */
    return wide && __builtin_cpu_supports("avx512f") ? within_avx512(dist, k, limit, within)
                                                     : within_plain(dist, k, limit, within);
}
#else
static int within_limit(const float *dist, int k, float limit, int32_t *within, int wide) {
    (void) wide;
    return within_plain(dist, k, limit, within);
}
#endif

/* whether codeword a comes before b: nearer, or as near with the lower index */
#define BEFORE(da, a, db, b) ((da) < (db) || ((da) == (db) && (a) < (b)))

/* restores the heap below `at` of the n candidates: each one after (farther than) its children, the farthest at 0 */
static inline __attribute__((always_inline)) void sift(int32_t *c, float *cd, int n, int at) {
    for (;;) {
        int child = 2 * at + 1;
        if (child >= n) {
            return;
        }
        if (child + 1 < n && BEFORE(cd[child], c[child], cd[child + 1], c[child + 1])) {
            child++;
        }
        if (!BEFORE(cd[at], c[at], cd[child], c[child])) {
            return;
        }
        int ci = c[at];
        float cf = cd[at];
        c[at] = c[child];
        cd[at] = cd[child];
        c[child] = ci;
        cd[child] = cf;
        at = child;
    }
}

/* the keep nearest (by distance, then index) of the m codewords within[], into c and cd; returns how many */
static inline __attribute__((always_inline)) int keep_nearest(const int32_t *within, int m, const float *dist,
                                                              int keep, int32_t *c, float *cd) {
    int first = m < keep ? m : keep;
    for (int j = 0; j < first; j++) {
        c[j] = within[j];
        cd[j] = dist[within[j]];
    }
    if (m <= keep) {
        return m;
    }
    /* a heap whose root is the farthest kept, replaced by anything before it */
    for (int j = keep / 2 - 1; j >= 0; j--) {
        sift(c, cd, keep, j);
    }
    for (int j = keep; j < m; j++) {
        int i = within[j];
        float v = dist[i];
        if (BEFORE(v, i, cd[0], c[0])) {
            c[0] = i;
            cd[0] = v;
            sift(c, cd, keep, 0);
        }
    }
    return keep;
}

/*
 * Position p's nearest, and its candidates in no particular order: the at most `keep` nearest of the codewords
 * within the limit (by distance, then index), found by the blocks' minima. within: k + 16 ints of scratch.
 */
static inline __attribute__((always_inline)) void pick(int p, int k, double spread, int keep, const float *dist,
                                                       const float *blockMin, int32_t *within, int wide,
                                                       int32_t *nearest, int32_t *count, int32_t *cand,
                                                       float *candDist) {
    int blocks = (k + 31) / 32;
    int first = 0;
    float min = blockMin[0];
    for (int b = 1; b < blocks; b++) {
        if (blockMin[b] < min) {
            min = blockMin[b];
            first = b;
        }
    }
    int best = first * 32;
    while (dist[best] != min) {
        best++;
    }
    nearest[p] = best;
    float limit = (float) ((double) min + spread);
    if (blocks >= keep) {
        /*
         * The keep-th least of the blocks' minima bounds the keep nearest (that many codewords are that near), so
         * nothing beyond it is kept: where the limit lets hundreds through, a few dozen are left to sort out.
         */
        float bound = blockMin[0];
        if (blocks == keep) {
            for (int b = 1; b < blocks; b++) {
                bound = blockMin[b] > bound ? blockMin[b] : bound;
            }
        } else {
            float least[keep];
            int have = 0;
            for (int b = 0; b < blocks; b++) {
                float v = blockMin[b];
                if (have == keep && !(v < least[keep - 1])) {
                    continue;
                }
                int at = have < keep ? have++ : keep - 1;
                while (at > 0 && least[at - 1] > v) {
                    least[at] = least[at - 1];
                    at--;
                }
                least[at] = v;
            }
            bound = least[keep - 1];
        }
        limit = bound < limit ? bound : limit;
    }
    int m = within_limit(dist, k, limit, within, wide);
    count[p] = keep_nearest(within, m, dist, keep, cand + (int64_t) p * keep, candDist + (int64_t) p * keep);
}

CLONES static void search(const float *z, int n, int d, const float *m2, const float *norm, int k, double spread,
                          int keep, float *dist, float *blockMin, int32_t *within, int wide, int32_t *nearest,
                          int32_t *count, int32_t *cand, float *candDist) {
    int blocks = (k + 31) / 32;
    int p = 0;
    for (; p + 3 < n; p += 4) {
        distances4(z + (int64_t) p * d, d, m2, norm, k, dist, blockMin);
        for (int q = 0; q < 4; q++) {
            pick(p + q, k, spread, keep, dist + (int64_t) q * k, blockMin + q * blocks, within, wide, nearest,
                 count, cand, candDist);
        }
    }
    for (; p < n; p++) {
        distances(z + (int64_t) p * d, d, m2, norm, k, dist, blockMin);
        pick(p, k, spread, keep, dist, blockMin, within, wide, nearest, count, cand, candDist);
    }
}

/* the least float above f (f finite), as Java's Math.nextUp */
static inline __attribute__((always_inline)) float next_up(float f) {
    int32_t b;
    if (f == 0.0f) {
        b = 1;
    } else {
        memcpy(&b, &f, sizeof b);
        b += f > 0.0f ? 1 : -1;
    }
    memcpy(&f, &b, sizeof f);
    return f;
}

/*
 * Position p's code: among the `keep` nearest codewords (by distance, then index) the one of the lowest
 * dist * scale + weight * bits[code] (then the lower distance, then the lower code). Only codewords within
 * weight * (bits[nearest] - fewest) / scale of the nearest can beat it, so only those are looked at.
 */
static inline __attribute__((always_inline)) int32_t cheapest(int k, const double *bits, double scale,
                                                             double weight, double fewest, int keep,
                                                             const float *dist, const float *blockMin,
                                                             int32_t *within, int wide, int32_t *c, float *cd) {
    int blocks = (k + 31) / 32;
    int first = 0;
    float min = blockMin[0];
    for (int b = 1; b < blocks; b++) {
        if (blockMin[b] < min) {
            min = blockMin[b];
            first = b;
        }
    }
    int best = first * 32;
    while (dist[best] != min) {
        best++;
    }
    float limit = next_up((float) ((double) min + weight * (bits[best] - fewest) / scale));
    if (blocks >= keep) { /* as pick(): no more than the keep nearest */
        float bound = blockMin[0];
        for (int b = 1; b < blocks; b++) {
            bound = blockMin[b] > bound ? blockMin[b] : bound;
        }
        if (blocks == keep) {
            limit = bound < limit ? bound : limit;
        }
    }
    int m = within_limit(dist, k, limit, within, wide);
    m = keep_nearest(within, m, dist, keep, c, cd);
    int32_t code = best;
    double lowest = (double) min * scale + weight * bits[best];
    float nearest = min;
    for (int j = 0; j < m; j++) {
        float v = cd[j];
        double cost = (double) v * scale + weight * bits[c[j]];
        if (cost < lowest || (cost == lowest && (v < nearest || (v == nearest && c[j] < code)))) {
            lowest = cost;
            nearest = v;
            code = c[j];
        }
    }
    return code;
}

CLONES static void choose(const float *z, int n, int d, const float *m2, const float *norm, int k,
                          const double *bits, double scale, double weight, double fewest, int keep, float *dist,
                          float *blockMin, int32_t *within, int wide, int32_t *c, float *cd, int32_t *codes) {
    int blocks = (k + 31) / 32;
    int p = 0;
    for (; p + 3 < n; p += 4) {
        distances4(z + (int64_t) p * d, d, m2, norm, k, dist, blockMin);
        for (int q = 0; q < 4; q++) {
            codes[p + q] = cheapest(k, bits, scale, weight, fewest, keep, dist + (int64_t) q * k,
                                    blockMin + q * blocks, within, wide, c, cd);
        }
    }
    for (; p < n; p++) {
        distances(z + (int64_t) p * d, d, m2, norm, k, dist, blockMin);
        codes[p] = cheapest(k, bits, scale, weight, fewest, keep, dist, blockMin, within, wide, c, cd);
    }
}

JNIEXPORT void JNICALL Java_io_vqz_codec_CodebookKernel_choose(JNIEnv *env, jclass cls, jfloatArray z, jint n,
                                                              jint d, jfloatArray m2, jfloatArray norm, jint k,
                                                              jdoubleArray bits, jdouble scale, jdouble weight,
                                                              jdouble fewest, jint keep, jfloatArray dist,
                                                              jfloatArray blockMin, jintArray within,
                                                              jboolean wide, jintArray cand, jfloatArray candDist,
                                                              jintArray codes) {
    (void) cls;
    jarray arrays[] = {z, m2, norm, bits, dist, blockMin, within, cand, candDist, codes};
    void *at[10];
    int got = 0;
    for (; got < 10; got++) {
        at[got] = (*env)->GetPrimitiveArrayCritical(env, arrays[got], NULL);
        if (at[got] == NULL) {
            break;
        }
    }
    if (got == 10) {
        choose((const float *) at[0], n, d, (const float *) at[1], (const float *) at[2], k, (const double *) at[3],
               scale, weight, fewest, keep, (float *) at[4], (float *) at[5], (int32_t *) at[6], wide,
               (int32_t *) at[7], (float *) at[8], (int32_t *) at[9]);
    }
    while (got-- > 0) { /* the inputs are not written back */
        (*env)->ReleasePrimitiveArrayCritical(env, arrays[got], at[got], got < 4 ? JNI_ABORT : 0);
    }
}

/*
 * n latents z (n*d floats); the codebook as m = -2w by dimension (d*k floats) and the codewords' squared norms
 * (k); nearest[n], count[n], and per position p count[p] candidates in cand[p*keep ...] with their distances less
 * |z|^2, in no particular order. dist, blockMin, within: 4k and 4 ceil(k/32) floats and k + 16 ints of scratch. The latents are finite (CodebookKernel checks).
 */
JNIEXPORT void JNICALL Java_io_vqz_codec_CodebookKernel_search(JNIEnv *env, jclass cls, jfloatArray z, jint n,
                                                              jint d, jfloatArray m2, jfloatArray norm, jint k,
                                                              jdouble spread, jint keep, jfloatArray dist,
                                                              jfloatArray blockMin, jintArray within,
                                                              jboolean wide, jintArray nearest, jintArray count,
                                                              jintArray cand, jfloatArray candDist) {
    (void) cls;
    jarray arrays[] = {z, m2, norm, dist, blockMin, within, nearest, count, cand, candDist};
    void *at[10];
    int got = 0;
    for (; got < 10; got++) {
        at[got] = (*env)->GetPrimitiveArrayCritical(env, arrays[got], NULL);
        if (at[got] == NULL) {
            break;
        }
    }
    if (got == 10) {
        search((const float *) at[0], n, d, (const float *) at[1], (const float *) at[2], k, spread, keep,
               (float *) at[3], (float *) at[4], (int32_t *) at[5], wide, (int32_t *) at[6], (int32_t *) at[7],
               (int32_t *) at[8], (float *) at[9]);
    }
    while (got-- > 0) { /* the inputs are not written back */
        (*env)->ReleasePrimitiveArrayCritical(env, arrays[got], at[got], got < 3 ? JNI_ABORT : 0);
    }
}

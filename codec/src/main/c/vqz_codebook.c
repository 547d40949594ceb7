/*
 * The nearest-codeword search of the fastest encoder level (io.vqz.codec.Order0Choice) as a native kernel beside
 * its plain-Java reference, io.vqz.codec.CodebookKernel's Java path: per position the squared distance to every
 * codeword less the latent's own squared norm, (...((|w|^2 + z0*m0) + z1*m1) + ...) in float with each product
 * rounded on its own (m = -2w); the nearest (the first on a tie) with the second least distance; and the choice
 * under a rate term among the nearest codewords within reach. So both paths choose the same codes. Built with
 * -ffp-contract=off and without -ffast-math; vectorising only runs codewords side by side.
 */
#include <jni.h>
#include <math.h>
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
#define LOAD16(v, p) memcpy(&(v), (p), sizeof(f16))
/* lane-wise a < b ? a : b and a > b ? a : b, and the smallest lane into out (the inputs are finite: CodebookKernel checks) */
#define VMIN(a, b) ((f16) (((i16) (a) & ((a) < (b))) | ((i16) (b) & ~((a) < (b)))))
#define VMAX(a, b) ((f16) (((i16) (a) & ((a) > (b))) | ((i16) (b) & ~((a) > (b)))))
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
 * dist[q*k + i] = |w_i|^2 - 2 z_q.w_i for four latents z_q at once, the squared distance less |z_q|^2 (the same
 * for every codeword, so the same order and the same differences): norm[i], then + z_q[j] * m[j][i] for j
 * ascending, m = -2w by dimension ([j][i]); one multiply and one add per term where the distance itself takes
 * three operations. Each codeword row is loaded once for the four; a latent given twice is computed twice alike.
 */
static inline __attribute__((always_inline)) void distances4(const float *z0, const float *z1, const float *z2,
                                                             const float *z3, int d, const float *m,
                                                             const float *norm, int k, float *dist) {
    int k0 = 0;
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
    }
    const float *zs[4] = {z0, z1, z2, z3};
    for (int q = 0; q < 4; q++) {
        for (int i = k0; i < k; i++) {
            float acc = norm[i];
            for (int j = 0; j < d; j++) {
                acc = acc + zs[q][j] * m[(int64_t) j * k + i];
            }
            dist[(int64_t) q * k + i] = acc;
        }
    }
}

/*
 * The nearest of k distances (the first on a tie) and the second least (another codeword's; equal to the least on
 * a tie): sixteen lanes each keep their least, its index and their second least, then the lanes are merged.
 */
static inline __attribute__((always_inline)) void least_two(const float *dist, int k, int32_t *best, float *min,
                                                            float *second) {
    f16 lo, lo2;
    i16 at = {0}, idx = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15};
    for (int t = 0; t < 16; t++) {
        lo[t] = INFINITY;
    }
    lo2 = lo;
    int i = 0;
    for (; i + 16 <= k; i += 16) {
        f16 v;
        LOAD16(v, dist + i);
        i16 lt = v < lo;
        lo2 = VMIN(lo2, VMAX(lo, v));
        at = (lt & idx) | (~lt & at);
        lo = VMIN(lo, v);
        idx = idx + 16;
    }
    float least = INFINITY;
    float next = INFINITY;
    int32_t first = -1;
    if (i > 0) {
        HMIN16(least, lo);
        int lane = 0;
        first = INT32_MAX;
        for (int t = 0; t < 16; t++) {
            if (lo[t] == least && at[t] < first) {
                first = at[t];
                lane = t;
            }
        }
        next = lo2[lane];
        for (int t = 0; t < 16; t++) {
            next = t != lane && lo[t] < next ? lo[t] : next;
        }
    }
    for (; i < k; i++) { /* the codewords after the last sixteen, in index order */
        float v = dist[i];
        if (v < least) {
            next = least;
            least = v;
            first = i;
        } else if (v < next) {
            next = v;
        }
    }
    *best = first;
    *min = least;
    *second = next;
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

CLONES static void nearest(const float *z, int n, int d, const float *m2, const float *norm, int k, float *dist,
                           int32_t *best, float *min, float *second) {
    for (int p = 0; p < n; p += 4) {
        const float *zq[4];
        for (int q = 0; q < 4; q++) { /* the last group repeats its last latent */
            zq[q] = z + (int64_t) (p + q < n ? p + q : n - 1) * d;
        }
        distances4(zq[0], zq[1], zq[2], zq[3], d, m2, norm, k, dist);
        for (int q = 0; q < 4 && p + q < n; q++) {
            least_two(dist + (int64_t) q * k, k, best + p + q, min + p + q, second + p + q);
        }
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
 * A position's code, given its nearest codeword and that one's distance: among the `keep` nearest codewords (by
 * distance, then index) the one of the lowest dist * scale + weight * bits[code] (then the lower distance, then
 * the lower code). Only codewords within weight * (bits[nearest] - fewest) / scale of the nearest can beat it, so
 * only those are looked at.
 */
static inline __attribute__((always_inline)) int32_t cheapest(int k, const double *bits, double scale,
                                                             double weight, double fewest, int keep,
                                                             const float *dist, int32_t best, float min,
                                                             int32_t *within, int wide, int32_t *c, float *cd) {
    float limit = next_up((float) ((double) min + weight * (bits[best] - fewest) / scale));
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
                          const double *bits, double scale, double weight, double fewest, int keep,
                          const int32_t *best, const float *min, float *dist, int32_t *within, int wide, int32_t *c,
                          float *cd, int32_t *codes) {
    for (int p = 0; p < n; p += 4) {
        const float *zq[4];
        for (int q = 0; q < 4; q++) {
            zq[q] = z + (int64_t) (p + q < n ? p + q : n - 1) * d;
        }
        distances4(zq[0], zq[1], zq[2], zq[3], d, m2, norm, k, dist);
        for (int q = 0; q < 4 && p + q < n; q++) {
            codes[p + q] = cheapest(k, bits, scale, weight, fewest, keep, dist + (int64_t) q * k, best[p + q],
                                    min[p + q], within, wide, c, cd);
        }
    }
}

/* Pins the arrays, runs the kernel on them, and releases them, the first `inputs` without a copy back. */
#define WITH_ARRAYS(count, inputs, arrays, at, call)                                                          \
    do {                                                                                                      \
        int got_ = 0;                                                                                         \
        for (; got_ < (count); got_++) {                                                                      \
            (at)[got_] = (*env)->GetPrimitiveArrayCritical(env, (arrays)[got_], NULL);                        \
            if ((at)[got_] == NULL) {                                                                         \
                break;                                                                                        \
            }                                                                                                 \
        }                                                                                                     \
        if (got_ == (count)) {                                                                                \
            call;                                                                                             \
        }                                                                                                     \
        while (got_-- > 0) {                                                                                  \
            (*env)->ReleasePrimitiveArrayCritical(env, (arrays)[got_], (at)[got_], got_ < (inputs) ? JNI_ABORT : 0); \
        }                                                                                                     \
    } while (0)

/*
 * n latents z (n*d floats), their nearest codewords and those ones' distances less |z|^2 (best, min); the codebook
 * as m = -2w by dimension (d*k floats) and the codewords' squared norms (k); each latent's code into codes[n].
 * dist, within, cand, candDist: 4k floats, k + 16 ints, keep ints and keep floats of scratch. The latents are
 * finite (CodebookKernel checks).
 */
JNIEXPORT void JNICALL Java_io_vqz_codec_CodebookKernel_choose(JNIEnv *env, jclass cls, jfloatArray z, jint n,
                                                              jint d, jfloatArray m2, jfloatArray norm, jint k,
                                                              jdoubleArray bits, jdouble scale, jdouble weight,
                                                              jdouble fewest, jint keep, jintArray best,
                                                              jfloatArray min, jfloatArray dist, jintArray within,
                                                              jboolean wide, jintArray cand, jfloatArray candDist,
                                                              jintArray codes) {
    (void) cls;
    jarray arrays[] = {z, m2, norm, bits, best, min, dist, within, cand, candDist, codes};
    void *at[11];
    WITH_ARRAYS(11, 6, arrays, at,
                choose((const float *) at[0], n, d, (const float *) at[1], (const float *) at[2], k,
                       (const double *) at[3], scale, weight, fewest, keep, (const int32_t *) at[4],
                       (const float *) at[5], (float *) at[6], (int32_t *) at[7], wide, (int32_t *) at[8],
                       (float *) at[9], (int32_t *) at[10]));
}

/*
 * n latents z (n*d floats); the codebook as m = -2w by dimension (d*k floats) and the codewords' squared norms
 * (k); each latent's nearest codeword (the first on a tie) into best[n], its distance less |z|^2 into min[n] and the
 * second least into second[n]. dist: 4k floats of scratch. The latents are finite (CodebookKernel checks).
 */
JNIEXPORT void JNICALL Java_io_vqz_codec_CodebookKernel_nearest(JNIEnv *env, jclass cls, jfloatArray z, jint n,
                                                               jint d, jfloatArray m2, jfloatArray norm, jint k,
                                                               jfloatArray dist, jintArray best, jfloatArray min,
                                                               jfloatArray second) {
    (void) cls;
    jarray arrays[] = {z, m2, norm, dist, best, min, second};
    void *at[7];
    WITH_ARRAYS(7, 3, arrays, at,
                nearest((const float *) at[0], n, d, (const float *) at[1], (const float *) at[2], k,
                        (float *) at[3], (int32_t *) at[4], (float *) at[5], (float *) at[6]));
}

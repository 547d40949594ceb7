/*
 * The PixelCNN prior's per-position sums (docs/FORMAT.md 9.3 and 9.7) as a native kernel beside the plain-Java
 * reference, io.vqz.entropy.PriorCursor. Every output value is the same sequence of separately rounded float
 * multiplies and adds as there: rows in the same order, one IEEE binary32 operation at a time. Built with
 * -ffp-contract=off (no fused multiply-add) and without -ffast-math (no reassociation), so vectorising only runs
 * independent output values side by side and the results are the Java path's bits (PriorKernelTest checks it).
 *
 * Memory is the caller's: two direct buffers of 32-bit words whose layout PriorKernel.java defines, one per prior
 * (header, then its weights) and one per cursor (header, codes, row caches, scratch). The kernel keeps no state.
 */
#include <jni.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* The prior buffer's header: word indices of sizes, then of arrays (PriorKernel.java, the same names). */
enum {
    P_K, P_C, P_LAYERS, P_NA, P_NB, P_ROWS, P_GROUPS, P_MEMBERS, P_D, P_OUT_WIDTH,
    P_DYA, P_DXA, P_DYB, P_DXB, P_TABLE_A, P_BIAS_A, P_WB, P_BIAS_B,
    P_WOUT, P_BIAS_OUT, P_WGROUP, P_BIAS_GROUP, P_WMEMBER, P_BIAS_MEMBER, P_EXP,
    P_COARSE_IN, P_BIAS_COARSE_IN, P_COARSE_MID, P_BIAS_COARSE_MID, P_COARSE_OUT, P_BIAS_COARSE_OUT
};
/* The cursor buffer's header. */
enum {
    C_WIDTH, C_HEIGHT, C_CODES, C_NZ_COUNT, C_NZ_IDX, C_NZ_VAL, C_H, C_T, C_OUT, C_ROWS, C_VALS, C_CDF, C_WEIGHTS,
    C_CONTEXT, C_G, C_G_OUT
};

#define AT(base, hd, field) ((base) + (hd)[field])

#if defined(__GNUC__) && !defined(__clang__) && defined(__x86_64__) && defined(__linux__)
/* one clone per instruction set, chosen once by the loader; the arithmetic is the same in each */
#define CLONES __attribute__((target_clones("avx512f", "avx2", "default")))
#else
#define CLONES
#endif
#define INLINE static inline __attribute__((always_inline))

/* 16 floats side by side: a vector of the widest unit the clone has, or several; each lane its own arithmetic. */
typedef float f16 __attribute__((vector_size(64)));
typedef int32_t i16 __attribute__((vector_size(64)));

/* (macros: a function passing f16 by value would have an ABI that differs between the clones) */
#define LOAD16(v, p) memcpy(&(v), (p), sizeof(f16))
#define STORE16(p, v) memcpy((p), &(v), sizeof(f16))

/*
 * acc[j] += r[i][j] * v[i] for rows i = 0..n-1 in order. The prior's widths (16 and 32 channels) keep acc in
 * registers across the rows, where a pass per row would wait on its own store; other widths four rows per pass,
 * evaluated left to right.
 */
INLINE void accumulate(float *restrict acc, int len, const float *base, const int32_t *rows, const float *vals,
                       int n, int stride) {
    if (len == 16 || len == 32) {
        f16 a0, a1, r0, r1;
        LOAD16(a0, acc);
        a1 = a0;
        if (len == 32) {
            LOAD16(a1, acc + 16);
        }
        for (int i = 0; i < n; i++) {
            const float *r = base + (int64_t) rows[i] * stride;
            float v = vals[i];
            LOAD16(r0, r);
            a0 = a0 + r0 * v;
            if (len == 32) {
                LOAD16(r1, r + 16);
                a1 = a1 + r1 * v;
            }
        }
        STORE16(acc, a0);
        if (len == 32) {
            STORE16(acc + 16, a1);
        }
        return;
    }
    int i = 0;
    for (; i + 3 < n; i += 4) {
        const float *r0 = base + (int64_t) rows[i] * stride, *r1 = base + (int64_t) rows[i + 1] * stride;
        const float *r2 = base + (int64_t) rows[i + 2] * stride, *r3 = base + (int64_t) rows[i + 3] * stride;
        float v0 = vals[i], v1 = vals[i + 1], v2 = vals[i + 2], v3 = vals[i + 3];
        for (int j = 0; j < len; j++) {
            acc[j] = acc[j] + r0[j] * v0 + r1[j] * v1 + r2[j] * v2 + r3[j] * v3;
        }
    }
    for (; i < n; i++) {
        const float *r = base + (int64_t) rows[i] * stride;
        float v = vals[i];
        for (int j = 0; j < len; j++) {
            acc[j] = acc[j] + r[j] * v;
        }
    }
}

/* acc[j] += r[i][j] for rows i = 0..n-1 in order (registers for 16 and 32 channels, as accumulate). */
INLINE void add(float *restrict acc, int len, const float *base, const int32_t *rows, int n, int stride) {
    if (len == 16 || len == 32) {
        f16 a0, a1, r0, r1;
        LOAD16(a0, acc);
        a1 = a0;
        if (len == 32) {
            LOAD16(a1, acc + 16);
        }
        for (int i = 0; i < n; i++) {
            const float *r = base + (int64_t) rows[i] * stride;
            LOAD16(r0, r);
            a0 = a0 + r0;
            if (len == 32) {
                LOAD16(r1, r + 16);
                a1 = a1 + r1;
            }
        }
        STORE16(acc, a0);
        if (len == 32) {
            STORE16(acc + 16, a1);
        }
        return;
    }
    int i = 0;
    for (; i + 3 < n; i += 4) {
        const float *r0 = base + (int64_t) rows[i] * stride, *r1 = base + (int64_t) rows[i + 1] * stride;
        const float *r2 = base + (int64_t) rows[i + 2] * stride, *r3 = base + (int64_t) rows[i + 3] * stride;
        for (int j = 0; j < len; j++) {
            acc[j] = acc[j] + r0[j] + r1[j] + r2[j] + r3[j];
        }
    }
    for (; i < n; i++) {
        const float *r = base + (int64_t) rows[i] * stride;
        for (int j = 0; j < len; j++) {
            acc[j] = acc[j] + r[j];
        }
    }
}

/*
 * Appends a tap's nonzero inputs to a row list: rows offset + from[q] with values fromV[q], q < cnt. For 16 and 32
 * channels sixteen at a time, the whole width copied (from and fromV hold c entries, the list room for the tap's c
 * after n: what lies past cnt is overwritten by the next tap or never read).
 */
INLINE void append_tap(int32_t *list, float *vals, int n, const int32_t *from, const float *fromV, int cnt,
                       int offset, int c) {
    if (c == 16 || c == 32) {
        for (int q = 0; q < cnt; q += 16) {
            i16 r;
            f16 v;
            memcpy(&r, from + q, sizeof r);
            r = r + offset;
            memcpy(list + n + q, &r, sizeof r);
            LOAD16(v, fromV + q);
            STORE16(vals + n + q, v);
        }
        return;
    }
    for (int q = 0; q < cnt; q++) {
        list[n + q] = offset + from[q];
        vals[n + q] = fromV[q];
    }
}

/* FORMAT.md 9.3: mask A, the mask-B layers and relu at (x, y); leaves relu(h) in the cursor's h. */
CLONES static void trunk(const int32_t *p, int32_t *s, int x, int y) {
    const float *pf = (const float *) p;
    float *sf = (float *) s;
    int k = p[P_K], c = p[P_C], layers = p[P_LAYERS], rows = p[P_ROWS];
    int width = s[C_WIDTH];
    const int32_t *codes = AT(s, s, C_CODES);
    int32_t *list = AT(s, s, C_ROWS);
    float *vals = AT(sf, s, C_VALS);
    float *h = AT(sf, s, C_H), *t = AT(sf, s, C_T);
    const float *biasA = AT(pf, p, P_BIAS_A);
    for (int o = 0; o < c; o++) {
        h[o] = biasA[o];
    }
    const int32_t *dyA = AT(p, p, P_DYA), *dxA = AT(p, p, P_DXA);
    int m = 0;
    for (int i = 0; i < p[P_NA]; i++) {
        int yy = y + dyA[i], xx = x + dxA[i];
        if (yy >= 0 && xx >= 0 && xx < width) {
            list[m++] = i * k + codes[yy * width + xx];
        }
    }
    add(h, c, AT(pf, p, P_TABLE_A), list, m, c);
    int64_t position = (int64_t) y * width + x;
    int refinement = p[P_D] > 0;
    if (refinement) {
        const float *g = AT(sf, s, C_G) + position * c;
        for (int o = 0; o < c; o++) {
            h[o] = h[o] + g[o];
        }
    }
    const int32_t *dyB = AT(p, p, P_DYB), *dxB = AT(p, p, P_DXB);
    int nb = p[P_NB];
    int64_t cache = (int64_t) rows * width;
    for (int l = 0; l < layers; l++) {
        int32_t *count = AT(s, s, C_NZ_COUNT) + l * cache;
        int32_t *idx = AT(s, s, C_NZ_IDX) + l * cache * c;
        float *nzv = AT(sf, s, C_NZ_VAL) + l * cache * c;
        int here = (y % rows) * width + x;
        int nz = 0;
        for (int o = 0; o < c; o++) {
            float v = h[o];
            v = v > 0.0f ? v : 0.0f;
            idx[(int64_t) here * c + nz] = o;
            nzv[(int64_t) here * c + nz] = v;
            nz += v != 0.0f;
        }
        count[here] = nz;
        int n = 0;
        for (int i = 0; i < nb; i++) {
            int yy = y + dyB[i], xx = x + dxB[i];
            if (yy >= 0 && xx >= 0 && xx < width) {
                int at = (yy % rows) * width + xx;
                int cnt = count[at];
                append_tap(list, vals, n, idx + (int64_t) at * c, nzv + (int64_t) at * c, cnt, i * c, c);
                n += cnt;
            }
        }
        const float *biasB = AT(pf, p, P_BIAS_B) + (int64_t) l * c;
        for (int o = 0; o < c; o++) {
            t[o] = biasB[o];
        }
        accumulate(t, c, AT(pf, p, P_WB) + (int64_t) l * nb * c * c, list, vals, n, c);
        for (int o = 0; o < c; o++) {
            h[o] = h[o] + t[o];
        }
    }
    if (refinement) {
        const float *gOut = AT(sf, s, C_G_OUT) + position * c;
        for (int o = 0; o < c; o++) {
            h[o] = h[o] + gOut[o];
        }
    }
    for (int o = 0; o < c; o++) {
        float v = h[o];
        h[o] = v > 0.0f ? v : 0.0f;
    }
}

/*
 * accumulate() for four positions side by side, their sums kept in registers (16 or 32 channels): the rows all
 * four have, one of each at a time, so four chains of additions run at once; then each position's rest alone.
 * Every output value is still its own position's sequence. vals NULL: add()'s sums, the rows unscaled.
 */
INLINE void accumulate4(float *const *acc, int len, const float *base, int32_t *const *rows, float *const *vals,
                        const int *n, int stride) {
    if (len != 16 && len != 32) {
        for (int j = 0; j < 4; j++) {
            if (vals) {
                accumulate(acc[j], len, base, rows[j], vals[j], n[j], stride);
            } else {
                add(acc[j], len, base, rows[j], n[j], stride);
            }
        }
        return;
    }
    int wide = len == 32;
    f16 a0, a1, b0, b1, c0, c1, d0, d1, w;
    LOAD16(a0, acc[0]);
    LOAD16(b0, acc[1]);
    LOAD16(c0, acc[2]);
    LOAD16(d0, acc[3]);
    a1 = a0;
    b1 = b0;
    c1 = c0;
    d1 = d0;
    if (wide) {
        LOAD16(a1, acc[0] + 16);
        LOAD16(b1, acc[1] + 16);
        LOAD16(c1, acc[2] + 16);
        LOAD16(d1, acc[3] + 16);
    }
    int common = n[0];
    for (int j = 1; j < 4; j++) {
        common = n[j] < common ? n[j] : common;
    }
    const int32_t *ra = rows[0], *rb = rows[1], *rc = rows[2], *rd = rows[3];
    const float *va = vals ? vals[0] : NULL, *vb = vals ? vals[1] : NULL;
    const float *vc = vals ? vals[2] : NULL, *vd = vals ? vals[3] : NULL;
/* a row's term: scaled by the position's value, or as it is */
#define TERM(w, v, i) ((v) ? (w) * (v)[i] : (w))
    for (int i = 0; i < common; i++) {
        const float *pa = base + (int64_t) ra[i] * stride, *pb = base + (int64_t) rb[i] * stride;
        const float *pc = base + (int64_t) rc[i] * stride, *pd = base + (int64_t) rd[i] * stride;
        LOAD16(w, pa);
        a0 = a0 + TERM(w, va, i);
        LOAD16(w, pb);
        b0 = b0 + TERM(w, vb, i);
        LOAD16(w, pc);
        c0 = c0 + TERM(w, vc, i);
        LOAD16(w, pd);
        d0 = d0 + TERM(w, vd, i);
        if (wide) {
            LOAD16(w, pa + 16);
            a1 = a1 + TERM(w, va, i);
            LOAD16(w, pb + 16);
            b1 = b1 + TERM(w, vb, i);
            LOAD16(w, pc + 16);
            c1 = c1 + TERM(w, vc, i);
            LOAD16(w, pd + 16);
            d1 = d1 + TERM(w, vd, i);
        }
    }
#undef TERM
    STORE16(acc[0], a0);
    STORE16(acc[1], b0);
    STORE16(acc[2], c0);
    STORE16(acc[3], d0);
    if (wide) {
        STORE16(acc[0] + 16, a1);
        STORE16(acc[1] + 16, b1);
        STORE16(acc[2] + 16, c1);
        STORE16(acc[3] + 16, d1);
    }
    for (int j = 0; j < 4; j++) {
        if (vals) {
            accumulate(acc[j], len, base, rows[j] + common, vals[j] + common, n[j] - common, stride);
        } else {
            add(acc[j], len, base, rows[j] + common, n[j] - common, stride);
        }
    }
}

/*
 * trunk() for every position of row y at once, which an encoder whose codes are all known can do: mask A for the
 * row, then each mask-B layer for the row (its inputs at the row's positions written first: a position's taps in
 * its own row are only those before it and itself), four positions' sums side by side. Every value is the same
 * sequence of operations as trunk() gives it. Leaves relu(h) of position x at hrow[x·C]; lists and vals: four
 * lists of NB·C + 1 entries (or NA + 1 if more); tbuf: 4·C floats.
 */
CLONES static void trunk_row(const int32_t *p, int32_t *s, int y, float *hrow, int32_t *lists, float *vals,
                             float *tbuf) {
    const float *pf = (const float *) p;
    float *sf = (float *) s;
    int k = p[P_K], c = p[P_C], layers = p[P_LAYERS], rows = p[P_ROWS];
    int width = s[C_WIDTH];
    int nb = p[P_NB];
    int cap = nb * c + 1;
    if (p[P_NA] + 1 > cap) {
        cap = p[P_NA] + 1;
    }
    const int32_t *codes = AT(s, s, C_CODES);
    const float *biasA = AT(pf, p, P_BIAS_A);
    const int32_t *dyA = AT(p, p, P_DYA), *dxA = AT(p, p, P_DXA);
    const int32_t *dyB = AT(p, p, P_DYB), *dxB = AT(p, p, P_DXB);
    int refinement = p[P_D] > 0;
    for (int x0 = 0; x0 < width; x0 += 4) {
        int group = width - x0 < 4 ? width - x0 : 4;
        float *hp[4];
        int32_t *lp[4];
        int m[4];
        for (int j = 0; j < group; j++) {
            int x = x0 + j;
            hp[j] = hrow + (int64_t) x * c;
            lp[j] = lists + (int64_t) j * cap;
            for (int o = 0; o < c; o++) {
                hp[j][o] = biasA[o];
            }
            m[j] = 0;
            for (int i = 0; i < p[P_NA]; i++) {
                int yy = y + dyA[i], xx = x + dxA[i];
                if (yy >= 0 && xx >= 0 && xx < width) {
                    lp[j][m[j]++] = i * k + codes[yy * width + xx];
                }
            }
        }
        if (group == 4) {
            accumulate4(hp, c, AT(pf, p, P_TABLE_A), lp, NULL, m, c);
        } else {
            for (int j = 0; j < group; j++) {
                add(hp[j], c, AT(pf, p, P_TABLE_A), lp[j], m[j], c);
            }
        }
        if (refinement) {
            for (int j = 0; j < group; j++) {
                const float *g = AT(sf, s, C_G) + ((int64_t) y * width + x0 + j) * c;
                for (int o = 0; o < c; o++) {
                    hp[j][o] = hp[j][o] + g[o];
                }
            }
        }
    }
    int64_t cache = (int64_t) rows * width;
    float *tt[4] = {tbuf, tbuf + c, tbuf + 2 * c, tbuf + 3 * c};
    for (int l = 0; l < layers; l++) {
        int32_t *count = AT(s, s, C_NZ_COUNT) + l * cache;
        int32_t *idx = AT(s, s, C_NZ_IDX) + l * cache * c;
        float *nzv = AT(sf, s, C_NZ_VAL) + l * cache * c;
        for (int x = 0; x < width; x++) {
            const float *h = hrow + (int64_t) x * c;
            int here = (y % rows) * width + x;
            int nz = 0;
            for (int o = 0; o < c; o++) {
                float v = h[o];
                v = v > 0.0f ? v : 0.0f;
                idx[(int64_t) here * c + nz] = o;
                nzv[(int64_t) here * c + nz] = v;
                nz += v != 0.0f;
            }
            count[here] = nz;
        }
        const float *biasB = AT(pf, p, P_BIAS_B) + (int64_t) l * c;
        const float *wB = AT(pf, p, P_WB) + (int64_t) l * nb * c * c;
        for (int x0 = 0; x0 < width; x0 += 4) {
            int group = width - x0 < 4 ? width - x0 : 4;
            int32_t *lp[4];
            float *vp[4];
            int n[4];
            for (int j = 0; j < group; j++) {
                int x = x0 + j;
                lp[j] = lists + (int64_t) j * cap;
                vp[j] = vals + (int64_t) j * cap;
                n[j] = 0;
                for (int i = 0; i < nb; i++) {
                    int yy = y + dyB[i], xx = x + dxB[i];
                    if (yy >= 0 && xx >= 0 && xx < width) {
                        int at = (yy % rows) * width + xx;
                        int cnt = count[at];
                        append_tap(lp[j], vp[j], n[j], idx + (int64_t) at * c, nzv + (int64_t) at * c, cnt,
                                   i * c, c);
                        n[j] += cnt;
                    }
                }
                for (int o = 0; o < c; o++) {
                    tt[j][o] = biasB[o];
                }
            }
            if (group == 4) {
                accumulate4(tt, c, wB, lp, vp, n, c);
            } else {
                for (int j = 0; j < group; j++) {
                    accumulate(tt[j], c, wB, lp[j], vp[j], n[j], c);
                }
            }
            for (int j = 0; j < group; j++) {
                float *h = hrow + (int64_t) (x0 + j) * c;
                for (int o = 0; o < c; o++) {
                    h[o] = h[o] + tt[j][o];
                }
            }
        }
    }
    for (int x = 0; x < width; x++) {
        float *h = hrow + (int64_t) x * c;
        if (refinement) {
            const float *gOut = AT(sf, s, C_G_OUT) + ((int64_t) y * width + x) * c;
            for (int o = 0; o < c; o++) {
                h[o] = h[o] + gOut[o];
            }
        }
        for (int o = 0; o < c; o++) {
            float v = h[o];
            h[o] = v > 0.0f ? v : 0.0f;
        }
    }
}

/* FORMAT.md 9.3 and 9.7: an output layer's n logits, bias + w · relu(h) over h's nonzero channels ascending. */
CLONES static void output(const int32_t *p, int32_t *s, const float *w, const float *bias, int n) {
    float *sf = (float *) s;
    int c = p[P_C];
    const float *h = AT(sf, s, C_H);
    int32_t *list = AT(s, s, C_ROWS);
    float *vals = AT(sf, s, C_VALS);
    float *out = AT(sf, s, C_OUT);
    int m = 0;
    for (int i = 0; i < c; i++) {
        list[m] = i;
        vals[m] = h[i];
        m += h[i] != 0.0f;
    }
    for (int j = 0; j < n; j++) {
        out[j] = bias[j];
    }
    accumulate(out, n, w, list, vals, m, n);
}

/* acc[o] = bias[o] + sum over rows i ascending of w[i][o] * in[i], every term added (as CoarseBranch). */
INLINE void dense(float *restrict acc, int n, const float *w, const float *bias, const float *in, int rows) {
    for (int o = 0; o < n; o++) {
        acc[o] = bias[o];
    }
    for (int i = 0; i < rows; i++) {
        const float *r = w + (int64_t) i * n;
        float v = in[i];
        for (int o = 0; o < n; o++) {
            acc[o] = acc[o] + r[o] * v;
        }
    }
}

/* dst[j] = dst[j] + src_0[j]*w[0] + ... + src_{n-1}[j]*w[n-1] for j < run, the terms in order, four per pass. */
INLINE void planes(float *restrict dst, int run, float *const *src, const float *w, int n) {
    int i = 0;
    for (; i + 3 < n; i += 4) {
        const float *a = src[i], *b = src[i + 1], *c = src[i + 2], *d = src[i + 3];
        float wa = w[i], wb = w[i + 1], wc = w[i + 2], wd = w[i + 3];
        for (int j = 0; j < run; j++) {
            dst[j] = dst[j] + a[j] * wa + b[j] * wb + c[j] * wc + d[j] * wd;
        }
    }
    for (; i < n; i++) {
        const float *a = src[i];
        float wa = w[i];
        for (int j = 0; j < run; j++) {
            dst[j] = dst[j] + a[j] * wa;
        }
    }
}

/*
 * planes() for eight outputs at once, sixteen positions at a time, the sums in registers: dst_q[j] = dst_q[j] +
 * src_0[j]*W[0][o0+q] + ... + src_{n-1}[j]*W[n-1][o0+q] for q < 8 (W's rows c wide), each term loaded once for the
 * eight. Runs to run rounded up to 16: the planes have 16 floats of slack.
 */
INLINE void planes8(float *const *dst, int o0, int run, float *const *src, const float *W, int n, int c) {
    for (int j = 0; j < run; j += 16) {
        f16 a0, a1, a2, a3, a4, a5, a6, a7, v;
        LOAD16(a0, dst[o0] + j);
        LOAD16(a1, dst[o0 + 1] + j);
        LOAD16(a2, dst[o0 + 2] + j);
        LOAD16(a3, dst[o0 + 3] + j);
        LOAD16(a4, dst[o0 + 4] + j);
        LOAD16(a5, dst[o0 + 5] + j);
        LOAD16(a6, dst[o0 + 6] + j);
        LOAD16(a7, dst[o0 + 7] + j);
        for (int t = 0; t < n; t++) {
            const float *w = W + (int64_t) t * c + o0;
            LOAD16(v, src[t] + j);
            a0 = a0 + v * w[0];
            a1 = a1 + v * w[1];
            a2 = a2 + v * w[2];
            a3 = a3 + v * w[3];
            a4 = a4 + v * w[4];
            a5 = a5 + v * w[5];
            a6 = a6 + v * w[6];
            a7 = a7 + v * w[7];
        }
        STORE16(dst[o0] + j, a0);
        STORE16(dst[o0 + 1] + j, a1);
        STORE16(dst[o0 + 2] + j, a2);
        STORE16(dst[o0 + 3] + j, a3);
        STORE16(dst[o0 + 4] + j, a4);
        STORE16(dst[o0 + 5] + j, a5);
        STORE16(dst[o0 + 6] + j, a6);
        STORE16(dst[o0 + 7] + j, a7);
    }
}

/* dst_o += the n terms src_t * W[t][o] for every output o < c: eight at a time, the rest one at a time */
INLINE void layer(float *const *dst, int c, int run, float *const *src, const float *W, int n, float *w) {
    int o = 0;
    for (; o + 8 <= c; o += 8) {
        planes8(dst, o, run, src, W, n, c);
    }
    for (; o < c; o++) {
        for (int t = 0; t < n; t++) {
            w[t] = W[(int64_t) t * c + o];
        }
        planes(dst[o], run, src, w, n);
    }
}

/* Positions per strip of coarse(): its planes stay in the caches. */
#define STRIP_POSITIONS 2048
#define MAX_PLANES 256

/*
 * FORMAT.md 9.5, as io.vqz.entropy.CoarseBranch: at every position of the tile, t = biasIn + the 3x3 taps in
 * raster order, channels ascending, of the context (zero outside the tile: those terms are added too, as the Java
 * path adds them), g = biasMid + mid . relu(t), gOut = biasOut + out . relu(g); g and gOut into the cursor. As the
 * Java path, channel-major over strips of rows with a zero border: each sum runs over a strip's positions side by
 * side, each value still its own sequence of the spec's order, where sums of one position at a time wait on their
 * own additions. Returns 0, or -1 when out of memory or of the planes' bound.
 */
CLONES static int coarse(const int32_t *p, int32_t *s) {
    const float *pf = (const float *) p;
    float *sf = (float *) s;
    int c = p[P_C], d = p[P_D], width = s[C_WIDTH], height = s[C_HEIGHT];
    if (width == 0 || height == 0) {
        return 0;
    }
    if (d > MAX_PLANES || c > MAX_PLANES) {
        return -1;
    }
    const float *context = AT(sf, s, C_CONTEXT);
    const float *in = AT(pf, p, P_COARSE_IN), *biasIn = AT(pf, p, P_BIAS_COARSE_IN);
    const float *mid = AT(pf, p, P_COARSE_MID), *biasMid = AT(pf, p, P_BIAS_COARSE_MID);
    const float *out = AT(pf, p, P_COARSE_OUT), *biasOut = AT(pf, p, P_BIAS_COARSE_OUT);
    int64_t stride = (int64_t) width + 2;
    int64_t strip = STRIP_POSITIONS / stride;
    strip = strip < 1 ? 1 : strip > height ? height : strip;
    /* each plane with 16 floats of slack, as planes8 runs in steps of 16 */
    int64_t padded = (strip + 2) * stride + 16, len = strip * stride + 16;
    float *mem = (float *) calloc((size_t) (d * padded + 4 * c * len), sizeof(float));
    float **terms = (float **) malloc((size_t) (9 * d) * sizeof(float *));
    float *w = (float *) malloc((size_t) (9 * d > c ? 9 * d : c) * sizeof(float));
    if (mem == NULL || terms == NULL || w == NULL) {
        free(mem);
        free(terms);
        free(w);
        return -1;
    }
    float *x[MAX_PLANES], *t[MAX_PLANES], *g[MAX_PLANES], *act[MAX_PLANES], *gOut[MAX_PLANES];
    for (int i = 0; i < d; i++) {
        x[i] = mem + i * padded;
    }
    for (int o = 0; o < c; o++) {
        t[o] = mem + d * padded + o * len;
        g[o] = t[o] + c * len;
        act[o] = g[o] + c * len;
        gOut[o] = act[o] + c * len;
    }
    /* the first layer's terms in the spec's order, tap by tap and channel by channel: shifted runs of the planes */
    for (int tap = 0; tap < 9; tap++) {
        int64_t offset = stride + 1 + (tap / 3 - 1) * stride + tap % 3 - 1;
        for (int i = 0; i < d; i++) {
            terms[tap * d + i] = x[i] + offset;
        }
    }
    for (int64_t y0 = 0; y0 < height; y0 += strip) {
        int64_t rows = height - y0 < strip ? height - y0 : strip;
        for (int64_t yy = -1; yy <= rows; yy++) {
            int64_t y = y0 + yy;
            for (int64_t xx = -1; xx <= width; xx++) {
                int inside = y >= 0 && y < height && xx >= 0 && xx < width;
                int64_t at = (yy + 1) * stride + xx + 1;
                for (int i = 0; i < d; i++) {
                    x[i][at] = inside ? context[(y * width + xx) * d + i] : 0.0f;
                }
            }
        }
        int run = (int) ((rows - 1) * stride + width);
        for (int o = 0; o < c; o++) {
            for (int j = 0; j < run; j++) {
                t[o][j] = biasIn[o];
            }
        }
        layer(t, c, run, terms, in, 9 * d, w);
        for (int pass = 0; pass < 2; pass++) {
            float **src = pass == 0 ? t : g, **dst = pass == 0 ? g : gOut;
            const float *weights = pass == 0 ? mid : out, *bias = pass == 0 ? biasMid : biasOut;
            for (int i = 0; i < c; i++) {
                for (int j = 0; j < run; j++) {
                    float v = src[i][j];
                    act[i][j] = v > 0.0f ? v : 0.0f;
                }
            }
            for (int o = 0; o < c; o++) {
                for (int j = 0; j < run; j++) {
                    dst[o][j] = bias[o];
                }
            }
            layer(dst, c, run, act, weights, c, w);
        }
        float *gAll = AT(sf, s, C_G), *gOutAll = AT(sf, s, C_G_OUT);
        for (int64_t yy = 0; yy < rows; yy++) {
            for (int64_t xx = 0; xx < width; xx++) {
                int64_t position = (y0 + yy) * width + xx, j = yy * stride + xx;
                for (int o = 0; o < c; o++) {
                    gAll[position * c + o] = g[o][j];
                    gOutAll[position * c + o] = gOut[o][j];
                }
            }
        }
    }
    free(mem);
    free(terms);
    free(w);
    return 0;
}

/*
 * FORMAT.md 9.4, as io.vqz.entropy.Cdf.fromLogits: integer arithmetic after one float subtraction and multiply per
 * logit, so exact in any order. exp is the prior buffer's table EXP[0..512] (computed by the Java side with
 * StrictMath). Java's saturating float-to-int cast is spelt out: C leaves NaN and large values undefined.
 */
CLONES static void cdf(const int64_t *exp, const float *logits, int k, int32_t *cdf, int64_t *scratch) {
    double *w = (double *) scratch;
    float m = logits[0];
    for (int i = 1; i < k; i++) {
        if (logits[i] > m) {
            m = logits[i];
        }
    }
    int top = -1;
    int64_t sum = 0;
    for (int i = 0; i < k; i++) {
        float d = m - logits[i];
        float scaled = d * 32.0f;
        int q = scaled != scaled ? 0 : scaled >= 512.0f ? 512 : (int) scaled;
        w[i] = (double) exp[q];
        sum += exp[q];
        if (q == 0 && top < 0) {
            top = i;
        }
    }
    /*
     * floor(w * spread / sum) in doubles, exactly: w * spread (below 2^41), the sum (below 2^37) and the products
     * checked below (below 2^53) are exact integers, and the rounded quotient is off by at most one, which the two
     * checks correct. Side by side for every symbol (where 128-bit products went one at a time).
     */
    double total = (double) sum, inv = 1.0 / total, spread = (double) (65536 - k);
    for (int i = 0; i < k; i++) {
        double a = w[i] * spread;
        double f = (double) (int32_t) (a * inv);
        f = f * total > a ? f - 1 : f;
        f = (f + 1) * total <= a ? f + 1 : f;
        cdf[i + 1] = (int32_t) f + 1;
    }
    int32_t c = 0;
    cdf[0] = 0;
    for (int i = 1; i <= k; i++) {
        c += cdf[i];
        cdf[i] = c;
    }
    int32_t rest = 65536 - c;
    for (int i = top + 1; i <= k; i++) {
        cdf[i] += rest;
    }
}

JNIEXPORT jlong JNICALL Java_io_vqz_entropy_PriorKernel_address(JNIEnv *env, jclass cls, jobject buffer) {
    (void) cls;
    return (jlong) (intptr_t) (*env)->GetDirectBufferAddress(env, buffer);
}

JNIEXPORT void JNICALL Java_io_vqz_entropy_PriorKernel_trunk(JNIEnv *env, jclass cls, jlong prior, jlong cursor,
                                                             jint x, jint y) {
    (void) env;
    (void) cls;
    trunk((const int32_t *) (intptr_t) prior, (int32_t *) (intptr_t) cursor, x, y);
}

JNIEXPORT jboolean JNICALL Java_io_vqz_entropy_PriorKernel_coarse(JNIEnv *env, jclass cls, jlong prior,
                                                                  jlong cursor, jfloatArray context) {
    (void) cls;
    const int32_t *p = (const int32_t *) (intptr_t) prior;
    int32_t *s = (int32_t *) (intptr_t) cursor;
    (*env)->GetFloatArrayRegion(env, context, 0, s[C_WIDTH] * s[C_HEIGHT] * p[P_D], (float *) s + s[C_CONTEXT]);
    return coarse(p, s) == 0 ? JNI_TRUE : JNI_FALSE;
}

/* which: 0 the K codes, 1 the G groups, 2 the M members of group g; their logits and their table. */
JNIEXPORT void JNICALL Java_io_vqz_entropy_PriorKernel_output(JNIEnv *env, jclass cls, jlong prior, jlong cursor,
                                                              jint which, jint g, jfloatArray out, jintArray table) {
    (void) cls;
    const int32_t *p = (const int32_t *) (intptr_t) prior;
    int32_t *s = (int32_t *) (intptr_t) cursor;
    const float *pf = (const float *) p;
    int n;
    const float *w, *bias;
    if (which == 0) {
        n = p[P_K];
        w = AT(pf, p, P_WOUT);
        bias = AT(pf, p, P_BIAS_OUT);
    } else if (which == 1) {
        n = p[P_GROUPS];
        w = AT(pf, p, P_WGROUP);
        bias = AT(pf, p, P_BIAS_GROUP);
    } else {
        n = p[P_MEMBERS];
        w = AT(pf, p, P_WMEMBER) + (int64_t) g * p[P_C] * n;
        bias = AT(pf, p, P_BIAS_MEMBER) + (int64_t) g * n;
    }
    output(p, s, w, bias, n);
    float *logits = (float *) s + s[C_OUT];
    int32_t *t = s + s[C_CDF];
    cdf((const int64_t *) (p + p[P_EXP]), logits, n, t, (int64_t *) (s + s[C_WEIGHTS]));
    (*env)->SetFloatArrayRegion(env, out, 0, n, logits);
    (*env)->SetIntArrayRegion(env, table, 0, n + 1, t);
}

/*
 * FORMAT.md 9.1 and 9.7 for a tile whose codes are all known (an encoder that chose them first): row by row the
 * trunk of the whole row (trunk_row), then for every position the table of each of its symbols and that symbol's
 * interval, as the cursor's write does one position at a time. symbols: one per position (a one-level prior's code) or two (a group, then a member of it);
 * codes: the tile's codes, for the trunk's mask-A taps. out receives (cdf[s], cdf[s+1] - cdf[s]) per symbol.
 */
JNIEXPORT jboolean JNICALL Java_io_vqz_entropy_PriorKernel_intervals(JNIEnv *env, jclass cls, jlong prior,
                                                                     jlong cursor, jintArray codes,
                                                                     jintArray symbols, jintArray out) {
    (void) cls;
    const int32_t *p = (const int32_t *) (intptr_t) prior;
    int32_t *s = (int32_t *) (intptr_t) cursor;
    const float *pf = (const float *) p;
    int width = s[C_WIDTH], height = s[C_HEIGHT];
    int64_t n = (int64_t) width * height;
    int grouped = p[P_GROUPS] > 0;
    int64_t count = grouped ? 2 * n : n;
    (*env)->GetIntArrayRegion(env, codes, 0, (jsize) n, s + s[C_CODES]);
    int c = p[P_C];
    int64_t cap = (int64_t) p[P_NB] * c + 1 > p[P_NA] + 1 ? (int64_t) p[P_NB] * c + 1 : p[P_NA] + 1;
    int32_t *sym = (int32_t *) malloc((size_t) (3 * count + 1) * sizeof(int32_t));
    float *hrow = (float *) malloc((size_t) ((int64_t) width * c + 4 * cap + 4 * c) * sizeof(float));
    int32_t *lists = (int32_t *) malloc((size_t) (4 * cap) * sizeof(int32_t));
    if (sym == NULL || hrow == NULL || lists == NULL) {
        free(sym);
        free(hrow);
        free(lists);
        return JNI_FALSE;
    }
    float *vals = hrow + (int64_t) width * c, *tbuf = vals + 4 * cap;
    float *h = AT((float *) s, s, C_H);
    int32_t *res = sym + count;
    (*env)->GetIntArrayRegion(env, symbols, 0, (jsize) count, sym);
    const int64_t *exp = (const int64_t *) (p + p[P_EXP]);
    float *logits = (float *) s + s[C_OUT];
    int32_t *t = s + s[C_CDF];
    int64_t *w = (int64_t *) (s + s[C_WEIGHTS]);
    int64_t at = 0;
    for (int y = 0; y < height; y++) {
        trunk_row(p, s, y, hrow, lists, vals, tbuf);
        for (int x = 0; x < width; x++) {
            memcpy(h, hrow + (int64_t) x * c, (size_t) c * sizeof(float));
            if (!grouped) {
                output(p, s, AT(pf, p, P_WOUT), AT(pf, p, P_BIAS_OUT), p[P_K]);
                cdf(exp, logits, p[P_K], t, w);
            } else {
                output(p, s, AT(pf, p, P_WGROUP), AT(pf, p, P_BIAS_GROUP), p[P_GROUPS]);
                cdf(exp, logits, p[P_GROUPS], t, w);
                int g = sym[at];
                res[2 * at] = t[g];
                res[2 * at + 1] = t[g + 1] - t[g];
                at++;
                int members = p[P_MEMBERS];
                output(p, s, AT(pf, p, P_WMEMBER) + (int64_t) g * p[P_C] * members,
                       AT(pf, p, P_BIAS_MEMBER) + (int64_t) g * members, members);
                cdf(exp, logits, members, t, w);
            }
            int v = sym[at];
            res[2 * at] = t[v];
            res[2 * at + 1] = t[v + 1] - t[v];
            at++;
        }
    }
    (*env)->SetIntArrayRegion(env, out, 0, (jsize) (2 * count), res);
    free(sym);
    free(hrow);
    free(lists);
    return JNI_TRUE;
}

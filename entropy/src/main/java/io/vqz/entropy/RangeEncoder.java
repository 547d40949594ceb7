package io.vqz.entropy;

import java.util.Arrays;

/**
 * Range encoder for symbols under integer frequency tables with the fixed total {@link Cdf#TOTAL}
 * ({@code docs/FORMAT.md} 9.2).
 * <p>
 * A carry-propagating coder with a 32-bit range and byte output (the scheme of LZMA's range coder), which
 * drops the constant first byte and ends with the fewest bytes that pin the final interval, so the overhead
 * over the ideal code length is a fraction of a byte per stream plus at most about 1/2^8 bit per symbol (on
 * average far less). {@link RangeDecoder} reads the result.
 * <p>
 * The encoding rule: {@code low = 0} (33 bits), {@code range = 2^32 - 1}. Per symbol with interval
 * {@code [c, c + f)}: {@code r = range >>> 16}, {@code low += r * c}, {@code range} becomes
 * {@code range - r * c} if {@code c + f == 2^16} (the last symbol takes the truncation remainder) and
 * {@code r * f} otherwise; then while {@code range < 2^24}: {@code range <<= 8} and the top byte of
 * {@code low}'s 32 bits is shifted out, with carries into the bytes already out. At the end, with {@code n} the
 * smallest of 0..4 for which {@code v} = {@code low} rounded up to a multiple of {@code 2^(32 - 8n)} is below
 * {@code low + range}, {@code low = v} and its top {@code n} bytes are shifted out. The stream is the bytes
 * shifted out, without the very first one (always 0). An empty stream codes any number of certain symbols.
 * <p>
 * Not thread-safe: one encoder per stream.
 *
 * @since 0.1
 */
public final class RangeEncoder {
    static final long TOP = 1L << 24;
    static final long MASK32 = 0xFFFF_FFFFL;

    private long low;
    private long range = MASK32;
    private int cache;
    private long cacheSize = 1;
    private boolean skipFirst = true;
    private byte[] out;
    private int size;
    private boolean finished;

    /** Creates an encoder with a small initial buffer. */
    public RangeEncoder() {
        this(256);
    }

    /**
     * Creates an encoder.
     *
     * @param initialCapacity initial output buffer size in bytes (it grows as needed)
     */
    public RangeEncoder(int initialCapacity) {
        out = new byte[Math.max(16, initialCapacity)];
    }

    /**
     * Encodes {@code symbol} under the table {@code cdf}.
     *
     * @param cdf    a table with total {@link Cdf#TOTAL} (see {@link Cdf})
     * @param symbol the symbol, {@code 0 <= symbol < cdf.length - 1}
     */
    public void encode(int[] cdf, int symbol) {
        if (symbol < 0 || symbol >= cdf.length - 1) {
            throw new IllegalArgumentException("symbol " + symbol + " outside the table of " + (cdf.length - 1));
        }
        encode(cdf[symbol], cdf[symbol + 1] - cdf[symbol]);
    }

    /**
     * Encodes the interval {@code [cumFreq, cumFreq + freq)} of the total {@link Cdf#TOTAL}.
     *
     * @param cumFreq frequency of all symbols before this one
     * @param freq    this symbol's frequency, at least 1
     */
    public void encode(int cumFreq, int freq) {
        if (finished) {
            throw new IllegalStateException("encoder already finished");
        }
        if (cumFreq < 0 || freq <= 0 || cumFreq + freq > Cdf.TOTAL) {
            throw new IllegalArgumentException("bad interval " + cumFreq + "+" + freq);
        }
        long r = range >>> Cdf.TOTAL_BITS;
        low += r * cumFreq;
        // the last symbol takes the truncation remainder, so a near-certain last symbol costs nearly nothing
        range = cumFreq + freq == Cdf.TOTAL ? range - r * cumFreq : r * freq;
        while (range < TOP) {
            range <<= 8;
            shiftLow();
        }
    }

    /**
     * Ends the stream and returns its bytes. The encoder cannot be used afterwards.
     *
     * @return the encoded bytes (empty when no symbol or only certain symbols were encoded)
     */
    public byte[] finish() {
        if (!finished) {
            finished = true;
            // pick the value in [low, low + range) with the most trailing zero bytes; the decoder reads bytes
            // past the end as zero
            int n = flushBytes(low, range);
            long unit = 1L << (32 - 8 * n);
            low = (low + unit - 1) & -unit;
            for (int i = 0; i <= n; i++) {
                shiftLow();
            }
        }
        return Arrays.copyOf(out, size);
    }

    /** Fewest bytes of the 32-bit window that pin a value in [low, low + range), the rest being zero. */
    static int flushBytes(long low, long range) {
        int n = 0;
        while (n < 4) {
            long unit = 1L << (32 - 8 * n);
            if (((low + unit - 1) & -unit) < low + range) {
                break;
            }
            n++;
        }
        return n;
    }

    /** Number of bytes written so far (the finished stream may be a few bytes longer). */
    public int size() {
        return size;
    }

    private void shiftLow() {
        if (low < 0xFF00_0000L || low > MASK32) {
            int carry = (int) (low >>> 32);
            int temp = cache;
            do {
                emit((temp + carry) & 0xFF);
                temp = 0xFF;
            } while (--cacheSize != 0);
            cache = (int) (low >>> 24) & 0xFF;
        }
        cacheSize++;
        low = (low & 0x00FF_FFFFL) << 8;
    }

    private void emit(int b) {
        if (skipFirst) {
            // the first byte is the integer part of a value below 1: always zero, so it is not stored
            skipFirst = false;
            return;
        }
        if (size == out.length) {
            out = Arrays.copyOf(out, out.length * 2);
        }
        out[size++] = (byte) b;
    }
}

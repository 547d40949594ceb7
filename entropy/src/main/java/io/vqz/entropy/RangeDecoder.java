package io.vqz.entropy;

/**
 * Range decoder ({@code docs/FORMAT.md} 9.2) for streams written by {@link RangeEncoder}: the same tables, in the same order, give back
 * the same symbols.
 * <p>
 * The decoding rule (see {@link RangeEncoder} for the encoder): {@code code} = the first 4 bytes, big-endian,
 * {@code range = 2^32 - 1}. Per symbol: {@code r = range >>> 16}, {@code t = min(code / r, 2^16 - 1)}, the
 * symbol {@code s} is the one with {@code cdf[s] <= t < cdf[s + 1]}; {@code code -= r * cdf[s]}; {@code range}
 * becomes {@code range - r * cdf[s]} if {@code s} is the last symbol of the table ({@code cdf[s + 1] == 2^16})
 * and {@code r * freq} otherwise; then while {@code range < 2^24}: {@code range <<= 8},
 * {@code code = (code << 8) | next byte}. Bytes past the end of the payload read as zero, at most 4 of them.
 * <p>
 * Reading beyond that means the payload ended early. {@link #finish()} checks that the stream ends exactly as
 * the encoder ends it, in length and final bytes.
 * <p>
 * Not thread-safe: one decoder per stream.
 *
 * @since 0.1
 */
public final class RangeDecoder {
    private final byte[] data;
    private final int end;
    private final int limit;
    private int pos;
    private long range = RangeEncoder.MASK32;
    private long code;
    /** The last four bytes read (zero past the end): the low end of the stream's value. */
    private long window;

    /**
     * Starts decoding {@code data}.
     *
     * @param data the encoded stream (not copied; must not change while decoding)
     */
    public RangeDecoder(byte[] data) {
        this(data, 0, data.length);
    }

    /**
     * Starts decoding {@code length} bytes of {@code data} from {@code offset}.
     *
     * @param data   holds the encoded stream (not copied; must not change while decoding)
     * @param offset first byte of the stream
     * @param length number of bytes of the stream
     */
    public RangeDecoder(byte[] data, int offset, int length) {
        if (offset < 0 || length < 0 || offset > data.length - length) {
            throw new IndexOutOfBoundsException("offset " + offset + ", length " + length + ", size " + data.length);
        }
        this.data = data;
        this.pos = offset;
        this.end = offset + length;
        this.limit = end + 4;
        long c = 0;
        for (int i = 0; i < 4; i++) {
            c = (c << 8) | (pos < end ? data[pos] & 0xFF : 0);
            pos++;
        }
        code = c;
        window = c;
    }

    /**
     * Decodes one symbol under the table {@code cdf}.
     *
     * @param cdf a table with total {@link Cdf#TOTAL}, the one the encoder used for this symbol
     * @return the symbol, {@code 0 <= symbol < cdf.length - 1}
     * @throws EntropyDecodingException if the payload ended early or is not a valid stream
     */
    public int decode(int[] cdf) throws EntropyDecodingException {
        int target = target();
        int lo = 0;
        int hi = cdf.length - 1;
        // largest s with cdf[s] <= target; tables are strictly increasing
        while (hi - lo > 1) {
            int mid = (lo + hi) >>> 1;
            if (cdf[mid] <= target) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        consume(cdf[lo], cdf[lo + 1] - cdf[lo]);
        return lo;
    }

    /**
     * The cumulative frequency the next symbol's interval contains, for callers that search their own
     * tables; follow it with {@link #consume(int, int)}.
     *
     * @return a value in {@code [0, TOTAL)}
     * @throws EntropyDecodingException if the stream is in a state no encoder produces
     */
    public int target() throws EntropyDecodingException {
        if (code >= range) {
            throw new EntropyDecodingException("invalid range-coded payload");
        }
        long r = range >>> Cdf.TOTAL_BITS;
        long t = code / r;
        return t >= Cdf.TOTAL ? Cdf.TOTAL - 1 : (int) t;
    }

    /**
     * Removes the symbol with interval {@code [cumFreq, cumFreq + freq)}, which must contain {@link #target()}.
     *
     * @param cumFreq frequency of all symbols before it
     * @param freq    its frequency, at least 1
     * @throws EntropyDecodingException if the payload ended early
     */
    public void consume(int cumFreq, int freq) throws EntropyDecodingException {
        if (cumFreq < 0 || freq <= 0 || cumFreq + freq > Cdf.TOTAL) {
            throw new IllegalArgumentException("bad interval " + cumFreq + "+" + freq);
        }
        long r = range >>> Cdf.TOTAL_BITS;
        code -= r * cumFreq;
        range = cumFreq + freq == Cdf.TOTAL ? range - r * cumFreq : r * freq;
        while (range < RangeEncoder.TOP) {
            if (pos >= limit) {
                throw new EntropyDecodingException("range-coded payload ended early");
            }
            int b = pos < end ? data[pos] & 0xFF : 0;
            range <<= 8;
            code = ((code << 8) | b) & RangeEncoder.MASK32;
            window = ((window << 8) | b) & RangeEncoder.MASK32;
            pos++;
        }
    }

    /**
     * Checks that the stream ends exactly as {@link RangeEncoder#finish()} ends it after the symbols decoded
     * so far: same final bytes, no byte missing, none extra.
     *
     * @throws EntropyDecodingException if the payload has bytes after the last symbol or a different ending
     */
    public void finish() throws EntropyDecodingException {
        // the decoder knows the encoder's final interval relative to the stream: redo the encoder's choice
        // of the final value and its length, and compare
        long low = (window - code) & RangeEncoder.MASK32;
        int n = RangeEncoder.flushBytes(low, range);
        long unit = 1L << (32 - 8 * n);
        long v = ((low + unit - 1) & -unit) & RangeEncoder.MASK32;
        if (pos - end != 4 - n) {
            throw new EntropyDecodingException(pos - end > 4 - n
                    ? "range-coded payload ended early"
                    : (end - pos + 4 - n) + " unexpected byte(s) after the last symbol");
        }
        if (v != window) {
            throw new EntropyDecodingException("range-coded payload has a corrupt ending");
        }
    }
}

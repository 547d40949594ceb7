package io.vqz.entropy;

/**
 * Range decoder for streams written by {@link RangeEncoder}: the same tables, in the same order, give back
 * the same symbols.
 * <p>
 * Bytes past the end of the payload read as zero (the encoder trims them), but never more than the encoder
 * can have trimmed: reading further means the payload ended early. {@link #finish()} checks that no byte
 * is left over.
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
            range <<= 8;
            code = ((code << 8) | (pos < end ? data[pos] & 0xFF : 0)) & RangeEncoder.MASK32;
            pos++;
        }
    }

    /**
     * Checks that the stream ended where the last symbol did.
     *
     * @throws EntropyDecodingException if the payload has bytes after the last symbol
     */
    public void finish() throws EntropyDecodingException {
        if (pos < end) {
            throw new EntropyDecodingException((end - pos) + " unexpected byte(s) after the last symbol");
        }
    }
}

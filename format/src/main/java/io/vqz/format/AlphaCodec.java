package io.vqz.format;

import java.io.ByteArrayOutputStream;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * The {@code ALPH} chunk: method byte 0, then a zlib stream of the alpha plane, row by row, each row a filter
 * byte (0 none, 1 sub, 2 up, as in PNG) and {@code width} filtered bytes. See docs/FORMAT.md.
 */
final class AlphaCodec {
    static final int METHOD_ZLIB = 0;
    static final int FILTER_NONE = 0;
    static final int FILTER_SUB = 1;
    static final int FILTER_UP = 2;
    /** Deflate emits at most 258 bytes per 2 bits, so no valid stream inflates by more than this. */
    static final long MAX_INFLATION = 1032;

    private AlphaCodec() {
    }

    static byte[] encode(byte[] plane, int width, int height) {
        Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION);
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.write(METHOD_ZLIB);
            byte[] row = new byte[width + 1];
            byte[] buf = new byte[1 << 16];
            for (int y = 0; y < height; y++) {
                filterRow(plane, width, y, row);
                deflater.setInput(row);
                while (!deflater.needsInput()) {
                    out.write(buf, 0, deflater.deflate(buf));
                }
            }
            deflater.finish();
            while (!deflater.finished()) {
                out.write(buf, 0, deflater.deflate(buf));
            }
            return out.toByteArray();
        } finally {
            deflater.end();
        }
    }

    /** Chooses, like PNG encoders, the filter whose residuals have the smallest sum of magnitudes. */
    private static void filterRow(byte[] plane, int width, int y, byte[] row) {
        int base = y * width;
        long none = 0;
        long sub = 0;
        long up = 0;
        for (int x = 0; x < width; x++) {
            int a = plane[base + x];
            none += Math.abs((byte) a);
            sub += Math.abs((byte) (a - (x > 0 ? plane[base + x - 1] : 0)));
            up += Math.abs((byte) (a - (y > 0 ? plane[base - width + x] : 0)));
        }
        int filter = none <= sub && none <= up ? FILTER_NONE : sub <= up ? FILTER_SUB : FILTER_UP;
        row[0] = (byte) filter;
        for (int x = 0; x < width; x++) {
            int a = plane[base + x];
            int predicted = filter == FILTER_SUB ? (x > 0 ? plane[base + x - 1] : 0)
                    : filter == FILTER_UP ? (y > 0 ? plane[base - width + x] : 0) : 0;
            row[x + 1] = (byte) (a - predicted);
        }
    }

    /**
     * @param data the chunk data
     * @param base file offset of {@code data[0]}
     */
    static byte[] decode(byte[] data, int width, int height, long base) throws VqzFormatException {
        if (data.length < 1) {
            throw new VqzFormatException("ALPH chunk is empty", base);
        }
        if ((data[0] & 0xFF) != METHOD_ZLIB) {
            throw new VqzFormatException("unknown alpha compression method " + (data[0] & 0xFF), base);
        }
        long size = (long) height * (width + 1);
        if (size > MAX_INFLATION * (data.length - 1) + 1024) {
            throw new VqzFormatException("ALPH chunk of " + data.length + " bytes is too short to inflate to the "
                    + size + " bytes of a " + width + "x" + height + " plane", base);
        }
        if (size > Integer.MAX_VALUE - 8) {
            throw new VqzLimitException("alpha plane bytes", size, Integer.MAX_VALUE - 8, base);
        }
        byte[] rows = inflate(data, (int) size, base);
        byte[] plane = new byte[width * height];
        for (int y = 0; y < height; y++) {
            int in = y * (width + 1);
            int filter = rows[in] & 0xFF;
            int out = y * width;
            switch (filter) {
                case FILTER_NONE:
                    System.arraycopy(rows, in + 1, plane, out, width);
                    break;
                case FILTER_SUB:
                    for (int x = 0; x < width; x++) {
                        plane[out + x] = (byte) (rows[in + 1 + x] + (x > 0 ? plane[out + x - 1] : 0));
                    }
                    break;
                case FILTER_UP:
                    for (int x = 0; x < width; x++) {
                        plane[out + x] = (byte) (rows[in + 1 + x] + (y > 0 ? plane[out - width + x] : 0));
                    }
                    break;
                default:
                    throw new VqzFormatException("unknown alpha filter " + filter + " in row " + y
                            + " (inside the compressed ALPH data)", base);
            }
        }
        return plane;
    }

    private static byte[] inflate(byte[] data, int size, long base) throws VqzFormatException {
        Inflater inflater = new Inflater();
        try {
            inflater.setInput(data, 1, data.length - 1);
            byte[] out = new byte[size];
            int pos = 0;
            while (!inflater.finished()) {
                long readBefore = inflater.getBytesRead();
                int n;
                if (pos < size) {
                    n = inflater.inflate(out, pos, size - pos);
                    pos += n;
                } else {
                    n = inflater.inflate(new byte[1]);
                    if (n > 0) {
                        throw new VqzFormatException("alpha plane inflates to more than the " + size
                                + " bytes the header implies", base);
                    }
                }
                if (n == 0 && !inflater.finished()) {
                    if (inflater.needsDictionary()) {
                        throw new VqzFormatException("alpha zlib stream asks for a preset dictionary", base);
                    }
                    if (inflater.needsInput()) {
                        throw new VqzFormatException("alpha zlib stream ends after " + pos + " of " + size
                                + " bytes", base);
                    }
                    if (inflater.getBytesRead() == readBefore) {
                        throw new VqzFormatException("alpha zlib stream makes no progress", base);
                    }
                }
            }
            if (pos != size) {
                throw new VqzFormatException("alpha plane inflates to " + pos + " bytes, not the " + size
                        + " the header implies", base);
            }
            if (inflater.getRemaining() != 0) {
                throw new VqzFormatException(inflater.getRemaining() + " bytes follow the alpha zlib stream",
                        base + data.length - inflater.getRemaining());
            }
            return out;
        } catch (DataFormatException e) {
            throw new VqzFormatException("alpha zlib stream is corrupt: " + e.getMessage(), base, e);
        } finally {
            inflater.end();
        }
    }
}

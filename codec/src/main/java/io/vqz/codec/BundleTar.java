package io.vqz.codec;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads the regular files of a POSIX tar (ustar, with pax extended headers and GNU long names), the container of
 * a model bundle (docs/FORMAT.md, A.1): what the codec needs of tar, in one screen, instead of a compression
 * library and its three dependencies in every jar that carries the codec.
 * <p>
 * Checks every header's checksum and sizes against {@code limit} before reading data; reads the stream to its
 * end, so a digest over it covers the whole file (padding and end-of-archive blocks included). Stateless.
 */
final class BundleTar {
    private static final int BLOCK = 512;

    private BundleTar() {
    }

    /**
     * @param limit the most data bytes all entries may have together
     * @return regular files by name (a leading {@code ./} removed), in archive order
     * @throws IOException naming the problem: truncated, bad checksum, bad size, over the limit
     */
    static Map<String, byte[]> read(InputStream in, long limit) throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        byte[] header = new byte[BLOCK];
        long total = 0;
        String longName = null;
        long paxSize = -1;
        while (true) {
            if (!fill(in, header)) {
                break; // end of stream without end-of-archive blocks: accepted, like GNU tar
            }
            if (isZero(header)) {
                break;
            }
            checkSum(header);
            char type = (char) header[156];
            // a long name ('L') and pax records ('x') describe the next real entry, and may both precede it
            boolean meta = type == 'L' || type == 'K' || type == 'x' || type == 'g';
            long size = !meta && paxSize >= 0 ? paxSize : octal(header, 124, 12, "size");
            String name = meta ? "" : longName != null ? longName : name(header);
            if (!meta) {
                longName = null;
                paxSize = -1;
            }
            if (size > limit - total) {
                throw new IOException("tar entry " + name + " of " + size + " bytes exceeds the limit of " + limit);
            }
            byte[] data = type == '0' || type == '\0' || type == '7' || type == 'x' || type == 'L' ? data(in, size)
                    : null;
            if (data == null) {
                skip(in, padded(size));
            } else {
                total += size;
            }
            switch (type) {
                case '0', '\0', '7' -> entries.put(name.startsWith("./") ? name.substring(2) : name, data);
                case 'L' -> longName = cString(data, 0, data.length);
                case 'x' -> {
                    Map<String, String> pax = pax(data);
                    longName = pax.getOrDefault("path", longName);
                    if (pax.containsKey("size")) {
                        paxSize = parseSize(pax.get("size"));
                    }
                }
                default -> { } // directories, links, global pax headers: nothing a bundle needs
            }
        }
        in.transferTo(java.io.OutputStream.nullOutputStream());
        return entries;
    }

    private static boolean fill(InputStream in, byte[] block) throws IOException {
        int n = in.readNBytes(block, 0, block.length);
        if (n == 0) {
            return false;
        }
        if (n < block.length) {
            throw new EOFException("tar header truncated after " + n + " bytes");
        }
        return true;
    }

    private static byte[] data(InputStream in, long size) throws IOException {
        byte[] data = in.readNBytes((int) size);
        if (data.length != size) {
            throw new EOFException("tar entry truncated: " + data.length + " of " + size + " bytes");
        }
        skip(in, padded(size) - size);
        return data;
    }

    /** {@code size} rounded up to whole blocks. */
    private static long padded(long size) {
        return (size + BLOCK - 1) / BLOCK * BLOCK;
    }

    /** Reads and drops {@code n} bytes: read, not skipped, so that a digest over the stream sees them. */
    private static void skip(InputStream in, long n) throws IOException {
        byte[] buf = new byte[BLOCK];
        for (long left = n; left > 0; ) {
            int got = in.read(buf, 0, (int) Math.min(buf.length, left));
            if (got < 0) {
                throw new EOFException("tar data truncated");
            }
            left -= got;
        }
    }

    private static boolean isZero(byte[] b) {
        for (byte v : b) {
            if (v != 0) {
                return false;
            }
        }
        return true;
    }

    private static void checkSum(byte[] h) throws IOException {
        long expected = octal(h, 148, 8, "checksum");
        long sum = 0;
        for (int i = 0; i < BLOCK; i++) {
            sum += i >= 148 && i < 156 ? ' ' : h[i] & 0xFF;
        }
        if (sum != expected) {
            throw new IOException("tar header checksum mismatch: " + sum + " computed, " + expected + " stored");
        }
    }

    private static String name(byte[] h) {
        String name = cString(h, 0, 100);
        boolean ustar = new String(h, 257, 5, StandardCharsets.US_ASCII).equals("ustar");
        String prefix = ustar ? cString(h, 345, 155) : "";
        return prefix.isEmpty() ? name : prefix + "/" + name;
    }

    private static String cString(byte[] b, int off, int max) {
        int end = off;
        while (end < off + max && b[end] != 0) {
            end++;
        }
        return new String(b, off, end - off, StandardCharsets.UTF_8);
    }

    private static long octal(byte[] b, int off, int len, String field) throws IOException {
        long v = 0;
        int i = off;
        int end = off + len;
        while (i < end && (b[i] == ' ' || b[i] == 0)) {
            i++;
        }
        if (i == end) {
            return 0;
        }
        for (; i < end && b[i] != ' ' && b[i] != 0; i++) {
            if (b[i] < '0' || b[i] > '7' || v > (Long.MAX_VALUE >> 3)) {
                throw new IOException("tar header field " + field + " is not an octal number");
            }
            v = v * 8 + (b[i] - '0');
        }
        return v;
    }

    /** The records {@code "LEN key=value\n"} of a pax extended header. */
    private static Map<String, String> pax(byte[] data) throws IOException {
        Map<String, String> m = new LinkedHashMap<>();
        int pos = 0;
        while (pos < data.length) {
            int space = pos;
            while (space < data.length && data[space] != ' ') {
                space++;
            }
            int len;
            try {
                len = Integer.parseInt(new String(data, pos, space - pos, StandardCharsets.US_ASCII));
            } catch (NumberFormatException e) {
                throw new IOException("bad pax header record", e);
            }
            if (len <= space - pos + 1 || pos + len > data.length) {
                throw new IOException("bad pax header record length " + len);
            }
            String record = new String(data, space + 1, pos + len - space - 2, StandardCharsets.UTF_8);
            int eq = record.indexOf('=');
            if (eq > 0) {
                m.put(record.substring(0, eq), record.substring(eq + 1));
            }
            pos += len;
        }
        return m;
    }

    private static long parseSize(String s) throws IOException {
        try {
            long v = Long.parseLong(s);
            if (v < 0) {
                throw new NumberFormatException(s);
            }
            return v;
        } catch (NumberFormatException e) {
            throw new IOException("bad pax size " + s, e);
        }
    }
}

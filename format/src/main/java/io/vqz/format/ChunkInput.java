package io.vqz.format;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.zip.CRC32;

/**
 * Reads the signature and chunks from a stream of unknown length, counting bytes for error offsets. Chunk
 * data is read in growing steps, so a declared length costs memory only as far as the bytes really exist.
 */
final class ChunkInput {
    private static final int STEP = 1 << 20;

    /** A chunk's length and type, read; its data and CRC not yet. */
    static final class Head {
        final long offset;
        final long length;
        final String type;
        final byte[] typeBytes;

        Head(long offset, long length, byte[] typeBytes) {
            this.offset = offset;
            this.length = length;
            this.typeBytes = typeBytes;
            this.type = new String(typeBytes, java.nio.charset.StandardCharsets.US_ASCII);
        }

        boolean critical() {
            return typeBytes[0] >= 'A' && typeBytes[0] <= 'Z';
        }
    }

    private final InputStream in;
    private final long knownLength;
    private long position;

    /** @param knownLength the input's length in bytes from the signature on, or -1 if unknown */
    ChunkInput(InputStream in, long knownLength) {
        this.in = in;
        this.knownLength = knownLength;
    }

    long position() {
        return position;
    }

    void readSignature() throws IOException {
        byte[] sig = new byte[VqzFormat.MAGIC_LENGTH];
        int n = read(sig, 0, sig.length);
        if (n < sig.length) {
            throw new VqzFormatException("not a VQZ file: input ends after " + n + " bytes, inside the 8-byte "
                    + "signature", n);
        }
        if (VqzFormat.matches(sig, sig.length)) {
            return;
        }
        byte[] magic = VqzFormat.magicBytes();
        int i = 0;
        while (sig[i] == magic[i]) {
            i++;
        }
        if (i == 0 && (sig[0] & 0xFF) == (magic[0] & 0x7F)
                && Arrays.equals(sig, 1, 8, magic, 1, 8)) {
            throw new VqzFormatException("damaged VQZ signature: the high bit of the first byte was cleared "
                    + "(7-bit transfer?)", 0);
        }
        if (i >= 4) {
            throw new VqzFormatException("damaged VQZ signature: line-ending bytes changed (text-mode "
                    + "transfer?)", i);
        }
        throw new VqzFormatException("not a VQZ file: wrong signature", i);
    }

    /** The next chunk's head, or {@code null} if the input ends exactly here. */
    Head next() throws IOException {
        long start = position;
        byte[] b = new byte[8];
        int n = read(b, 0, 8);
        if (n == 0) {
            return null;
        }
        if (n < 8) {
            throw new VqzTruncatedException("truncated: the input ends inside a chunk's length and type",
                    start + n);
        }
        long length = Chunks.u32(b, 0);
        if (length > Chunks.MAX_LENGTH) {
            throw new VqzFormatException("chunk length " + length + " exceeds 2^31-1", start);
        }
        byte[] type = Arrays.copyOfRange(b, 4, 8);
        for (byte t : type) {
            if (!Chunks.isLetter(t)) {
                throw new VqzFormatException(String.format("invalid chunk type bytes %02x %02x %02x %02x "
                        + "(must be ASCII letters)", type[0], type[1], type[2], type[3]), start + 4);
            }
        }
        Head head = new Head(start, length, type);
        if (knownLength >= 0 && start + 12 + length > knownLength) {
            throw new VqzTruncatedException("truncated: chunk " + head.type + " declares " + length
                    + " bytes, more than the " + Math.max(0, knownLength - start - 12) + " left in the file", start);
        }
        return head;
    }

    /** Reads the chunk's data (whose length the caller has checked against limits) and checks its CRC. */
    byte[] readData(Head head) throws IOException {
        int length = (int) head.length;
        byte[] data = new byte[Math.min(length, STEP)];
        int filled = 0;
        while (filled < length) {
            if (filled == data.length) {
                data = Arrays.copyOf(data, (int) Math.min(length, 2L * data.length));
            }
            int n = in.read(data, filled, data.length - filled);
            if (n < 0) {
                throw truncated(head, filled);
            }
            filled += n;
            position += n;
        }
        CRC32 crc = new CRC32();
        crc.update(head.typeBytes);
        crc.update(data);
        checkCrc(head, crc.getValue());
        return data;
    }

    /** Reads past the chunk's data, checking its CRC. */
    void skip(Head head) throws IOException {
        CRC32 crc = new CRC32();
        crc.update(head.typeBytes);
        byte[] buf = new byte[(int) Math.min(head.length, 8192)];
        long left = head.length;
        while (left > 0) {
            int n = in.read(buf, 0, (int) Math.min(left, buf.length));
            if (n < 0) {
                throw truncated(head, head.length - left);
            }
            crc.update(buf, 0, n);
            left -= n;
            position += n;
        }
        checkCrc(head, crc.getValue());
    }

    /** Moves past the chunk's data and CRC without reading them (for seekable inputs). */
    void skipUnchecked(Head head) throws IOException {
        long left = head.length + 4;
        while (left > 0) {
            long n = in.skip(left);
            if (n <= 0) {
                if (in.read() < 0) {
                    throw truncated(head, head.length + 4 - left);
                }
                n = 1;
            }
            left -= n;
            position += n;
        }
    }

    private void checkCrc(Head head, long computed) throws IOException {
        byte[] b = new byte[4];
        int n = read(b, 0, 4);
        if (n < 4) {
            throw new VqzTruncatedException("truncated: the input ends inside the CRC of chunk " + head.type,
                    position);
        }
        long stored = Chunks.u32(b, 0);
        if (stored != computed) {
            throw new VqzFormatException(String.format("CRC mismatch in chunk %s: stored %08x, computed %08x",
                    head.type, stored, computed), position - 4);
        }
    }

    private VqzTruncatedException truncated(Head head, long got) {
        return new VqzTruncatedException("truncated: chunk " + head.type + " declares " + head.length
                + " bytes but the input ends after " + got, position);
    }

    /** Reads up to {@code len} bytes, fewer only at the end of the input. */
    private int read(byte[] b, int off, int len) throws IOException {
        int total = 0;
        while (total < len) {
            int n = in.read(b, off + total, len - total);
            if (n < 0) {
                break;
            }
            total += n;
            position += n;
        }
        return total;
    }
}

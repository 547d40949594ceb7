package io.vqz.format;

import java.util.zip.CRC32;

/** Chunk type names and the byte-level helpers shared by reader and writer. */
final class Chunks {
    static final String HEADER = "VQHD";
    static final String ICC = "iccp";
    static final String EXIF = "exif";
    static final String XMP = "xmpd";
    static final String ALPHA = "ALPH";
    static final String TILE_TABLE = "TTBL";
    static final String TILE_DATA = "TDAT";
    static final String END = "VEND";

    /** Largest chunk data length: the length field's high bit must be clear. */
    static final long MAX_LENGTH = Integer.MAX_VALUE;

    private Chunks() {
    }

    static boolean isLetter(int b) {
        return (b >= 'A' && b <= 'Z') || (b >= 'a' && b <= 'z');
    }

    static byte[] typeBytes(String type) {
        byte[] b = new byte[4];
        for (int i = 0; i < 4; i++) {
            b[i] = (byte) type.charAt(i);
        }
        return b;
    }

    static long crc(byte[] type, byte[] data, int offset, int length) {
        CRC32 crc = new CRC32();
        crc.update(type, 0, 4);
        crc.update(data, offset, length);
        return crc.getValue();
    }

    static int u16(byte[] b, int i) {
        return ((b[i] & 0xFF) << 8) | (b[i + 1] & 0xFF);
    }

    static long u32(byte[] b, int i) {
        return ((long) (b[i] & 0xFF) << 24) | ((b[i + 1] & 0xFF) << 16) | ((b[i + 2] & 0xFF) << 8)
                | (b[i + 3] & 0xFF);
    }

    static void put16(byte[] b, int i, int v) {
        b[i] = (byte) (v >>> 8);
        b[i + 1] = (byte) v;
    }

    static void put32(byte[] b, int i, long v) {
        b[i] = (byte) (v >>> 24);
        b[i + 1] = (byte) (v >>> 16);
        b[i + 2] = (byte) (v >>> 8);
        b[i + 3] = (byte) v;
    }
}

package io.vqz.format;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.CRC32;

/**
 * Builds the golden files of testdata/golden (run {@link #main} to rewrite them; never needed unless the
 * set changes) and valid sample files for the other tests. Everything here is deterministic.
 */
final class GoldenFiles {

    private GoldenFiles() {
    }

    static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    /** Payload bytes of tile i: i*7 bytes, byte j = (i * 31 + j * 17) & 0xFF. */
    static byte[] payload(int i) {
        byte[] b = new byte[i * 7];
        for (int j = 0; j < b.length; j++) {
            b[j] = (byte) (i * 31 + j * 17);
        }
        return b;
    }

    /** Alpha at (x, y): 0 in the left quarter, 255 in the right half, a ramp between. */
    static byte[] alpha(int w, int h) {
        byte[] a = new byte[w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                a[y * w + x] = (byte) (x < w / 4 ? 0 : x >= w / 2 ? 255 : (x * 37 + y * 11) & 0xFF);
            }
        }
        return a;
    }

    static VqzContainer minimalGrey() {
        VqzHeader h = VqzHeader.builder().width(1).height(1).colourLayout(ColourLayout.GREY)
                .modelId(sha256("minimal")).modelName("").codebookSize(2).quality(0).build();
        return VqzContainer.builder().header(h).tilePayload(0, new byte[] {42}).build();
    }

    static VqzContainer rgbTiled() {
        VqzHeader h = VqzHeader.builder().width(37).height(23).colourLayout(ColourLayout.RGB)
                .modelId(sha256("vqz golden model")).modelName("vqz-test-model").downsampling(4)
                .tileWidth(4).tileHeight(4).codebookSize(1024).cdfPrecisionBits(16).quality(75).build();
        VqzContainer.Builder b = VqzContainer.builder().header(h);
        for (int i = 0; i < h.tileCount(); i++) {
            b.tilePayload(i, payload(i));
        }
        byte[] icc = new byte[300];
        for (int i = 0; i < icc.length; i++) {
            icc[i] = (byte) (i * 13);
        }
        byte[] exif = {'M', 'M', 0, 42, 0, 0, 0, 8, 0, 0, 0, 0, 0, 0};
        byte[] xmp = "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\">Grüße</x:xmpmeta>".getBytes(StandardCharsets.UTF_8);
        return b.metadata(VqzMetadata.of(icc, exif, xmp)).build();
    }

    static VqzContainer rgbaAlpha() {
        VqzHeader h = VqzHeader.builder().width(19).height(13).colourLayout(ColourLayout.RGB_ALPHA)
                .modelId(sha256("alpha model")).modelName("modèle α").downsampling(4).tileWidth(2).tileHeight(2)
                .codebookSize(4096).cdfPrecisionBits(16).quality(100).build();
        VqzContainer.Builder b = VqzContainer.builder().header(h).alpha(alpha(19, 13));
        for (int i = 0; i < h.tileCount(); i++) {
            b.tilePayload(i, payload(i + 1));
        }
        return b.metadata(VqzMetadata.of(null, null, "<xmp/>".getBytes(StandardCharsets.US_ASCII))).build();
    }

    /** A version 2 file: 3 code layers on a 3 x 2 tile grid, with an ICC profile; layer l's tile i has l + i + 1 bytes. */
    static VqzContainer rgbLayered() {
        VqzHeader h = VqzHeader.builder().width(40).height(20).colourLayout(ColourLayout.RGB)
                .modelId(sha256("layered model")).modelName("vqz-test-layered").downsampling(4)
                .tileWidth(4).tileHeight(4).codebookSize(512).quality(90).formatVersion(2).layers(3).build();
        VqzContainer.Builder b = VqzContainer.builder().header(h);
        for (int l = 0; l < h.layers(); l++) {
            for (int i = 0; i < h.tileCount(); i++) {
                byte[] p = payload(l + i + 1);
                b.tilePayload(l, i, java.util.Arrays.copyOf(p, l + i + 1));
            }
        }
        return b.metadata(VqzMetadata.of(new byte[] {1, 2, 3}, null, null)).build();
    }

    /** A GREY_ALPHA file with an unknown ancillary chunk {@code vqXt} spliced in before VEND. */
    static byte[] greyAlphaWithUnknownChunk() {
        VqzHeader h = VqzHeader.builder().width(8).height(8).colourLayout(ColourLayout.GREY_ALPHA)
                .modelId(sha256("grey model")).modelName("grey").downsampling(2).codebookSize(256)
                .cdfPrecisionBits(12).quality(50).tileWidth(3).tileHeight(4).build();
        byte[] alpha = new byte[64];
        for (int i = 0; i < 64; i++) {
            alpha[i] = (byte) (i * 4);
        }
        VqzContainer.Builder b = VqzContainer.builder().header(h).alpha(alpha);
        for (int i = 0; i < h.tileCount(); i++) {
            b.tilePayload(i, payload(i + 2));
        }
        byte[] file = bytes(b.build());
        return insertChunk(file, file.length - 12, "vqXt", "future extension".getBytes(StandardCharsets.US_ASCII));
    }

    static byte[] bytes(VqzContainer c) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            VqzWriter.write(c, out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** {@code file} with a chunk of the given type and data, correct CRC, inserted at {@code at}. */
    static byte[] insertChunk(byte[] file, int at, String type, byte[] data) {
        byte[] chunk = new byte[data.length + 12];
        Chunks.put32(chunk, 0, data.length);
        System.arraycopy(type.getBytes(StandardCharsets.US_ASCII), 0, chunk, 4, 4);
        System.arraycopy(data, 0, chunk, 8, data.length);
        CRC32 crc = new CRC32();
        crc.update(chunk, 4, 4 + data.length);
        Chunks.put32(chunk, 8 + data.length, crc.getValue());
        byte[] out = new byte[file.length + chunk.length];
        System.arraycopy(file, 0, out, 0, at);
        System.arraycopy(chunk, 0, out, at, chunk.length);
        System.arraycopy(file, at, out, at + chunk.length, file.length - at);
        return out;
    }

    /** Offset of the first chunk of {@code type} in a well-formed {@code file}, or -1. */
    static int chunkStart(byte[] file, String type) {
        int pos = VqzFormat.MAGIC_LENGTH;
        while (pos + 12 <= file.length) {
            String t = new String(file, pos + 4, 4, StandardCharsets.US_ASCII);
            if (t.equals(type)) {
                return pos;
            }
            pos += 12 + (int) Chunks.u32(file, pos);
        }
        return -1;
    }

    /** Recomputes the CRC of the chunk at {@code start} (in place) and returns {@code file}. */
    static byte[] fixCrc(byte[] file, int start) {
        int length = (int) Chunks.u32(file, start);
        CRC32 crc = new CRC32();
        crc.update(file, start + 4, 4 + length);
        Chunks.put32(file, start + 8 + length, crc.getValue());
        return file;
    }

    /** {@code file} without the {@code length} bytes at {@code at}. */
    static byte[] cut(byte[] file, int at, int length) {
        byte[] out = new byte[file.length - length];
        System.arraycopy(file, 0, out, 0, at);
        System.arraycopy(file, at + length, out, at, file.length - at - length);
        return out;
    }

    /** The golden files by name. */
    static Map<String, byte[]> all() {
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("grey-1x1.vqz", bytes(minimalGrey()));
        files.put("rgb-37x23-tiled-metadata.vqz", bytes(rgbTiled()));
        files.put("rgba-19x13-alpha.vqz", bytes(rgbaAlpha()));
        files.put("greyalpha-8x8-unknown-chunk.vqz", greyAlphaWithUnknownChunk());
        files.put("rgb-40x20-3-layers.vqz", bytes(rgbLayered()));
        return files;
    }

    /** Writes the golden files into the directory {@code args[0]}. */
    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args[0]);
        for (Map.Entry<String, byte[]> e : all().entrySet()) {
            Files.write(dir.resolve(e.getKey()), e.getValue());
        }
    }
}

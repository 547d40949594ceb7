package io.vqz.format;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Objects;
import java.util.zip.CRC32;

/**
 * Writes a {@link VqzContainer} as a {@code .vqz} file: signature, {@code VQHD}, the metadata chunks
 * ({@code iccp}, {@code exif}, {@code xmpd}) that are present, {@code ALPH} when there is alpha, {@code TTBL},
 * {@code TDAT} and {@code VEND}. Unknown chunks that a read container skipped are not written.
 * <p>
 * A container is valid once built, so writing fails only when the stream does. The stream is neither
 * buffered nor closed here; wrap it in a {@link java.io.BufferedOutputStream} for files. To leave no partial
 * file behind on failure, write to a temporary file and move it into place.
 * <p>
 * Thread-safe: stateless.
 *
 * @since 0.1
 */
public final class VqzWriter {

    private VqzWriter() {
    }

    /**
     * Writes {@code container} to {@code out}.
     *
     * @throws IOException if {@code out} fails
     */
    public static void write(VqzContainer container, OutputStream out) throws IOException {
        Objects.requireNonNull(container, "container");
        Objects.requireNonNull(out, "out");
        out.write(VqzFormat.magicBytes());
        chunk(out, Chunks.HEADER, HeaderCodec.encode(container.header()));
        VqzMetadata metadata = container.metadata();
        if (metadata.iccRaw() != null) {
            chunk(out, Chunks.ICC, metadata.iccRaw());
        }
        if (metadata.exifRaw() != null) {
            chunk(out, Chunks.EXIF, metadata.exifRaw());
        }
        if (metadata.xmpRaw() != null) {
            chunk(out, Chunks.XMP, metadata.xmpRaw());
        }
        if (container.alphaChunk() != null) {
            chunk(out, Chunks.ALPHA, container.alphaChunk());
        }
        chunk(out, Chunks.TILE_TABLE, container.table().encode());
        chunk(out, Chunks.TILE_DATA, container.tileData());
        chunk(out, Chunks.END, new byte[0]);
        out.flush();
    }

    private static void chunk(OutputStream out, String type, byte[] data) throws IOException {
        byte[] head = new byte[8];
        Chunks.put32(head, 0, data.length);
        byte[] typeBytes = Chunks.typeBytes(type);
        System.arraycopy(typeBytes, 0, head, 4, 4);
        out.write(head);
        out.write(data);
        CRC32 crc = new CRC32();
        crc.update(typeBytes);
        crc.update(data);
        byte[] tail = new byte[4];
        Chunks.put32(tail, 0, crc.getValue());
        out.write(tail);
    }
}

package io.vqz.format;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.util.Objects;
import java.util.zip.CRC32;

/**
 * Writes a {@link VqzContainer} as a {@code .vqz} file: signature, {@code VQHD}, the metadata chunks
 * ({@code iccp}, {@code exif}, {@code xmpd}) that are present, {@code ALPH} when there is alpha, {@code TTBL}
 * and {@code TDAT} for each code layer, and {@code VEND}. Unknown chunks that a read container skipped are not written.
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
        for (int l = 0; l < container.header().layers(); l++) {
            chunk(out, Chunks.TILE_TABLE, container.table(l).encode());
            chunk(out, Chunks.TILE_DATA, container.tileData(l));
        }
        chunk(out, Chunks.END, new byte[0]);
        out.flush();
    }

    /**
     * Writes the file on {@code in} with only its first {@code layers} code layers: a valid, smaller file of
     * lower quality, without decoding or re-encoding anything. The bytes up to the end of the last kept layer are
     * copied, the header's layer count (and its CRC) changed, and {@code VEND} appended; decoding the result
     * gives exactly what decoding the input with {@code layers} layers gives. The input is checked as by
     * {@link VqzReader#readIndex} (tile payloads are copied, not checked); its position is changed.
     *
     * @param in     the file, positioned at its signature
     * @param out    receives the trimmed file (neither buffered nor closed here)
     * @param layers how many layers to keep, 1..the input's layer count
     * @param limits limits for reading the input
     * @return the header of the written file
     * @throws VqzFormatException       if the input is malformed
     * @throws IllegalArgumentException if {@code layers} is not in 1..the input's layer count
     * @throws IOException              if {@code in} or {@code out} fails
     * @since 0.3
     */
    public static VqzHeader trim(SeekableByteChannel in, OutputStream out, int layers, VqzLimits limits)
            throws IOException {
        Objects.requireNonNull(out, "out");
        VqzTileIndex index = VqzReader.readIndex(in, limits);
        VqzHeader header = index.header();
        if (layers < 1 || layers > header.layers()) {
            throw new IllegalArgumentException("cannot keep " + layers + " layers of a file with "
                    + header.layers());
        }
        VqzHeader trimmed = header.toBuilder().layers(layers).build();
        ChunkInfo head = index.chunks().get(0);
        long from = head.offset() + head.totalLength();
        long to = index.layerEnd(layers);
        out.write(VqzFormat.magicBytes());
        chunk(out, Chunks.HEADER, HeaderCodec.encode(trimmed));
        in.position(index.base() + from);
        ByteBuffer buf = ByteBuffer.allocate(1 << 16);
        for (long left = to - from; left > 0; ) {
            buf.clear().limit((int) Math.min(buf.capacity(), left));
            int n = in.read(buf);
            if (n < 0) {
                throw new VqzFormatException("truncated: the input ends inside layer data", to - left);
            }
            out.write(buf.array(), 0, n);
            left -= n;
        }
        chunk(out, Chunks.END, new byte[0]);
        out.flush();
        return trimmed;
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

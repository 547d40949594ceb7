package io.vqz.format;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Reads {@code .vqz} files from streams of any (or unknown) length, following {@code docs/FORMAT.md}. The
 * stream must be positioned at the signature; offsets in exceptions count from there. Reading stops right
 * after the last chunk it needs, so the stream is never read further.
 * <p>
 * Every malformed input raises {@link VqzFormatException} naming the problem and byte offset, every size
 * above the {@link VqzLimits} raises {@link VqzLimitException}; errors of the stream itself pass through as
 * {@link IOException}. Nothing else escapes: no unchecked exception, no allocation beyond the limits.
 * <p>
 * Thread-safe: stateless (each call uses its own stream).
 *
 * @since 0.1
 */
public final class VqzReader {

    private VqzReader() {
    }

    /**
     * Reads the signature and the {@code VQHD} chunk and nothing more: the stream is left right after the
     * header chunk, no payload is read.
     *
     * @throws VqzFormatException if the signature or header is malformed or exceeds {@code limits}
     * @throws IOException        if the stream fails
     */
    public static VqzHeader readHeader(InputStream in, VqzLimits limits) throws IOException {
        ChunkInput input = new ChunkInput(Objects.requireNonNull(in, "in"));
        input.readSignature();
        return header(input, Objects.requireNonNull(limits, "limits"), new ArrayList<>());
    }

    /**
     * Reads a whole file up to and including its {@code VEND} chunk, checking every CRC, the chunk order, the
     * tile table and the alpha plane. Unknown ancillary chunks are skipped (their CRC still checked).
     *
     * @throws VqzFormatException if the input is malformed or exceeds {@code limits}
     * @throws IOException        if the stream fails
     */
    public static VqzContainer read(InputStream in, VqzLimits limits) throws IOException {
        ChunkInput input = new ChunkInput(Objects.requireNonNull(in, "in"));
        Objects.requireNonNull(limits, "limits");
        input.readSignature();
        List<ChunkInfo> chunks = new ArrayList<>();
        VqzHeader header = header(input, limits, chunks);
        int tileCount = header.tileCount();
        byte[] icc = null;
        byte[] exif = null;
        byte[] xmp = null;
        byte[] alphaChunk = null;
        byte[] alpha = null;
        TileTable table = null;
        byte[] tileData = null;
        while (true) {
            ChunkInput.Head head = input.next();
            if (head == null) {
                throw new VqzFormatException("truncated: the input ends before the " + (table == null
                        ? Chunks.TILE_TABLE : tileData == null ? Chunks.TILE_DATA : Chunks.END) + " chunk",
                        input.position());
            }
            if (chunks.size() >= limits.maxChunks()) {
                throw new VqzLimitException("chunk count", chunks.size() + 1L, limits.maxChunks(), head.offset);
            }
            chunks.add(new ChunkInfo(head.type, head.offset, head.length));
            long data = head.offset + 8;
            if (table != null && tileData == null && !head.type.equals(Chunks.TILE_DATA)) {
                throw new VqzFormatException("chunk " + head.type + " follows TTBL, where TDAT must be",
                        head.offset);
            }
            switch (head.type) {
                case Chunks.HEADER:
                    throw new VqzFormatException("duplicate VQHD chunk", head.offset);
                case Chunks.ICC:
                    icc = metadata(input, head, icc, table, limits);
                    break;
                case Chunks.EXIF:
                    exif = metadata(input, head, exif, table, limits);
                    break;
                case Chunks.XMP:
                    xmp = metadata(input, head, xmp, table, limits);
                    break;
                case Chunks.ALPHA:
                    beforeTable(head, alphaChunk, table);
                    if (!header.colourLayout().hasAlpha()) {
                        throw new VqzFormatException("ALPH chunk in a file whose colour layout "
                                + header.colourLayout() + " has no alpha", head.offset);
                    }
                    limit(head, "ALPH chunk length", limits.maxPayloadBytes());
                    alphaChunk = input.readData(head);
                    alpha = AlphaCodec.decode(alphaChunk, header.width(), header.height(), data);
                    break;
                case Chunks.TILE_TABLE:
                    beforeTable(head, null, table);
                    if (header.colourLayout().hasAlpha() && alphaChunk == null) {
                        throw new VqzFormatException("missing ALPH chunk before TTBL: colour layout "
                                + header.colourLayout() + " has alpha", head.offset);
                    }
                    if (head.length != TileTable.length(tileCount)) {
                        throw new VqzFormatException("TTBL chunk has " + head.length + " bytes, but " + tileCount
                                + " tiles need " + TileTable.length(tileCount), head.offset);
                    }
                    table = TileTable.decode(input.readData(head), tileCount, data);
                    break;
                case Chunks.TILE_DATA:
                    if (table == null || tileData != null) {
                        throw new VqzFormatException(table == null ? "TDAT chunk before TTBL"
                                : "duplicate TDAT chunk", head.offset);
                    }
                    limit(head, "TDAT chunk length", limits.maxPayloadBytes());
                    long end = table.offsets[tileCount];
                    if (head.length != end) {
                        throw new VqzFormatException(head.length > end ? "TDAT bytes " + end + ".."
                                + (head.length - 1) + " belong to no tile range" : "tile ranges end at " + end
                                + ", beyond the " + head.length + " bytes of TDAT", head.offset);
                    }
                    tileData = input.readData(head);
                    table.verify(tileData, data);
                    break;
                case Chunks.END:
                    if (tileData == null) {
                        throw new VqzFormatException("VEND chunk before the tile table and data", head.offset);
                    }
                    if (head.length != 0) {
                        throw new VqzFormatException("VEND chunk has " + head.length + " bytes, not 0", head.offset);
                    }
                    input.readData(head);
                    return new VqzContainer(header, VqzMetadata.wrap(icc, exif, xmp), alpha, alphaChunk,
                            tileData, table, chunks);
                default:
                    if (head.critical()) {
                        throw new VqzFormatException("unknown critical chunk " + head.type, head.offset);
                    }
                    limit(head, "unknown chunk length", limits.maxMetadataBytes());
                    input.skip(head);
                    break;
            }
        }
    }

    private static VqzHeader header(ChunkInput input, VqzLimits limits, List<ChunkInfo> chunks)
            throws IOException {
        ChunkInput.Head head = input.next();
        if (head == null) {
            throw new VqzFormatException("truncated: the input ends after the signature", input.position());
        }
        if (!head.type.equals(Chunks.HEADER)) {
            throw new VqzFormatException("first chunk is " + head.type + ", not VQHD", head.offset);
        }
        if (head.length < 1 || head.length > HeaderCodec.MAX_LENGTH) {
            throw new VqzFormatException("VQHD chunk length " + head.length + " is not in 1.."
                    + HeaderCodec.MAX_LENGTH, head.offset);
        }
        chunks.add(new ChunkInfo(head.type, head.offset, head.length));
        return HeaderCodec.decode(input.readData(head), head.offset + 8, limits);
    }

    private static byte[] metadata(ChunkInput input, ChunkInput.Head head, byte[] seen, TileTable table,
            VqzLimits limits) throws IOException {
        beforeTable(head, seen, table);
        limit(head, head.type + " chunk length", limits.maxMetadataBytes());
        return input.readData(head);
    }

    private static void beforeTable(ChunkInput.Head head, byte[] seen, TileTable table)
            throws VqzFormatException {
        boolean duplicateTable = table != null && head.type.equals(Chunks.TILE_TABLE);
        if (table != null && !duplicateTable) {
            throw new VqzFormatException("chunk " + head.type + " after the tile data; it must come before TTBL",
                    head.offset);
        }
        if (seen != null || duplicateTable) {
            throw new VqzFormatException("duplicate " + head.type + " chunk", head.offset);
        }
    }

    private static void limit(ChunkInput.Head head, String what, int limit) throws VqzLimitException {
        if (head.length > limit) {
            throw new VqzLimitException(what, head.length, limit, head.offset);
        }
    }
}

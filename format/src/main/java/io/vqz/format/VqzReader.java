package io.vqz.format;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.SeekableByteChannel;
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
        ChunkInput input = new ChunkInput(Objects.requireNonNull(in, "in"), -1);
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
        return container(parse(new ChunkInput(Objects.requireNonNull(in, "in"), -1), limits, false, false));
    }

    /**
     * Reads a file as {@link #read} does, except that an input cut short after its base layer (a download in
     * progress, a truncated copy) gives the code layers that are complete: the container's header counts those,
     * {@link VqzContainer#truncation()} says where the input ended and {@link VqzContainer#declaredLayers()} how many
     * the file declared. Every prefix of a file that ends after a layer's {@code TDAT} is such a picture
     * (docs/FORMAT.md 6.2). A cut inside the header, the metadata, the alpha plane or the base layer still throws.
     *
     * @throws VqzTruncatedException if the input ends before its base layer is complete
     * @throws VqzFormatException    if the input is malformed or exceeds {@code limits}
     * @throws IOException           if the stream fails
     * @since 0.8
     */
    public static VqzContainer readAvailable(InputStream in, VqzLimits limits) throws IOException {
        return container(parse(new ChunkInput(Objects.requireNonNull(in, "in"), -1), limits, false, true));
    }

    private static VqzContainer container(Parsed p) {
        int layers = p.tileData.size();
        return new VqzContainer(p.completeHeader(), p.metadata(), p.alpha, p.alphaChunk,
                p.tileData.toArray(new byte[0][]), p.tables.subList(0, layers).toArray(new TileTable[0]), p.chunks,
                p.truncation, p.header.layers());
    }

    /**
     * Reads everything but the tile payloads from a seekable source (a file), for random access to tiles: the
     * result tells where each tile lies and {@link VqzTileIndex#readTilePayload} fetches single tiles, so a
     * region can be decoded without reading the rest. The signature must start at the channel's current
     * position. Checks are those of {@link #read}, except that the {@code TDAT} chunk's CRC is not checked (its
     * data is skipped; each tile's own CRC is checked when it is read); in addition every chunk is checked
     * against the channel's size before anything is read or allocated for it.
     *
     * @throws VqzFormatException if the input is malformed or exceeds {@code limits}
     * @throws IOException        if the channel fails
     * @since 0.1
     */
    public static VqzTileIndex readIndex(SeekableByteChannel channel, VqzLimits limits) throws IOException {
        return index(channel, limits, false);
    }

    /**
     * As {@link #readIndex}, with an input cut short after its base layer giving the complete code layers, as
     * {@link #readAvailable} does.
     *
     * @throws VqzTruncatedException if the input ends before its base layer is complete
     * @since 0.8
     */
    public static VqzTileIndex readIndexAvailable(SeekableByteChannel channel, VqzLimits limits) throws IOException {
        return index(channel, limits, true);
    }

    private static VqzTileIndex index(SeekableByteChannel channel, VqzLimits limits, boolean available)
            throws IOException {
        long base = channel.position();
        Parsed p = parse(new ChunkInput(new ChannelStream(channel), channel.size() - base), limits, true, available);
        long[] dataOffsets = p.tileDataOffsets.stream().mapToLong(Long::longValue).toArray();
        return new VqzTileIndex(p.completeHeader(), p.metadata(), p.alpha,
                p.tables.subList(0, dataOffsets.length).toArray(new TileTable[0]), base, dataOffsets, p.chunks,
                p.truncation, p.header.layers());
    }

    /** What {@link #parse} found. */
    private static final class Parsed {
        final List<ChunkInfo> chunks = new ArrayList<>();
        VqzHeader header;
        byte[] icc;
        byte[] exif;
        byte[] xmp;
        byte[] alphaChunk;
        byte[] alpha;
        /** The tables and data of the layers read so far; {@code table} is the current layer's. */
        final List<TileTable> tables = new ArrayList<>();
        final List<byte[]> tileData = new ArrayList<>();
        final List<Long> tileDataOffsets = new ArrayList<>();
        TileTable table;
        boolean seenData;
        VqzTruncatedException truncation;

        /** The header, counting only the complete layers of a file cut short. */
        VqzHeader completeHeader() {
            int layers = tileDataOffsets.size();
            return layers == header.layers() ? header : header.toBuilder().layers(layers).build();
        }

        boolean allLayers() {
            return tileDataOffsets.size() == header.layers();
        }

        VqzMetadata metadata() {
            return VqzMetadata.wrap(icc, exif, xmp);
        }
    }

    private static Parsed parse(ChunkInput input, VqzLimits limits, boolean index, boolean available)
            throws IOException {
        Objects.requireNonNull(limits, "limits");
        input.readSignature();
        Parsed p = new Parsed();
        p.header = header(input, limits, p.chunks);
        try {
            return chunks(input, limits, index, p);
        } catch (VqzTruncatedException e) {
            if (!available || p.tileDataOffsets.isEmpty()) {
                throw e;
            }
            p.truncation = e; // the layers read so far are complete: their TDAT and CRC were read
            return p;
        }
    }

    private static Parsed chunks(ChunkInput input, VqzLimits limits, boolean index, Parsed p) throws IOException {
        List<ChunkInfo> chunks = p.chunks;
        VqzHeader header = p.header;
        int tileCount = header.tileCount();
        while (true) {
            ChunkInput.Head head = input.next();
            if (head == null) {
                throw new VqzTruncatedException("truncated: the input ends before the " + (p.table != null
                        && !p.seenData ? Chunks.TILE_DATA : p.allLayers() ? Chunks.END : Chunks.TILE_TABLE)
                        + " chunk", input.position());
            }
            if (chunks.size() >= limits.maxChunks()) {
                throw new VqzLimitException("chunk count", chunks.size() + 1L, limits.maxChunks(), head.offset);
            }
            chunks.add(new ChunkInfo(head.type, head.offset, head.length));
            long data = head.offset + 8;
            if (p.table != null && !p.seenData && !head.type.equals(Chunks.TILE_DATA)) {
                throw new VqzFormatException("chunk " + head.type + " follows TTBL, where TDAT must be",
                        head.offset);
            }
            if (header.formatVersion() >= 2 && p.seenData && !p.allLayers() && !head.type.equals(Chunks.TILE_TABLE)
                    && !head.type.equals(Chunks.END)) {
                throw new VqzFormatException("chunk " + head.type + " follows layer " + (p.tables.size() - 1)
                        + "'s TDAT, where layer " + p.tables.size() + "'s TTBL must be", head.offset);
            }
            if (header.formatVersion() >= 2 && p.allLayers() && !head.type.equals(Chunks.END)) {
                throw new VqzFormatException("chunk " + head.type + " follows the last layer's TDAT, where VEND "
                        + "must be", head.offset);
            }
            switch (head.type) {
                case Chunks.HEADER:
                    throw new VqzFormatException("duplicate VQHD chunk", head.offset);
                case Chunks.ICC:
                    p.icc = metadata(input, head, p.icc, p.table, limits);
                    break;
                case Chunks.EXIF:
                    p.exif = metadata(input, head, p.exif, p.table, limits);
                    break;
                case Chunks.XMP:
                    p.xmp = metadata(input, head, p.xmp, p.table, limits);
                    break;
                case Chunks.ALPHA:
                    beforeTable(head, p.alphaChunk, p.table);
                    if (!header.colourLayout().hasAlpha()) {
                        throw new VqzFormatException("ALPH chunk in a file whose colour layout "
                                + header.colourLayout() + " has no alpha", head.offset);
                    }
                    limit(head, "ALPH chunk length", limits.maxPayloadBytes());
                    p.alphaChunk = input.readData(head);
                    limits.checkMemory("the " + header.width() + " x " + header.height() + " alpha plane",
                            (long) header.width() * header.height());
                    p.alpha = AlphaCodec.decode(p.alphaChunk, header.width(), header.height(), data);
                    break;
                case Chunks.TILE_TABLE:
                    if (!p.seenData || p.allLayers()) {
                        beforeTable(head, null, p.table);
                    }
                    if (header.colourLayout().hasAlpha() && p.alphaChunk == null) {
                        throw new VqzFormatException("missing ALPH chunk before TTBL: colour layout "
                                + header.colourLayout() + " has alpha", head.offset);
                    }
                    if (head.length != TileTable.length(tileCount)) {
                        throw new VqzFormatException("TTBL chunk has " + head.length + " bytes, but " + tileCount
                                + " tiles need " + TileTable.length(tileCount), head.offset);
                    }
                    p.table = TileTable.decode(input.readData(head), tileCount, data);
                    p.tables.add(p.table);
                    p.seenData = false;
                    break;
                case Chunks.TILE_DATA:
                    if (p.table == null || p.seenData) {
                        throw new VqzFormatException(p.table == null ? "TDAT chunk before TTBL"
                                : "duplicate TDAT chunk", head.offset);
                    }
                    limit(head, "TDAT chunk length", limits.maxPayloadBytes());
                    long end = p.table.offsets[tileCount];
                    if (head.length != end) {
                        throw new VqzFormatException(head.length > end ? "TDAT bytes " + end + ".."
                                + (head.length - 1) + " belong to no tile range" : "tile ranges end at " + end
                                + ", beyond the " + head.length + " bytes of TDAT", head.offset);
                    }
                    p.seenData = true;
                    if (index) {
                        input.skipUnchecked(head);
                    } else {
                        byte[] tileData = input.readData(head);
                        p.table.verify(tileData, data);
                        p.tileData.add(tileData);
                    }
                    p.tileDataOffsets.add(data); // counted once the layer is complete
                    break;
                case Chunks.END:
                    if (!p.seenData) {
                        throw new VqzFormatException("VEND chunk before the tile table and data", head.offset);
                    }
                    if (!p.allLayers()) {
                        throw new VqzFormatException("VEND chunk after " + p.tileDataOffsets.size() + " of the "
                                + header.layers() + " layers the header declares", head.offset);
                    }
                    if (head.length != 0) {
                        throw new VqzFormatException("VEND chunk has " + head.length + " bytes, not 0", head.offset);
                    }
                    input.readData(head);
                    return p;
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
            throw new VqzTruncatedException("truncated: the input ends after the signature", input.position());
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

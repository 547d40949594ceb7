package io.vqz.format;

import java.io.IOException;

/**
 * What a decoder needs of a {@code .vqz} file: its header, metadata and alpha plane, and the payload of any tile
 * when it is needed. A {@link VqzContainer} holds every payload in memory; {@link VqzTileIndex#tiles} reads each
 * from a seekable source when asked, so a region decode reads only the tiles it needs.
 * <p>
 * Implementations are thread-safe: a decoder asks for tiles from several threads.
 *
 * @since 0.2
 */
public interface VqzTiles {
    /** The header. */
    VqzHeader header();

    /** The metadata, {@link VqzMetadata#EMPTY} when there is none. */
    VqzMetadata metadata();

    /** The alpha plane ({@code width * height} bytes, a new copy), or {@code null} without alpha. */
    byte[] alpha();

    /**
     * The entropy-coded bytes of tile {@code index} (tiles in raster order over the tile grid).
     *
     * @throws VqzFormatException if the tile cannot be read intact (truncated, CRC mismatch)
     * @throws IOException        if the source fails
     */
    byte[] tilePayload(int index) throws IOException;

    /**
     * The entropy-coded bytes of tile {@code index} of code layer {@code layer} (0: the base layer, the one
     * {@link #tilePayload(int)} returns).
     *
     * @throws VqzFormatException if the tile cannot be read intact (truncated, CRC mismatch)
     * @throws IOException        if the source fails
     * @since 0.3
     */
    byte[] tilePayload(int layer, int index) throws IOException;

    /**
     * Why this file holds fewer layers than its header declared, for a file read by {@link
     * VqzReader#readAvailable} or {@link VqzReader#readIndexAvailable} from an input cut short; empty for a
     * complete file. {@link #header()} counts only the complete layers.
     *
     * @since 0.8
     */
    default java.util.Optional<VqzTruncatedException> truncation() {
        return java.util.Optional.empty();
    }

    /**
     * The layers the file's header declared: {@code header().layers()} unless {@link #truncation()} cut some off.
     *
     * @since 0.8
     */
    default int declaredLayers() {
        return header().layers();
    }
}

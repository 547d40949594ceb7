package io.vqz.format;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** Encodes and decodes the data of the {@code VQHD} chunk (layout in docs/FORMAT.md). */
final class HeaderCodec {
    /** Bytes before the model name in version 1; versions 2 to 4 add the layer count. */
    static final int FIXED_LENGTH = 52;
    static final int MAX_LENGTH = FIXED_LENGTH + 1 + VqzHeader.MAX_MODEL_NAME_BYTES;
    /** Offset of the layer count (versions 2 to 4). */
    static final int LAYERS_OFFSET = 52;

    private HeaderCodec() {
    }

    static byte[] encode(VqzHeader h) {
        byte[] name = VqzHeader.encodeName(h.modelName());
        int fixed = fixedLength(h.formatVersion());
        byte[] b = new byte[fixed + name.length];
        b[0] = (byte) h.formatVersion();
        b[1] = (byte) h.colourLayout().code();
        Chunks.put16(b, 2, h.width());
        Chunks.put16(b, 4, h.height());
        b[6] = (byte) h.downsampling();
        b[7] = (byte) h.quality();
        Chunks.put16(b, 8, h.gridWidth());
        Chunks.put16(b, 10, h.gridHeight());
        Chunks.put16(b, 12, h.tileWidth());
        Chunks.put16(b, 14, h.tileHeight());
        Chunks.put16(b, 16, h.codebookSize());
        b[18] = (byte) h.cdfPrecisionBits();
        b[19] = (byte) name.length;
        System.arraycopy(h.modelId(), 0, b, 20, VqzHeader.MODEL_ID_LENGTH);
        if (h.formatVersion() >= 2) {
            b[LAYERS_OFFSET] = (byte) h.layers();
        }
        System.arraycopy(name, 0, b, fixed, name.length);
        return b;
    }

    static int fixedLength(int version) {
        return version >= 2 ? FIXED_LENGTH + 1 : FIXED_LENGTH;
    }

    /**
     * @param b    the chunk data (its length already checked to be 1..MAX_LENGTH)
     * @param base file offset of {@code b[0]}
     */
    static VqzHeader decode(byte[] b, long base, VqzLimits limits) throws VqzFormatException {
        int version = b[0] & 0xFF;
        if (version < VqzFormat.MIN_VERSION || version > VqzFormat.VERSION) {
            throw new VqzFormatException("unsupported format version " + version + " (this reader reads "
                    + VqzFormat.MIN_VERSION + ".." + VqzFormat.VERSION + ")", base);
        }
        int fixed = fixedLength(version);
        if (b.length < fixed) {
            throw new VqzFormatException("VQHD chunk has " + b.length + " bytes, fewer than " + fixed, base);
        }
        int nameLength = b[19] & 0xFF;
        if (b.length != fixed + nameLength) {
            throw new VqzFormatException("VQHD chunk has " + b.length + " bytes but a model name of "
                    + nameLength + " bytes needs " + (fixed + nameLength), base + 19);
        }
        int layers = version >= 2 ? b[LAYERS_OFFSET] & 0xFF : 1;
        check(VqzHeader.checkLayers(version, layers), base + LAYERS_OFFSET);
        int layoutCode = b[1] & 0xFF;
        if (layoutCode > 3) {
            throw new VqzFormatException("unknown colour layout code " + layoutCode, base + 1);
        }
        int width = Chunks.u16(b, 2);
        int height = Chunks.u16(b, 4);
        check(VqzHeader.checkDimension("width", width), base + 2);
        check(VqzHeader.checkDimension("height", height), base + 4);
        if ((long) width * height > limits.maxPixels()) {
            throw new VqzLimitException("pixel count " + width + "x" + height + " =", (long) width * height,
                    limits.maxPixels(), base + 2);
        }
        int f = b[6] & 0xFF;
        check(VqzHeader.checkDownsampling(f), base + 6);
        int quality = b[7] & 0xFF;
        check(VqzHeader.checkQuality(quality), base + 7);
        int gridWidth = (width + f - 1) / f;
        int gridHeight = (height + f - 1) / f;
        if (Chunks.u16(b, 8) != gridWidth) {
            throw new VqzFormatException("grid width " + Chunks.u16(b, 8) + " is not ceil(" + width + "/" + f
                    + ") = " + gridWidth, base + 8);
        }
        if (Chunks.u16(b, 10) != gridHeight) {
            throw new VqzFormatException("grid height " + Chunks.u16(b, 10) + " is not ceil(" + height + "/"
                    + f + ") = " + gridHeight, base + 10);
        }
        int tileWidth = Chunks.u16(b, 12);
        int tileHeight = Chunks.u16(b, 14);
        check(VqzHeader.checkTileSize("tile width", tileWidth, gridWidth), base + 12);
        check(VqzHeader.checkTileSize("tile height", tileHeight, gridHeight), base + 14);
        long tiles = TileGrid.count(gridWidth, gridHeight, tileWidth, tileHeight);
        check(VqzHeader.checkTileCount(tiles), base + 12);
        if (tiles > limits.maxTiles()) {
            throw new VqzLimitException("tile count", tiles, limits.maxTiles(), base + 12);
        }
        int bits = b[18] & 0xFF;
        check(VqzHeader.checkCdfPrecision(bits), base + 18);
        int k = Chunks.u16(b, 16);
        check(VqzHeader.checkCodebookSize(k, bits), base + 16);
        String name;
        try {
            name = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(b, fixed, nameLength)).toString();
        } catch (CharacterCodingException e) {
            throw new VqzFormatException("model name is not valid UTF-8", base + fixed, e);
        }
        return VqzHeader.builder().width(width).height(height).colourLayout(ColourLayout.fromCode(layoutCode))
                .modelId(Arrays.copyOfRange(b, 20, FIXED_LENGTH)).modelName(name).downsampling(f)
                .tileWidth(tileWidth).tileHeight(tileHeight).codebookSize(k).cdfPrecisionBits(bits)
                .quality(quality).formatVersion(version).layers(layers).build();
    }

    private static void check(String problem, long offset) throws VqzFormatException {
        if (problem != null) {
            throw new VqzFormatException(problem, offset);
        }
    }
}

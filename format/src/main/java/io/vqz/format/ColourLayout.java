package io.vqz.format;

/**
 * The colour layout of the coded image, stored as one byte in the header. The code grid always carries the
 * colour (or grey) bands; alpha, when present, is stored losslessly in its own chunk.
 *
 * @since 0.1
 */
public enum ColourLayout {
    /** One grey band. Code 0. */
    GREY(0, 1, false),
    /** Grey and 8-bit alpha. Code 1. */
    GREY_ALPHA(1, 2, true),
    /** Red, green, blue (sRGB). Code 2. */
    RGB(2, 3, false),
    /** Red, green, blue (sRGB) and 8-bit alpha. Code 3. */
    RGB_ALPHA(3, 4, true);

    private final int code;
    private final int bands;
    private final boolean alpha;

    ColourLayout(int code, int bands, boolean alpha) {
        this.code = code;
        this.bands = bands;
        this.alpha = alpha;
    }

    /** The number of bands including alpha: 1, 2, 3 or 4. */
    public int bands() {
        return bands;
    }

    /** Whether an alpha plane ({@code ALPH} chunk) belongs to images of this layout. */
    public boolean hasAlpha() {
        return alpha;
    }

    /** Whether the colour bands are red, green, blue (as opposed to one grey band). */
    public boolean isColour() {
        return bands >= 3;
    }

    /** The header byte for this layout. */
    public int code() {
        return code;
    }

    /**
     * The layout for a header byte.
     *
     * @throws IllegalArgumentException if {@code code} is not 0..3
     */
    public static ColourLayout fromCode(int code) {
        for (ColourLayout layout : values()) {
            if (layout.code == code) {
                return layout;
            }
        }
        throw new IllegalArgumentException("unknown colour layout code " + code);
    }
}

package io.vqz.format;

/**
 * Thrown when a {@code .vqz} input declares a size above a limit set in {@link VqzLimits} (pixels, tiles,
 * payload or metadata bytes, chunk count). The file may be well formed; raising the limit may let it be read.
 *
 * @since 0.1
 */
public class VqzLimitException extends VqzFormatException {
    private static final long serialVersionUID = 1L;

    private final long declared;
    private final long limit;

    /**
     * @param what     the quantity, e.g. {@code "pixel count"}
     * @param declared the size the input declares
     * @param limit    the limit it exceeds
     * @param offset   byte offset of the field that declares it
     */
    public VqzLimitException(String what, long declared, long limit, long offset) {
        super(what + " " + declared + " exceeds the limit " + limit + " set in VqzLimits", offset);
        this.declared = declared;
        this.limit = limit;
    }

    /** The size the input declares. */
    public long declared() {
        return declared;
    }

    /** The limit it exceeds. */
    public long limit() {
        return limit;
    }
}

package io.vqz.format;

/**
 * Thrown when a {@code .vqz} input declares a size above a limit set in {@link VqzLimits} (pixels, tiles,
 * payload or metadata bytes, chunk count), or when decoding it would need more memory than the budget
 * {@link VqzLimits#memoryBudget()} allows. The file may be well formed; raising the limit may let it be read.
 * The message names the limit and how to raise it.
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

    /**
     * A memory budget exceeded: {@code needed} bytes against a budget of {@code limit}; {@link #offset()} is -1.
     *
     * @param problem the whole message: what needs the memory, the budget, and how to raise it
     * @since 0.2
     */
    public VqzLimitException(String problem, long needed, long limit) {
        super(problem);
        this.declared = needed;
        this.limit = limit;
    }

    /** The size the input declares (for memory: the bytes that decoding it needs). */
    public long declared() {
        return declared;
    }

    /** The limit it exceeds. */
    public long limit() {
        return limit;
    }
}

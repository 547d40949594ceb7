package io.vqz.format;

/**
 * Thrown when a {@code .vqz} input ends before its {@code VEND} chunk: a download in progress, a truncated copy.
 * {@link #offset()} is where the input ends. What the file holds up to there may still be a picture: {@link
 * VqzReader#readAvailable} returns the code layers that are complete.
 *
 * @since 0.8
 */
public class VqzTruncatedException extends VqzFormatException {
    private static final long serialVersionUID = 1L;

    /**
     * @param problem what is cut short, without the offset (it is appended)
     * @param offset  the byte offset where the input ends
     */
    public VqzTruncatedException(String problem, long offset) {
        super(problem, offset);
    }
}

package io.vqz.entropy;

import java.io.IOException;

/**
 * Thrown when an entropy-coded payload cannot be decoded: it ended early, it has bytes after the last symbol,
 * or the decoder reached a state that no encoder can produce.
 * <p>
 * A range-coded stream has no redundancy, so most corruptions decode to other (wrong) symbols without being
 * detected here; the container's checksums are what catch those.
 *
 * @since 0.1
 */
public class EntropyDecodingException extends IOException {
    private static final long serialVersionUID = 1L;

    /** @param message what went wrong */
    public EntropyDecodingException(String message) {
        super(message);
    }

    /**
     * @param message what went wrong
     * @param cause   the underlying error
     */
    public EntropyDecodingException(String message, Throwable cause) {
        super(message, cause);
    }
}

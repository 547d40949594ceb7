package io.vqz.format;

import java.io.IOException;

/**
 * Thrown for every malformed or unacceptable {@code .vqz} input: wrong signature, truncation, a CRC mismatch,
 * an inconsistent header, a bad tile table, misordered or duplicate chunks, an unsupported version, or a
 * declared size above the caller's {@link VqzLimits} (then the subclass {@link VqzLimitException}).
 * <p>
 * The message names the problem and ends with the byte offset (from the first byte of the signature) of the
 * field where it was found; {@link #offset()} gives the same number.
 *
 * @since 0.1
 */
public class VqzFormatException extends IOException {
    private static final long serialVersionUID = 1L;

    private final long offset;
    private final String problem;

    /**
     * @param problem what is wrong, without the offset (it is appended)
     * @param offset  byte offset of the offending field, counted from the first byte of the signature
     */
    public VqzFormatException(String problem, long offset) {
        this(problem, offset, null);
    }

    /**
     * @param problem what is wrong, without the offset (it is appended)
     * @param offset  byte offset of the offending field, counted from the first byte of the signature
     * @param cause   the underlying error, for example a {@link java.util.zip.DataFormatException}
     */
    public VqzFormatException(String problem, long offset, Throwable cause) {
        super(problem + " (at byte offset " + offset + ")", cause);
        this.problem = problem;
        this.offset = offset;
    }

    /**
     * For a problem that no single field of the input causes (a {@link VqzLimitException} for memory): the
     * message is the problem alone and {@link #offset()} is -1.
     *
     * @param problem what is wrong
     * @since 0.2
     */
    protected VqzFormatException(String problem) {
        super(problem);
        this.problem = problem;
        this.offset = -1;
    }

    /**
     * The byte offset of the offending field, counted from the first byte of the signature; -1 when the problem
     * lies in no single field.
     */
    public long offset() {
        return offset;
    }

    /** The problem alone, without the offset suffix of {@link #getMessage()}. */
    public String problem() {
        return problem;
    }
}

package io.vqz.codec;

import java.io.InterruptedIOException;
import java.util.function.BooleanSupplier;
import java.util.function.DoubleConsumer;

/**
 * Counts an encode's work units and polls its abort check. Used only by the encoding thread, so the listener
 * hears a non-decreasing sequence from one thread.
 */
final class EncodeProgress {
    private final DoubleConsumer listener;
    private final BooleanSupplier abort;
    private final long total;
    private long done;

    EncodeProgress(EncodeOptions options, long total) {
        this.listener = options.progress();
        this.abort = options.abort();
        this.total = Math.max(1, total);
    }

    /** Records finished units, reports the fraction, then polls the abort check. */
    void done(long units) throws InterruptedIOException {
        done = Math.min(total, done + units);
        if (listener != null) {
            listener.accept(done == total ? 1.0 : done / (double) total);
        }
        check();
    }

    void check() throws InterruptedIOException {
        if (abort != null && abort.getAsBoolean()) {
            throw new InterruptedIOException("encoding aborted");
        }
    }
}

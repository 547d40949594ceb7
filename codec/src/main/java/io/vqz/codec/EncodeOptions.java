package io.vqz.codec;

import java.util.Objects;
import java.util.function.BooleanSupplier;
import java.util.function.DoubleConsumer;

/**
 * Options of one encode: a progress listener and an abort check, the counterpart of {@link DecodeOptions}.
 * Immutable.
 * <p>
 * Both are called only from the thread that called {@link VqzEncoder#encode}, never concurrently, so they need
 * no synchronisation of their own: the worker threads that code tiles report back to that thread.
 *
 * @since 0.1
 */
public final class EncodeOptions {
    /** No listener, no abort check. */
    public static final EncodeOptions DEFAULT = builder().build();

    private final DoubleConsumer progress;
    private final BooleanSupplier abort;

    private EncodeOptions(Builder b) {
        this.progress = b.progress;
        this.abort = b.abort;
    }

    /** A builder with the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** The progress listener (receives 0..1, non-decreasing, on the calling thread), or null. */
    public DoubleConsumer progress() {
        return progress;
    }

    /** The abort check (polled between encoder network blocks and between tiles), or null. */
    public BooleanSupplier abort() {
        return abort;
    }

    /** Builds {@link EncodeOptions}. Not thread-safe. */
    public static final class Builder {
        private DoubleConsumer progress;
        private BooleanSupplier abort;

        private Builder() {
        }

        /**
         * Called with the fraction done, 0..1 and never decreasing, from the encoding thread, after every encoder
         * network block and every entropy-coded tile; the last call is 1.0, before the file is written.
         */
        public Builder progress(DoubleConsumer progress) {
            this.progress = progress;
            return this;
        }

        /**
         * Polled from the encoding thread between encoder network blocks and between tiles; when it returns true
         * the encode stops with {@link java.io.InterruptedIOException} and nothing is written.
         */
        public Builder abort(BooleanSupplier abort) {
            this.abort = abort;
            return this;
        }

        /** The options. */
        public EncodeOptions build() {
            return new EncodeOptions(this);
        }
    }

    @Override
    public String toString() {
        return "EncodeOptions[progress=" + (progress != null) + ", abort=" + (abort != null) + "]";
    }

    static EncodeOptions orDefault(EncodeOptions o) {
        return Objects.requireNonNullElse(o, DEFAULT);
    }
}

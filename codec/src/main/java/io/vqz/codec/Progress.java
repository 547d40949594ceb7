package io.vqz.codec;

import java.io.InterruptedIOException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.DoubleConsumer;

/**
 * The one progress and abort contract of encode and decode: the caller's listener and abort check are called on
 * the calling thread only, the listener with a non-decreasing fraction. Worker threads only count finished work
 * ({@link #finished}) and stop when the caller's thread has seen the abort ({@link #stopped}); the calling
 * thread reports and polls while it waits for them ({@link #await}). An interrupt of the calling thread is an
 * abort too: the call ends with {@link InterruptedIOException} and the thread stays interrupted.
 */
final class Progress {
    /** How often a waiting caller's thread reports and polls the abort check. */
    private static final long POLL_MILLIS = 20;

    private final DoubleConsumer listener;
    private final BooleanSupplier abort;
    private final String what;
    private final AtomicLong done = new AtomicLong();
    private volatile boolean aborted;
    private long total = 1;
    private double reported = -1;
    private final Thread caller = Thread.currentThread();

    /** @param what "encoding" or "decoding", for the abort message */
    Progress(DoubleConsumer listener, BooleanSupplier abort, String what) {
        this.listener = listener;
        this.abort = abort;
        this.what = what;
    }

    static Progress of(EncodeOptions o) {
        return new Progress(o.progress(), o.abort(), "encoding");
    }

    static Progress of(DecodeOptions o) {
        return new Progress(o.progress(), o.abort(), "decoding");
    }

    /** Sets the number of work units (calling thread, before the work). */
    void total(long units) {
        total = Math.max(1, units);
    }

    /** Counts finished units; any thread. */
    void finished(long units) {
        done.addAndGet(units);
    }

    /** Whether the caller aborted: worker threads stop at their next unit; a task run inline polls the abort. */
    boolean stopped() {
        if (!aborted && Thread.currentThread() == caller) {
            try {
                check();
            } catch (InterruptedIOException e) {
                return true;
            }
        }
        return aborted;
    }

    /** Counts finished units and reports (calling thread). */
    void done(long units) throws InterruptedIOException {
        finished(units);
        report();
    }

    /** Reports the fraction done if it grew, then polls the abort check (calling thread). */
    void report() throws InterruptedIOException {
        double f = Math.min(1.0, done.get() / (double) total);
        if (listener != null && f > reported) {
            reported = f;
            listener.accept(f);
        }
        check();
    }

    /** Polls the abort check (calling thread). */
    void check() throws InterruptedIOException {
        if (aborted || abort != null && abort.getAsBoolean() || Thread.currentThread().isInterrupted()) {
            aborted = true;
            throw new InterruptedIOException(what + " aborted");
        }
    }

    /** Waits for a worker's task, reporting and polling meanwhile (calling thread); rethrows as it threw. */
    <T> T await(Future<T> f) throws java.io.IOException {
        while (true) {
            try {
                f.get(POLL_MILLIS, TimeUnit.MILLISECONDS);
                break;
            } catch (TimeoutException e) {
                report();
            } catch (InterruptedException e) {
                aborted = true;
                Thread.currentThread().interrupt();
                throw new InterruptedIOException(what + " interrupted");
            } catch (java.util.concurrent.ExecutionException e) {
                break; // Workers.join rethrows it as the task threw it
            }
        }
        T value = Workers.join(f);
        report();
        return value;
    }
}

package io.vqz.codec;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A pool of daemon threads for one encode or decode call; {@code threads == 1} runs tasks inline.
 * <p>
 * The first task that fails stops the rest: every task that has not started by then fails with that same
 * exception instead of running, so a bad file costs the work up to its first bad tile, whatever the thread
 * count (one thread used to decode all 612 bad tiles of a 7.5 KB file).
 */
final class Workers implements AutoCloseable {
    interface Task<T> {
        T call() throws IOException;
    }

    private static final AtomicInteger COUNTER = new AtomicInteger();

    private final ExecutorService pool;
    private final AtomicReference<Throwable> failure = new AtomicReference<>();

    Workers(int threads) {
        this(threads <= 1 ? null : pool(threads));
    }

    private Workers(ExecutorService pool) {
        this.pool = pool;
    }

    /** One thread that runs tasks one after another, never inline: its caller may poll while it waits. */
    static Workers background() {
        return new Workers(pool(1));
    }

    private static ExecutorService pool(int threads) {
        return Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "vqz-codec-" + COUNTER.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    static int defaultThreads() {
        return Math.max(1, Runtime.getRuntime().availableProcessors());
    }

    <T> Future<T> submit(Task<T> task) {
        if (pool == null) {
            CompletableFuture<T> f = new CompletableFuture<>();
            try {
                f.complete(run(task));
            } catch (IOException | RuntimeException | Error e) {
                f.completeExceptionally(e);
            }
            return f;
        }
        return pool.submit(() -> run(task));
    }

    private <T> T run(Task<T> task) throws IOException {
        Throwable first = failure.get();
        if (first != null) {
            rethrow(first);
        }
        try {
            return task.call();
        } catch (IOException | RuntimeException | Error e) {
            failure.compareAndSet(null, e);
            throw e;
        }
    }

    private static void rethrow(Throwable t) throws IOException {
        if (t instanceof IOException) {
            throw (IOException) t;
        }
        if (t instanceof RuntimeException) {
            throw (RuntimeException) t;
        }
        throw (Error) t;
    }

    /** Waits for a task, rethrowing its exception as thrown. */
    static <T> T join(Future<T> f) throws IOException {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted");
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof IOException || c instanceof RuntimeException || c instanceof Error) {
                rethrow(c);
            }
            throw new IOException(c);
        }
    }

    @Override
    public void close() {
        if (pool != null) {
            pool.shutdownNow();
        }
    }
}

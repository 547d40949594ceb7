package io.vqz.codec;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/** A pool of daemon threads for one encode or decode call; {@code threads == 1} runs tasks inline. */
final class Workers implements AutoCloseable {
    interface Task<T> {
        T call() throws IOException;
    }

    private static final AtomicInteger COUNTER = new AtomicInteger();

    private final ExecutorService pool;

    Workers(int threads) {
        this.pool = threads <= 1 ? null : Executors.newFixedThreadPool(threads, r -> {
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
            java.util.concurrent.CompletableFuture<T> f = new java.util.concurrent.CompletableFuture<>();
            try {
                f.complete(task.call());
            } catch (IOException | RuntimeException | Error e) {
                f.completeExceptionally(e);
            }
            return f;
        }
        return pool.submit(task::call);
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
            if (c instanceof IOException) {
                throw (IOException) c;
            }
            if (c instanceof RuntimeException) {
                throw (RuntimeException) c;
            }
            if (c instanceof Error) {
                throw (Error) c;
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

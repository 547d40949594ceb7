package io.vqz.format;

import java.io.InterruptedIOException;
import java.util.concurrent.TimeUnit;

/**
 * The process-wide ledger of Java heap promised to decodes and encodes that are running. Checking each decode
 * against the heap that is free when it starts let sixteen decodes that started together all see the same free
 * heap and all go ahead; here each one's need is reserved before it allocates and released when it ends, so a
 * decode that would not fit beside those already running waits for one of them to end, or fails with
 * {@link VqzLimitException} when it would not fit even alone or has waited {@link VqzLimits#memoryWaitMillis()}.
 * <p>
 * The heap that is not the decodes' own ({@code others}: the host's data, the models, garbage) is the heap in
 * use when no reservation is held, lowered by later readings while some are (a decode that has allocated part of
 * its reservation is then not counted twice) and raised to what is in use beyond all reservations (a finished
 * decode's picture, which its caller still holds, is not reserved any more but still takes the heap). A decode that does not fit beside running ones
 * waits rather than fails, since only a reading with none running says whether it fits alone. Thread-safe.
 */
final class HeapReservations {
    static final HeapReservations JVM = new HeapReservations();

    private final ThreadLocal<Reservation> held = new ThreadLocal<>();
    private long reserved;
    private int holders;
    private long others;

    private HeapReservations() {
    }

    /** What a thread holds: released once, by the thread's own {@link #close}. */
    final class Reservation implements VqzLimits.MemoryReservation {
        private final long bytes;
        private boolean open = true;

        private Reservation(long bytes) {
            this.bytes = bytes;
        }

        @Override
        public long bytes() {
            return bytes;
        }

        @Override
        public void close() {
            release(this);
        }
    }

    /**
     * Reserves {@code bytes} of the heap, waiting up to {@code waitMillis} for running decodes to release theirs.
     * A thread that already holds a reservation (an ImageIO reader reserves its destination and the decode
     * together) gets a nested one that reserves nothing.
     */
    VqzLimits.MemoryReservation reserve(String what, long bytes, long waitMillis, String otherwise)
            throws VqzLimitException,
            InterruptedIOException {
        if (held.get() != null) {
            return NESTED;
        }
        Runtime rt = Runtime.getRuntime();
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(waitMillis);
        boolean collected = false;
        synchronized (this) {
            while (true) {
                long used = rt.totalMemory() - rt.freeMemory();
                // with decodes running, what is in use counts theirs too: a lower reading may replace others, and
                // what is in use beyond all the reservations raises it (a finished decode's picture, still held by
                // its caller, is no longer reserved but still there)
                long notReserved = holders == 0 ? used : Math.max(Math.min(others, used), used - reserved);
                long max = rt.maxMemory();
                // beside running decodes, a quarter of the heap stays the collector's: each image is one large
                // array, placed in contiguous free regions (measured: 7 decodes at 90 % of a 1 GiB heap, 9 OOMs)
                long room = holders == 0 ? max : max - max / 4;
                if (notReserved + reserved + bytes <= room) {
                    Reservation r = new Reservation(bytes);
                    others = notReserved;
                    holders++;
                    reserved += bytes;
                    held.set(r);
                    return r;
                }
                if (!collected) {
                    System.gc(); // garbage alone never refuses or delays a decode
                    collected = true;
                    continue;
                }
                long alone = max - notReserved;
                if (holders == 0) { // measured alone, after a collection: it will not fit however long it waits
                    throw VqzLimits.heapExceeded(what, bytes, alone, otherwise);
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new VqzLimitException(what + " needs " + VqzLimits.mib(bytes) + " of the Java heap, and "
                            + holders + " running decodes held " + VqzLimits.mib(reserved) + " of its "
                            + VqzLimits.mib(max) + " for " + waitMillis
                            + " ms; raise the heap with -Xmx, run fewer decodes at once, or wait longer "
                            + "(VqzLimits.Builder.memoryWaitMillis, -Dvqz.limits.memoryWaitMillis)", bytes,
                            alone - reserved);
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(this, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new InterruptedIOException("interrupted while waiting for " + VqzLimits.mib(bytes)
                            + " of the Java heap");
                }
                collected = false;
            }
        }
    }

    private synchronized void release(Reservation r) {
        if (!r.open) {
            return;
        }
        r.open = false;
        reserved -= r.bytes;
        holders--;
        if (held.get() == r) {
            held.remove();
        }
        notifyAll();
    }

    /** The bytes reserved now, for tests and diagnostics. */
    synchronized long reserved() {
        return reserved;
    }

    private static final VqzLimits.MemoryReservation NESTED = new VqzLimits.MemoryReservation() {
        @Override
        public long bytes() {
            return 0;
        }

        @Override
        public void close() {
        }
    };
}

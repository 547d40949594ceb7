package io.vqz.format;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.InterruptedIOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The process-wide heap ledger: reserve, nest, wait, time out, refuse; every reservation released. */
class MemoryReservationTest {
    private static final long MIB = 1 << 20;

    @AfterEach
    void nothingStaysReserved() {
        assertEquals(0, HeapReservations.JVM.reserved());
    }

    /** A share of the heap that fits alone and beside nothing else as large: about 60 % of what is free. */
    private static long big() {
        Runtime rt = Runtime.getRuntime();
        return (rt.maxMemory() - (rt.totalMemory() - rt.freeMemory())) * 6 / 10;
    }

    @Test
    void aReservationIsHeldUntilClosedAndAThreadsNestedOnesAddNothing() throws Exception {
        try (VqzLimits.MemoryReservation r = VqzLimits.DEFAULT.reserveMemory("decoding a", 64 * MIB)) {
            assertEquals(64 * MIB, r.bytes());
            assertEquals(64 * MIB, HeapReservations.JVM.reserved());
            try (VqzLimits.MemoryReservation nested = VqzLimits.DEFAULT.reserveMemory("decoding b", 32 * MIB)) {
                assertEquals(0, nested.bytes());
                assertEquals(64 * MIB, HeapReservations.JVM.reserved());
            }
            r.close();
            r.close(); // released once
        }
    }

    @Test
    void aDecodeThatDoesNotFitBesideARunningOneWaitsForIt() throws Exception {
        long bytes = big();
        VqzLimits patient = VqzLimits.builder().memoryWaitMillis(30_000).build();
        CompletableFuture<Long> second;
        try (VqzLimits.MemoryReservation first = patient.reserveMemory("decoding a", bytes)) {
            second = CompletableFuture.supplyAsync(() -> {
                try (VqzLimits.MemoryReservation r = patient.reserveMemory("decoding b", bytes)) {
                    return r.bytes();
                } catch (Exception e) {
                    return -1L;
                }
            });
            Thread.sleep(300);
            assertTrue(!second.isDone(), "the second decode waits while the first holds the heap");
        }
        assertEquals(bytes, second.get(30, TimeUnit.SECONDS));
    }

    @Test
    void aDecodeThatWaitedTooLongFailsWithTheLimitErrorSayingWhy() throws Exception {
        long bytes = big();
        VqzLimits impatient = VqzLimits.builder().memoryWaitMillis(100).build();
        try (VqzLimits.MemoryReservation first = impatient.reserveMemory("decoding a", bytes)) {
            Exception e = onAnotherThread(() -> impatient.reserveMemory("decoding b", bytes).close());
            assertTrue(e instanceof VqzLimitException, String.valueOf(e));
            assertTrue(e.getMessage().contains("1 running decodes held") && e.getMessage().contains("memoryWaitMillis"),
                    e.getMessage());
        }
    }

    interface Reserve {
        void run() throws Exception;
    }

    /** What the task threw on a thread of its own (a thread holds one reservation at a time), or null. */
    private static Exception onAnotherThread(Reserve task) throws Exception {
        return CompletableFuture.supplyAsync(() -> {
            try {
                task.run();
                return null;
            } catch (Exception e) {
                return e;
            }
        }).get(30, TimeUnit.SECONDS);
    }

    @Test
    void whatDoesNotFitAloneFailsAtOnceAndAFixedBudgetIsPerDecode() {
        VqzLimitException heap = assertThrows(VqzLimitException.class,
                () -> VqzLimits.DEFAULT.reserveMemory("decoding huge", Runtime.getRuntime().maxMemory() + MIB));
        assertTrue(heap.getMessage().contains("-Xmx"), heap.getMessage());
        VqzLimits fixed = VqzLimits.builder().maxMemoryBytes(10 * MIB).build();
        VqzLimitException e = assertThrows(VqzLimitException.class, () -> fixed.reserveMemory("decoding x", 11 * MIB));
        assertTrue(e.getMessage().contains("maxMemoryBytes"), e.getMessage());
    }

    @Test
    void anInterruptedWaitEndsWithInterruptedIoException() throws Exception {
        long bytes = big();
        try (VqzLimits.MemoryReservation first = VqzLimits.DEFAULT.reserveMemory("decoding a", bytes)) {
            CompletableFuture<Throwable> waiting = new CompletableFuture<>();
            Thread t = new Thread(() -> {
                try {
                    VqzLimits.DEFAULT.reserveMemory("decoding b", bytes).close();
                    waiting.complete(null);
                } catch (Exception e) {
                    waiting.complete(e);
                }
            });
            t.start();
            Thread.sleep(200);
            t.interrupt();
            assertTrue(waiting.get(10, TimeUnit.SECONDS) instanceof InterruptedIOException);
        }
    }
}

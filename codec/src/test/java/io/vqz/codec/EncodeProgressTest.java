package io.vqz.codec;

import org.junit.jupiter.api.Test;

import java.io.InterruptedIOException;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class EncodeProgressTest {
    @Test
    void reportsFractionsEndingExactlyAtOne() throws InterruptedIOException {
        List<Double> seen = new ArrayList<>();
        EncodeProgress p = new EncodeProgress(EncodeOptions.builder().progress(seen::add).build(), 3);
        p.done(1);
        p.done(1);
        p.done(1);
        p.done(1); // more units than announced never pass 1.0
        assertEquals(List.of(1 / 3.0, 2 / 3.0, 1.0, 1.0), seen);
    }

    @Test
    void abortIsPolledAfterEveryReport() throws InterruptedIOException {
        boolean[] stop = {false};
        EncodeProgress p = new EncodeProgress(EncodeOptions.builder().abort(() -> stop[0]).build(), 4);
        p.check();
        p.done(1);
        stop[0] = true;
        assertThrows(InterruptedIOException.class, p::check);
        assertThrows(InterruptedIOException.class, () -> p.done(1));
    }
}

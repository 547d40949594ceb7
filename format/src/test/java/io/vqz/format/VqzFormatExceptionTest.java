package io.vqz.format;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.io.IOException;
import org.junit.jupiter.api.Test;

class VqzFormatExceptionTest {

    @Test
    void appendsTheOffset() {
        IOException cause = new IOException("x");
        VqzFormatException e = new VqzFormatException("bad thing", 42, cause);
        assertEquals("bad thing (at byte offset 42)", e.getMessage());
        assertEquals("bad thing", e.problem());
        assertEquals(42, e.offset());
        assertSame(cause, e.getCause());
    }
}

package io.vqz.format;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class VqzLimitExceptionTest {

    @Test
    void namesDeclaredSizeAndLimit() {
        VqzLimitException e = new VqzLimitException("tile count", 10, 5, 20);
        assertEquals("tile count 10 exceeds the limit 5 set in VqzLimits (at byte offset 20)", e.getMessage());
        assertEquals(10, e.declared());
        assertEquals(5, e.limit());
        assertEquals(20, e.offset());
    }
}

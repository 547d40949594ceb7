package io.vqz.codec;

import org.junit.jupiter.api.Test;

import java.util.function.BooleanSupplier;
import java.util.function.DoubleConsumer;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

class EncodeOptionsTest {
    @Test
    void defaultsHaveNoListenerAndNoAbort() {
        assertNull(EncodeOptions.DEFAULT.progress());
        assertNull(EncodeOptions.DEFAULT.abort());
        assertSame(EncodeOptions.DEFAULT, EncodeOptions.orDefault(null));
    }

    @Test
    void builderKeepsWhatItIsGiven() {
        DoubleConsumer listener = p -> { };
        BooleanSupplier abort = () -> false;
        EncodeOptions o = EncodeOptions.builder().progress(listener).abort(abort).build();
        assertSame(listener, o.progress());
        assertSame(abort, o.abort());
        assertSame(o, EncodeOptions.orDefault(o));
    }
}

package io.vqz.format;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ChannelStreamTest {

    @Test
    void readsAndSeeks() throws Exception {
        BytesChannel ch = new BytesChannel(new byte[] {1, 2, 3, 4, 5});
        ChannelStream in = new ChannelStream(ch);
        assertEquals(1, in.read());
        assertEquals(2, in.skip(2));
        assertEquals(4, in.read());
        assertEquals(1, in.skip(10));
        assertEquals(-1, in.read());
        assertEquals(2, ch.bytesRead);
    }
}

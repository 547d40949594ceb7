package io.vqz.format;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import org.junit.jupiter.api.Test;

class ChunkInputTest {

    @Test
    void readsHeadsAndCountsBytes() throws Exception {
        byte[] file = GoldenFiles.bytes(GoldenFiles.minimalGrey());
        ChunkInput in = new ChunkInput(new ByteArrayInputStream(file), -1);
        in.readSignature();
        ChunkInput.Head head = in.next();
        assertEquals("VQHD", head.type);
        assertEquals(8, head.offset);
        assertTrue(head.critical());
        in.skip(head);
        assertEquals(8 + 12 + 52, in.position());
        int chunks = 1;
        while ((head = in.next()) != null) {
            in.readData(head);
            chunks++;
        }
        assertEquals(4, chunks);
        assertEquals(file.length, in.position());
        assertNull(in.next());
    }

    @Test
    void allocatesOnlyWhatTheInputHolds() {
        // A chunk declaring 2 GiB - 1 bytes on a short stream: the reader must fail on truncation, not
        // allocate 2 GiB (the test JVM has less), and it must not run out of memory either.
        byte[] head = {0, 0, 0, 0, 0x7F, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 'a', 'b', 'c', 'd', 1, 2, 3};
        byte[] file = new byte[8 + head.length - 4];
        System.arraycopy(VqzFormat.magicBytes(), 0, file, 0, 8);
        System.arraycopy(head, 4, file, 8, head.length - 4);
        ChunkInput in = new ChunkInput(new ByteArrayInputStream(file), -1);
        VqzFormatException e = assertThrows(VqzFormatException.class, () -> {
            in.readSignature();
            in.readData(in.next());
        });
        assertTrue(e.problem().contains("declares 2147483647 bytes but the input ends after 3"), e::getMessage);
        assertEquals(file.length, e.offset());
    }

    @Test
    void readsInGrowingStepsAcrossManyMegabytes() throws Exception {
        int length = 5_000_000;
        InputStream data = new InputStream() {
            int left = length;

            @Override
            public int read() {
                return left-- > 0 ? 7 : -1;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (left <= 0) {
                    return -1;
                }
                int n = Math.min(Math.min(len, left), 4096);
                java.util.Arrays.fill(b, off, off + n, (byte) 7);
                left -= n;
                return n;
            }
        };
        ChunkInput.Head head = new ChunkInput.Head(0, length, Chunks.typeBytes("TDAT"));
        ChunkInput in = new ChunkInput(data, -1);
        VqzFormatException e = assertThrows(VqzFormatException.class, () -> in.readData(head));
        assertTrue(e.problem().contains("inside the CRC"), e::getMessage);
        assertEquals(length, in.position());
    }

    @Test
    void checksDeclaredLengthsAgainstAKnownLength() throws Exception {
        byte[] file = GoldenFiles.bytes(GoldenFiles.minimalGrey());
        ChunkInput in = new ChunkInput(new ByteArrayInputStream(file), file.length - 1);
        in.readSignature();
        in.skip(in.next());
        in.skip(in.next());
        in.skip(in.next());
        VqzFormatException e = assertThrows(VqzFormatException.class, in::next);
        assertTrue(e.problem().contains("chunk VEND declares 0 bytes, more than the 0 left"), e::getMessage);
        assertEquals(file.length - 12, e.offset());
    }
}

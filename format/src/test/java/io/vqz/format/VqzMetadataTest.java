package io.vqz.format;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class VqzMetadataTest {

    @Test
    void copiesInAndOut() {
        byte[] icc = {1, 2, 3};
        VqzMetadata m = VqzMetadata.of(icc, null, new byte[0]);
        icc[0] = 9;
        assertArrayEquals(new byte[] {1, 2, 3}, m.icc());
        m.icc()[1] = 9;
        assertArrayEquals(new byte[] {1, 2, 3}, m.icc());
        assertNull(m.exif());
        assertArrayEquals(new byte[0], m.xmp());
        assertFalse(m.isEmpty());
    }

    @Test
    void withersReplaceOneItem() {
        VqzMetadata m = VqzMetadata.EMPTY.withExif(new byte[] {7}).withXmp(new byte[] {8}).withIcc(new byte[] {6});
        assertEquals(VqzMetadata.of(new byte[] {6}, new byte[] {7}, new byte[] {8}), m);
        assertNotEquals(m, m.withXmp(null));
        assertSame(VqzMetadata.EMPTY, m.withIcc(null).withExif(null).withXmp(null));
        assertTrue(VqzMetadata.of(null, null, null).isEmpty());
        assertEquals(m.hashCode(), VqzMetadata.of(new byte[] {6}, new byte[] {7}, new byte[] {8}).hashCode());
    }

    @Test
    void roundTripsThroughAFile() throws Exception {
        byte[] big = new byte[100_000];
        for (int i = 0; i < big.length; i++) {
            big[i] = (byte) (i * 7);
        }
        VqzMetadata m = VqzMetadata.of(big, new byte[] {'I', 'I', 42, 0}, new byte[0]);
        VqzContainer c = GoldenFiles.minimalGrey().toBuilder().metadata(m).build();
        assertEquals(m, VqzReaderTest.read(GoldenFiles.bytes(c)).metadata());
    }
}

package io.vqz.format;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Files cut short at every byte: the complete layers are read, a cut before the base layer's end still throws. */
class PartialFileTest {

    /** The end of each layer's TDAT chunk (its CRC included) in the file. */
    private static long[] layerEnds(VqzContainer c) {
        return c.chunks().stream().filter(k -> k.type().equals("TDAT")).mapToLong(k -> k.offset() + 12 + k.length())
                .toArray();
    }

    @Test
    void everyPrefixGivesItsCompleteLayersOrTheTruncationError() throws IOException {
        byte[] file = java.nio.file.Files.readAllBytes(VqzGoldenFilesTest.golden("rgb-40x20-3-layers.vqz"));
        VqzContainer full = VqzReader.read(new ByteArrayInputStream(file), VqzLimits.DEFAULT);
        long[] ends = layerEnds(full);
        assertEquals(3, ends.length);
        for (int cut = 8; cut < file.length; cut++) { // (a cut inside the signature is "not a VQZ file")
            byte[] prefix = Arrays.copyOf(file, cut);
            int complete = (int) Arrays.stream(ends).filter(e -> e <= prefix.length).count();
            assertThrows(VqzTruncatedException.class,
                    () -> VqzReader.read(new ByteArrayInputStream(prefix), VqzLimits.DEFAULT), "cut at " + cut);
            if (complete == 0) {
                assertThrows(VqzTruncatedException.class,
                        () -> VqzReader.readAvailable(new ByteArrayInputStream(prefix), VqzLimits.DEFAULT));
                assertThrows(VqzTruncatedException.class, () -> VqzReader.readIndexAvailable(
                        new BytesChannel(prefix), VqzLimits.DEFAULT));
                continue;
            }
            VqzContainer c = VqzReader.readAvailable(new ByteArrayInputStream(prefix), VqzLimits.DEFAULT);
            VqzTileIndex index = VqzReader.readIndexAvailable(new BytesChannel(prefix),
                    VqzLimits.DEFAULT);
            for (VqzTiles t : List.of(c, index.tiles(new BytesChannel(prefix)))) {
                assertEquals(complete, t.header().layers(), "cut at " + cut);
                assertEquals(3, t.declaredLayers());
                assertTrue(t.truncation().isPresent());
                assertTrue(t.truncation().get().offset() <= cut, "the truncation lies inside the prefix");
                for (int l = 0; l < complete; l++) {
                    for (int i = 0; i < t.header().tileCount(); i++) {
                        assertArrayEquals(full.tilePayload(l, i), t.tilePayload(l, i));
                    }
                }
            }
        }
        VqzContainer whole = VqzReader.readAvailable(new ByteArrayInputStream(file), VqzLimits.DEFAULT);
        assertTrue(whole.truncation().isEmpty());
        assertEquals(3, whole.header().layers());
    }

    @Test
    void aDamagedLayerIsAnErrorNotATruncation() throws IOException {
        byte[] file = java.nio.file.Files.readAllBytes(VqzGoldenFilesTest.golden("rgb-40x20-3-layers.vqz"));
        long[] ends = layerEnds(VqzReader.read(new ByteArrayInputStream(file), VqzLimits.DEFAULT));
        byte[] damaged = Arrays.copyOf(file, (int) ends[1]);
        damaged[(int) ends[1] - 20] ^= 1; // inside layer 1's TDAT: its CRC fails
        VqzFormatException e = assertThrows(VqzFormatException.class,
                () -> VqzReader.readAvailable(new ByteArrayInputStream(damaged), VqzLimits.DEFAULT));
        assertTrue(!(e instanceof VqzTruncatedException), e.getMessage());
    }
}

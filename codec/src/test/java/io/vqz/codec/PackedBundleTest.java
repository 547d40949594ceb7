package io.vqz.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vqz.testdata.TestData;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The compact form of the earlier defaults' bundles: the same bytes back, smaller than deflate, damage refused. */
class PackedBundleTest {

    @Test
    void theJarsPackedBundlesUnpackToTheSources() throws IOException {
        for (String resource : ShippedModels.STORED_PACKED) {
            byte[] source = Files.readAllBytes(TestData.root().resolve("codec/src/main/resources" + resource));
            byte[] packed;
            try (InputStream in = ShippedModels.class.getResourceAsStream(resource + PackedBundle.SUFFIX)) {
                packed = in.readAllBytes();
            }
            // the jar's deflate stores them in 82-83 % of their size
            assertTrue(packed.length < source.length * 0.75, resource + ": " + packed.length + " bytes");
            assertArrayEquals(source, PackedBundle.unpack(new ByteArrayInputStream(packed), source.length), resource);
            byte[] damaged = packed.clone();
            damaged[packed.length / 2] ^= 4;
            assertThrows(IOException.class,
                    () -> PackedBundle.unpack(new ByteArrayInputStream(damaged), source.length), resource);
            assertThrows(IOException.class,
                    () -> PackedBundle.unpack(new ByteArrayInputStream(packed), source.length - 1), resource);
        }
    }

    /** The first use keeps a copy in the user cache; a damaged copy is not believed. */
    @Test
    void unpacksOnceIntoTheUserCache(@TempDir Path dir) throws IOException {
        String resource = ShippedModels.V1_RESOURCE;
        byte[] source = Files.readAllBytes(TestData.root().resolve("codec/src/main/resources" + resource));
        byte[] id = ShippedModels.recordedId(resource);
        String before = System.getProperty("vqz.cache.dir");
        System.setProperty("vqz.cache.dir", dir.toString());
        try {
            String stored = resource + PackedBundle.SUFFIX;
            assertArrayEquals(source, PackedBundle.read(stored, id, source.length));
            Path copy = dir.resolve("models").resolve(java.util.HexFormat.of().formatHex(id) + ".vqzm");
            assertArrayEquals(source, Files.readAllBytes(copy));
            byte[] damaged = source.clone();
            damaged[100] ^= 1;
            Files.write(copy, damaged);
            assertArrayEquals(source, PackedBundle.read(stored, id, source.length));
            assertArrayEquals(source, Files.readAllBytes(copy), "the damaged copy is replaced");
            byte[] otherId = id.clone();
            otherId[0] ^= 1;
            assertThrows(IOException.class, () -> PackedBundle.read(stored, otherId, source.length));
        } finally {
            if (before == null) {
                System.clearProperty("vqz.cache.dir");
            } else {
                System.setProperty("vqz.cache.dir", before);
            }
        }
    }
}

package io.vqz.codec;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A JVM that encodes and decodes leaves nothing in the temporary directory; the natives are cached once. */
class NoLitterTest {

    /** Encodes and decodes a small image, the whole life of a short-lived program. */
    public static void main(String[] args) throws Exception {
        BufferedImage img = new BufferedImage(16, 16, BufferedImage.TYPE_INT_RGB);
        VqzDecoder.builder().build().decode(new ByteArrayInputStream(VqzDecoderTest.encode(img, 50)));
        System.out.println("ok");
    }

    @Test
    void aRunLeavesTheTemporaryDirectoryAsItWas(@TempDir Path dir) throws Exception {
        Path tmp = Files.createDirectory(dir.resolve("tmp"));
        Path cache = dir.resolve("cache");
        for (int run = 0; run < 2; run++) {
            ChildJvm.run(NoLitterTest.class, "-Djava.io.tmpdir=" + tmp, "-Dvqz.cache.dir=" + cache);
            assertEquals(List.of(), list(tmp), "left in java.io.tmpdir after run " + run);
        }
        List<Path> cached = list(cache);
        assertEquals(1, cached.size(), cached.toString());
        assertTrue(cached.get(0).getFileName().toString().startsWith("onnxruntime-" + OnnxNatives.platform()));
    }

    private static List<Path> list(Path dir) throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            return s.collect(Collectors.toList());
        }
    }
}

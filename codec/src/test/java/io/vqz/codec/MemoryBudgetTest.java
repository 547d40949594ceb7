package io.vqz.codec;

import io.vqz.entropy.EntropyDecodingException;
import io.vqz.format.VqzContainer;
import io.vqz.format.VqzLimitException;
import io.vqz.format.VqzLimits;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.awt.Rectangle;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A tiny file declaring a huge image fails early with a limit error, on a budget the caller sets or the JVM's. */
class MemoryBudgetTest {
    private static final long MIB = 1 << 20;

    private static VqzDecoder decoder(long budget) {
        return VqzDecoder.builder().threads(2)
                .limits(VqzLimits.builder().maxMemoryBytes(budget).build()).build();
    }

    @Test
    void hugeDeclaredImageFailsBeforeAllocatingAndSaysHowToRaiseTheBudget() throws IOException {
        byte[] file = HostileFiles.huge(16384, 64);
        VqzDecoder d = decoder(256 * MIB);
        VqzContainer c = d.read(new ByteArrayInputStream(file));
        assertTrue(d.memoryNeeded(c.header(), null) > 1024 * MIB, "an int RGB image of 16384^2 is 1 GiB");
        VqzLimitException e = assertThrows(VqzLimitException.class, () -> d.decode(c, null));
        assertTrue(e.getMessage().contains("16384 x 16384"), e.getMessage());
        assertTrue(e.getMessage().contains("maxMemoryBytes"), e.getMessage());
        assertEquals(256 * MIB, e.limit());
        assertEquals(-1, e.offset());
    }

    @Test
    void regionsAndPreviewsOfAHugeImageStayWithinTheBudget() throws IOException {
        VqzDecoder d = decoder(256 * MIB);
        VqzContainer c = d.read(new ByteArrayInputStream(HostileFiles.huge(16384, 64)));
        // past the budget check, the decoder reaches the (empty, hence corrupt) tiles under the region
        assertThrows(EntropyDecodingException.class, () -> d.decode(c,
                DecodeOptions.builder().region(new Rectangle(8000, 8000, 512, 512)).build()));
        assertThrows(EntropyDecodingException.class, () -> d.decode(c,
                DecodeOptions.builder().scale(8).build()));
        assertThrows(VqzLimitException.class, () -> d.decode(c, DecodeOptions.builder().scale(2).build()));
    }

    @Test
    void aTileAsLargeAsTheGridCountsItsWorkingMemory() throws IOException {
        // 4096^2 pixels, a 1024^2 code grid: tiles of 64 codes, or one tile as large as the grid
        VqzContainer small = decoder(1L << 40).read(new ByteArrayInputStream(HostileFiles.huge(4096, 64)));
        VqzContainer big = decoder(1L << 40).read(new ByteArrayInputStream(HostileFiles.huge(4096, 1024)));
        long smallNeed = decoder(1L << 40).memoryNeeded(small.header(), null);
        long bigNeed = decoder(1L << 40).memoryNeeded(big.header(), null);
        // the one tile holds at least its cursor's codes and the decoded codes: 8 bytes per position
        assertTrue(bigNeed - smallNeed >= 8L * 1024 * 1024, smallNeed + " vs " + bigNeed);
        VqzDecoder d = decoder(smallNeed + 8 * MIB);
        // past the budget check, the small tiles' empty payloads are corrupt; the big tile never gets that far
        assertThrows(EntropyDecodingException.class, () -> d.decode(small, null));
        VqzLimitException e = assertThrows(VqzLimitException.class, () -> d.decode(big, null));
        assertTrue(e.getMessage().contains("maxMemoryBytes"), e.getMessage());
        // the grids alone: 4 MiB of codes, and the big tile's working memory on top
        VqzDecoder grids = decoder(12 * MIB);
        assertThrows(EntropyDecodingException.class, () -> grids.decodeGrids(small, 0));
        assertThrows(VqzLimitException.class, () -> grids.decodeGrids(big, 0));
    }

    @Test
    void theJvmHeapIsTheDefaultBudget(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("huge.vqz");
        Files.write(file, HostileFiles.huge(16384, 4096));
        assertTrue(Files.size(file) < 200, "the whole attack is " + Files.size(file) + " bytes");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-Xmx384m", "-Dai.djl.offline=true", "-cp",
                System.getProperty("java.class.path"), HostileFiles.class.getName(), file.toString())
                .redirectErrorStream(true).start();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "child JVM did not finish");
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), out);
        assertTrue(out.contains("VqzLimitException") && out.contains("-Xmx"), out);
    }
}

package io.vqz.imageio;

import io.vqz.testdata.TestData;

import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code ImageIO.read} of a 138-byte file declaring 16384 x 16384 pixels fails early, not with OutOfMemoryError. */
class VqzHostileInputTest {
    static final Path HUGE = TestData.file("hostile/huge-16384x16384.vqz");

    /** Reads args[0] with plain ImageIO; prints the exception's class and message. */
    public static void main(String[] args) {
        try {
            System.out.println("read " + ImageIO.read(new File(args[0])));
        } catch (IOException e) {
            System.out.println(e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    @Test
    void imageIoReadFailsWithALimitErrorInASmallHeap() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-Xmx384m", "-Dai.djl.offline=true", "-cp",
                System.getProperty("java.class.path"), getClass().getName(), HUGE.toString())
                .redirectErrorStream(true).start();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS));
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), out);
        assertTrue(out.contains("VqzLimitException: reading the 16384 x 16384 source region"), out);
        assertTrue(out.contains("-Xmx"), out);
    }
}

package io.vqz.cli;

import static io.vqz.cli.CliRun.vqz;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScoreCommandTest {

    @TempDir
    Path dir;

    @Test
    void printsBitsPerPixelPerImageInInputOrder() throws Exception {
        Path a = CliRun.png(dir, "a.png", 32, 24);
        Path b = CliRun.png(dir, "b.png", 24, 16);
        CliRun r = vqz("score", b, a, "--threads", "2");
        assertEquals(0, r.exit, r::toString);
        String[] lines = r.out.split("\\R");
        assertEquals(2, lines.length, r::toString);
        assertTrue(lines[0].endsWith("  " + b), r::toString);
        assertTrue(lines[1].endsWith("  " + a), r::toString);
        for (String l : lines) {
            double bpp = Double.parseDouble(l.substring(0, l.indexOf(' ')));
            assertTrue(bpp > 0 && bpp < 24, l);
        }
    }

    @Test
    void missingFileFailsButTheOthersArePrinted() throws Exception {
        Path a = CliRun.png(dir, "c.png", 32, 24);
        CliRun r = vqz("score", dir.resolve("missing.png"), a);
        assertEquals(1, r.exit, r::toString);
        assertTrue(r.out.strip().endsWith("  " + a), r::toString);
        assertTrue(r.err.startsWith("vqz: " + dir.resolve("missing.png") + ": no such file"), r::toString);
        assertEquals(2, vqz("score").exit);
    }
}

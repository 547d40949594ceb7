package io.vqz.cli;

import static io.vqz.cli.CliRun.vqz;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SampleCommandTest {

    @TempDir
    Path dir;

    @Test
    void sameSeedSameImage() throws Exception {
        Path a = dir.resolve("a.png");
        Path b = dir.resolve("b.png");
        CliRun r = vqz("sample", "-o", a, "--size", "16x12", "--seed", "7", "--temperature", "0.9");
        assertEquals(0, r.exit, r::toString);
        assertTrue(r.err.contains("Seed: 7"), r::toString);
        assertEquals(0, vqz("sample", "-o", b, "--size", "16x12", "--seed", "7", "--temperature", "0.9").exit);
        BufferedImage ia = ImageIO.read(a.toFile());
        BufferedImage ib = ImageIO.read(b.toFile());
        assertEquals(16, ia.getWidth());
        assertEquals(12, ia.getHeight());
        assertArrayEquals(ia.getRGB(0, 0, 16, 12, null, 0, 16), ib.getRGB(0, 0, 16, 12, null, 0, 16));
    }

    @Test
    void stdoutAndExistingOutput() throws Exception {
        CliRun r = vqz("sample", "-o", "-", "--size", "8x8", "--seed", "1");
        assertEquals(0, r.exit, r::toString);
        assertEquals((byte) 0x89, r.stdout[0]);
        Path out = Files.writeString(dir.resolve("x.png"), "keep");
        r = vqz("sample", "-o", out, "--size", "8x8", "--seed", "1");
        assertEquals(1, r.exit, r::toString);
        assertEquals("vqz: " + out + ": exists, use --force to overwrite", r.err.strip());
        assertEquals("keep", Files.readString(out));
    }

    @Test
    void badArgumentsAreUsageErrors() {
        assertEquals(2, vqz("sample", "--size", "8x8").exit);
        assertEquals(2, vqz("sample", "-o", dir.resolve("a.png"), "--size", "8by8").exit);
        assertEquals(2, vqz("sample", "-o", dir.resolve("a.png"), "--temperature", "0").exit);
        assertEquals(2, vqz("sample", "-o", dir.resolve("a.png"), "--seed", "x").exit);
        assertEquals(2, vqz("sample", "-o", dir.resolve("a.nope")).exit);
        assertEquals(2, vqz("sample", "-o", dir.resolve("a.png"), "--size", "100000x8").exit);
        assertFalse(Files.exists(dir.resolve("a.png")));
    }
}

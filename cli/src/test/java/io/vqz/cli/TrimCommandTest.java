package io.vqz.cli;

import io.vqz.testdata.TestData;

import static io.vqz.cli.CliRun.vqz;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.vqz.format.VqzLimits;
import io.vqz.format.VqzWriter;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.apache.commons.compress.utils.SeekableInMemoryByteChannel;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrimCommandTest {

    @TempDir
    Path dir;
    Path layered;

    static Path tinyModel() {
        return TestData.file("models/tiny-layered.vqzm");
    }

    @BeforeEach
    void encodeALayeredFile() throws Exception {
        Path png = dir.resolve("in.png");
        ImageIO.write(CliRun.image(40, 32, false), "png", png.toFile());
        layered = dir.resolve("in.vqz");
        CliRun r = vqz("encode", png, "--model", tinyModel(), "-q", 100, "-o", layered, "--quiet");
        assertEquals(0, r.exit, r::toString);
        assertEquals(3, info(layered).get("layers").getAsInt());
    }

    static JsonObject info(Path f) {
        CliRun r = vqz("info", "--json", f);
        assertEquals(0, r.exit, r::toString);
        return JsonParser.parseString(r.out).getAsJsonObject();
    }

    @Test
    void keepsTheFirstLayersByCopyingBytes() throws Exception {
        Path out = dir.resolve("two.vqz");
        CliRun r = vqz("trim", layered, "--layers", 2, "-o", out);
        assertEquals(0, r.exit, r::toString);
        assertTrue(r.err.startsWith("Kept 2 of 3 layers: " + Files.size(layered) + " -> " + Files.size(out)), r.err);
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        VqzWriter.trim(new SeekableInMemoryByteChannel(Files.readAllBytes(layered)), expected, 2, VqzLimits.DEFAULT);
        assertArrayEquals(expected.toByteArray(), Files.readAllBytes(out));
        JsonObject o = info(out);
        assertEquals(2, o.get("layers").getAsInt());
        assertEquals(2, o.get("formatVersion").getAsInt());
        assertEquals(info(layered).getAsJsonArray("layerBytes").get(1), o.getAsJsonArray("layerBytes").get(1));
    }

    @Test
    void qualityKeepsTheLayersAnEncodeWouldSend() throws Exception {
        Path out = dir.resolve("q0.vqz");
        CliRun r = vqz("trim", layered, "-q", 0, "-o", out);
        assertEquals(0, r.exit, r::toString);
        assertEquals(1, info(out).get("layers").getAsInt());
        r = vqz("trim", layered, "-q", 50, "-o", out, "-f", "--quiet");
        assertEquals(0, r.exit, r::toString);
        assertEquals("", r.err);
        assertEquals(2, info(out).get("layers").getAsInt());
    }

    @Test
    void qualityOfAHalfResolutionFileCountsOnItsOwnScale() throws Exception {
        // the default's quality q below 16 is the half-resolution model's 4q: 10 -> 40 sends two layers there
        Path png = dir.resolve("half.png");
        ImageIO.write(CliRun.image(64, 48, false), "png", png.toFile());
        Path half = dir.resolve("half.vqz");
        CliRun r = vqz("encode", png, "-q", 10, "-o", half, "--quiet");
        assertEquals(0, r.exit, r::toString);
        JsonObject o = info(half);
        assertEquals(8, o.get("downsampling").getAsInt(), o::toString);
        assertEquals(2, o.get("layers").getAsInt());
        Path out = dir.resolve("half-q5.vqz");
        r = vqz("trim", half, "-q", 5, "-o", out, "--quiet");
        assertEquals(0, r.exit, r::toString);
        JsonObject trimmed = info(out);
        assertEquals(1, trimmed.get("layers").getAsInt(), "quality 5 is the half model's 20: one layer");
        // the header keeps the encode's quality; info says what an encode at it sends
        assertEquals(10, trimmed.get("quality").getAsInt());
        assertEquals(2, trimmed.get("layersAtQuality").getAsInt());
        assertEquals(2, o.get("layersAtQuality").getAsInt());
        r = vqz("info", out);
        assertTrue(r.out.contains("Quality:     10 (an encode at this quality sends 2 layers; this file holds 1)"),
                r.out);
        assertFalse(vqz("info", half).out.contains("this file holds"));
        r = vqz("trim", half, "-q", 10, "-o", out, "-f", "--quiet");
        assertEquals(0, r.exit, r::toString);
        assertArrayEquals(Files.readAllBytes(half), Files.readAllBytes(out));
    }

    @Test
    void moreLayersThanTheFileHoldsCopiesItAndStdoutWorks() throws Exception {
        CliRun r = vqz("trim", layered, "--layers", 9, "-o", "-", "--quiet");
        assertEquals(0, r.exit, r::toString);
        assertArrayEquals(Files.readAllBytes(layered), r.stdout);
        r = CliRun.vqzIn(Files.readAllBytes(layered), "trim", "-", "--layers", 1, "-o", "-", "--quiet");
        assertEquals(0, r.exit, r::toString);
        assertTrue(r.stdout.length < Files.size(layered));
    }

    @Test
    void refusesBadRequestsWithoutTouchingTheInput() throws Exception {
        byte[] before = Files.readAllBytes(layered);
        assertEquals(2, vqz("trim", layered, "--layers", 0, "-o", dir.resolve("x.vqz")).exit);
        assertEquals(2, vqz("trim", layered, "-q", 101, "-o", dir.resolve("x.vqz")).exit);
        assertEquals(2, vqz("trim", layered, "-o", dir.resolve("x.vqz")).exit);
        assertEquals(2, vqz("trim", layered, "-q", 5, "--layers", 1, "-o", dir.resolve("x.vqz")).exit);
        CliRun r = vqz("trim", layered, "--layers", 1, "-o", layered, "-f");
        assertEquals(1, r.exit, r::toString);
        assertTrue(r.err.contains("is also an input"), r.err);
        Path junk = dir.resolve("junk.vqz");
        Files.write(junk, new byte[] {1, 2, 3});
        r = vqz("trim", junk, "--layers", 1, "-o", dir.resolve("y.vqz"));
        assertEquals(1, r.exit, r::toString);
        assertTrue(r.err.contains("junk.vqz"), r.err);
        assertArrayEquals(before, Files.readAllBytes(layered));
        assertTrue(Files.notExists(dir.resolve("x.vqz")) && Files.notExists(dir.resolve("y.vqz")));
    }
}

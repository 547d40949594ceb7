package io.vqz.cli;

import io.vqz.testdata.TestData;

import static io.vqz.cli.CliRun.vqz;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.vqz.format.VqzFormat;

class EncodeCommandTest {

    @TempDir
    Path dir;

    @Test
    void encodesAndPrintsStatisticsOnStderr() throws Exception {
        Path in = CliRun.png(dir, "a.png", 32, 24);
        Path out = dir.resolve("a.vqz");
        CliRun r = vqz("encode", in, "-o", out, "--verify");
        assertEquals(0, r.exit, r::toString);
        assertEquals("", r.out);
        byte[] data = Files.readAllBytes(out);
        assertTrue(VqzFormat.matches(data, data.length), "a .vqz signature");
        assertTrue(r.err.contains("Output: " + data.length + " bytes ("), r::toString);
        assertTrue(r.err.matches("(?s).*\\(\\d+\\.\\d{4} bpp.*"), r::toString);
        assertTrue(r.err.matches("(?s).*PSNR: (\\d+\\.\\d\\d|inf) dB.*"), r::toString);
        assertTrue(r.err.contains("Time: "), r::toString);
        assertNoTemporaryFiles();
    }

    @Test
    void anInputTooLargeForTheMemoryLimitIsRefusedUnreadAndNothingIsWritten() throws Exception {
        Path in = dir.resolve("wide.png");
        javax.imageio.ImageIO.write(new java.awt.image.BufferedImage(4000, 3000,
                java.awt.image.BufferedImage.TYPE_INT_RGB), "png", in.toFile()); // 12 MP, a few kilobytes
        Path out = dir.resolve("wide.vqz");
        CliRun r = vqz("encode", in, "-o", out, "--max-memory", "32m");
        assertEquals(1, r.exit, r::toString);
        assertTrue(r.err.contains("reading and encoding the 4000 x 3000 PNG image needs")
                && r.err.contains("more than the memory budget 32.0 MiB") && r.err.contains("--max-memory"), r::toString);
        assertTrue(!Files.exists(out), "nothing written");
        CliRun bad = vqz("encode", in, "-o", out, "--max-memory", "lots");
        assertEquals(2, bad.exit, bad::toString);
        assertTrue(bad.err.contains("'lots' is not a size"), bad::toString);
        assertEquals(0, vqz("encode", in, "-o", out, "--max-memory", "1g", "--quiet").exit);
    }

    @Test
    void defaultOutputIsNextToTheInput() throws Exception {
        Path in = CliRun.png(dir, "b.png", 32, 24);
        CliRun r = vqz("encode", in, "--quiet");
        assertEquals(0, r.exit, r::toString);
        assertEquals("", r.err);
        assertTrue(Files.size(dir.resolve("b.vqz")) > 0);
    }

    @Test
    void stdoutCarriesOnlyTheFile() throws Exception {
        Path in = CliRun.png(dir, "c.png", 32, 24);
        CliRun r = vqz("encode", in, "-o", "-");
        assertEquals(0, r.exit, r::toString);
        assertTrue(VqzFormat.matches(r.stdout, r.stdout.length));
        assertTrue(r.err.contains("Output: " + r.stdout.length + " bytes"), r::toString);
        CliRun f = vqz("encode", in, "-o", dir.resolve("c.vqz"));
        assertEquals(0, f.exit, f::toString);
        assertArrayEquals(Files.readAllBytes(dir.resolve("c.vqz")), r.stdout, "stdout = the file, byte for byte");
    }

    @Test
    void refusesToOverwriteWithoutForce() throws Exception {
        Path in = CliRun.png(dir, "d.png", 32, 24);
        Path out = dir.resolve("d.vqz");
        Files.writeString(out, "precious");
        CliRun r = vqz("encode", in, "-o", out);
        assertEquals(1, r.exit, r::toString);
        assertEquals(1, r.errLines().length, r::toString);
        assertEquals("vqz: " + out + ": exists, use --force to overwrite", r.errLines()[0]);
        assertEquals("precious", Files.readString(out));
        CliRun f = vqz("encode", in, "-o", out, "-f");
        assertEquals(0, f.exit, f::toString);
        assertFalse(Files.readString(out, java.nio.charset.StandardCharsets.ISO_8859_1).equals("precious"));
    }

    @Test
    void neverOverwritesTheInputEvenWithForce() throws Exception {
        Path in = CliRun.png(dir, "e.png", 32, 24);
        byte[] before = Files.readAllBytes(in);
        CliRun r = vqz("encode", in, "-o", in, "--force", "--any-extension");
        assertEquals(1, r.exit, r::toString);
        assertTrue(r.err.contains("is also an input"), r::toString);
        assertArrayEquals(before, Files.readAllBytes(in));
    }

    @Test
    void refusesAnOutputNamedLikeAnotherFormatUnlessAsked() throws Exception {
        Path in = CliRun.png(dir, "g.png", 32, 24);
        Path png = dir.resolve("out.png");
        CliRun r = vqz("encode", in, "-o", png);
        assertEquals(2, r.exit, r::toString);
        assertTrue(r.err.contains("ends in .png, but holds a .vqz file"), r::toString);
        assertFalse(Files.exists(png));
        assertEquals(0, vqz("encode", in, "-o", png, "--any-extension").exit);
        assertEquals(0, vqz("encode", in, "-o", dir.resolve("OUT.VQZ")).exit);
        assertEquals(0, vqz("encode", in, "-o", dir.resolve("no-extension")).exit);
    }

    @Test
    void missingAndUnreadableInputsFailInOneLine() throws Exception {
        CliRun r = vqz("encode", dir.resolve("missing.png"), "-o", dir.resolve("m.vqz"));
        assertEquals(1, r.exit, r::toString);
        assertEquals(List.of("vqz: " + dir.resolve("missing.png") + ": no such file"), List.of(r.errLines()));
        Path text = Files.writeString(dir.resolve("text.png"), "not an image");
        r = vqz("encode", text);
        assertEquals(1, r.exit, r::toString);
        assertEquals(1, r.errLines().length, r::toString);
        assertTrue(r.err.startsWith("vqz: " + text + ": not an image format"), r::toString);
        assertFalse(Files.exists(dir.resolve("text.vqz")));
    }

    @Test
    void debugAddsTheStackTrace() throws Exception {
        CliRun r = vqz("--debug", "encode", dir.resolve("missing.png"));
        assertEquals(1, r.exit);
        assertTrue(r.errLines().length > 1 && r.err.contains("\tat "), r::toString);
        r = vqz("encode", dir.resolve("missing.png"), "--debug");
        assertTrue(r.err.contains("\tat "), r::toString);
    }

    @Test
    void badArgumentsAreUsageErrors() throws Exception {
        Path in = CliRun.png(dir, "f.png", 32, 24);
        assertEquals(2, vqz("encode", in, "-q", "101").exit);
        assertEquals(2, vqz("encode", in, "-q", "high").exit);
        assertEquals(2, vqz("encode", in, "-", "-o", dir.resolve("two")).exit);
        assertEquals(2, vqz("encode", in, "--metadata", "gps").exit);
        assertEquals(2, vqz("encode", in, "--threads", "0").exit);
        assertEquals(2, vqz("encode").exit);
        assertFalse(Files.exists(dir.resolve("f.vqz")));
    }

    @Test
    void unknownModelFails() throws Exception {
        Path in = CliRun.png(dir, "g.png", 32, 24);
        CliRun r = vqz("encode", in, "-q", "50", "--model", "no-such-model");
        assertEquals(1, r.exit, r::toString);
        assertTrue(r.err.contains("no model named 'no-such-model'"), r::toString);
    }

    @Test
    void modelFromAFileAndQuality() throws Exception {
        Path bundle = TestData.defaultBundle();
        Path in = CliRun.png(dir, "h.png", 32, 24);
        CliRun r = vqz("encode", in, "-o", dir.resolve("h.vqz"), "--model", bundle, "-q", "100");
        assertEquals(0, r.exit, r::toString);
        CliRun info = vqz("info", "--json", dir.resolve("h.vqz"));
        assertTrue(info.out.contains("\"quality\": 100"), info::toString);
        assertTrue(info.out.contains(io.vqz.codec.ModelBundle.defaultBundle().idHex()), info::toString);
    }

    @Test
    void effortChangesTheCodesNotTheModelAndOutOfRangeIsAUsageError() throws Exception {
        java.awt.image.BufferedImage kodak = javax.imageio.ImageIO.read(TestData.file("kodak/kodim23.png").toFile());
        Path in = dir.resolve("k.png");
        javax.imageio.ImageIO.write(kodak.getSubimage(320, 200, 96, 64), "png", in.toFile());
        CliRun plain = vqz("encode", in, "-o", dir.resolve("plain.vqz"), "--verify");
        CliRun refined = vqz("encode", in, "-o", dir.resolve("refined.vqz"), "--effort", "5", "--verify");
        assertEquals(0, plain.exit, plain::toString);
        assertEquals(0, refined.exit, refined::toString);
        byte[] a = Files.readAllBytes(dir.resolve("plain.vqz"));
        byte[] b = Files.readAllBytes(dir.resolve("refined.vqz"));
        assertFalse(java.util.Arrays.equals(a, b), "the refinement chose other codes");
        CliRun infoA = vqz("info", "--json", dir.resolve("plain.vqz"));
        CliRun infoB = vqz("info", "--json", dir.resolve("refined.vqz"));
        String id = io.vqz.codec.ModelBundle.defaultBundle().idHex();
        assertTrue(infoA.out.contains(id) && infoB.out.contains(id), infoB::toString);
        CliRun bad = vqz("encode", in, "-o", dir.resolve("bad.vqz"), "-e", "10");
        assertEquals(2, bad.exit, bad::toString);
        assertTrue(bad.err.contains("'10' is not an effort in 0..9"), bad::toString);
        assertFalse(Files.exists(dir.resolve("bad.vqz")));
    }

    /** The check decodes with the model of --model, which no registry holds (here a two-level test model). */
    @Test
    void verifyDecodesWithTheModelGivenByPath() throws Exception {
        Path in = CliRun.png(dir, "v.png", 40, 24);
        Path out = dir.resolve("v.vqz");
        CliRun r = vqz("encode", in, "-o", out, "--model", TestData.file("models/tiny-layered-groups.vqzm"), "-q",
                "100", "--verify");
        assertEquals(0, r.exit, r::toString);
        assertTrue(r.err.matches("(?s).*PSNR: \\d+\\.\\d\\d dB.*"), r::toString);
        assertEquals(4, Files.readAllBytes(out)[16], "container version 4");
    }

    @Test
    void batchEncodesADirectoryIntoAnOutputDirectory() throws Exception {
        Path src = Files.createDirectory(dir.resolve("src"));
        CliRun.png(src, "one.png", 32, 24);
        CliRun.png(src, "two.png", 24, 32);
        Files.writeString(src.resolve("notes.txt"), "skipped: not an image suffix");
        Path dst = dir.resolve("dst");
        CliRun r = vqz("encode", src, "-o", dst, "--threads", "2");
        assertEquals(0, r.exit, r::toString);
        assertTrue(Files.size(dst.resolve("one.vqz")) > 0);
        assertTrue(Files.size(dst.resolve("two.vqz")) > 0);
        assertFalse(Files.exists(dst.resolve("notes.vqz")));
        assertTrue(r.err.contains("one.png -> ") && r.err.contains("two.png -> "), r::toString);
        assertEquals(2, vqz("encode", src, "-o", "-").exit);
        Path empty = Files.createDirectory(dir.resolve("empty"));
        CliRun e = vqz("encode", empty);
        assertEquals(1, e.exit, e::toString);
        assertEquals("vqz: " + empty + ": directory holds no file to process", e.err.strip());
    }

    @Test
    void batchGoesOnAfterAFailure() throws Exception {
        Path ok = CliRun.png(dir, "ok.png", 32, 24);
        CliRun r = vqz("encode", dir.resolve("gone.png"), ok);
        assertEquals(1, r.exit, r::toString);
        assertTrue(Files.exists(dir.resolve("ok.vqz")));
        assertTrue(r.err.contains("gone.png: no such file"), r::toString);
        assertTrue(r.err.contains("1 of 2 files failed"), r::toString);
    }

    private void assertNoTemporaryFiles() throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            assertTrue(s.noneMatch(p -> p.getFileName().toString().endsWith(".tmp")));
        }
    }
}

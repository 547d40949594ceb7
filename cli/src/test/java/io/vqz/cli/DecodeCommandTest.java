package io.vqz.cli;

import io.vqz.testdata.TestData;

import static io.vqz.cli.CliRun.vqz;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DecodeCommandTest {

    @TempDir
    Path dir;
    Path vqz;

    @BeforeEach
    void encode() throws Exception {
        vqz = CliRun.vqzFile(dir, "img.vqz");
    }

    @Test
    void limitOptionsRefuseWhatIsTooMuchWorkOrTooLarge(@org.junit.jupiter.api.io.TempDir Path tmp) throws Exception {
        Path in = CliRun.png(tmp, "l.png", 64, 48);
        Path file = tmp.resolve("l.vqz");
        assertEquals(0, CliRun.vqz("encode", in, "-o", file, "--quiet").exit);
        CliRun work = CliRun.vqz("decode", file, "-o", tmp.resolve("l.png.out.png"), "--max-pixel-layers", "3k");
        assertEquals(1, work.exit, work::toString);
        assertTrue(work.err.contains("pixel layers of work, more than the limit 3000"), work::toString);
        CliRun pixels = CliRun.vqz("decode", file, "-o", tmp.resolve("l2.png"), "--max-pixels", "1000");
        assertEquals(1, pixels.exit, pixels::toString);
        assertTrue(pixels.err.contains("3072") && pixels.err.contains("1000"), pixels::toString);
        CliRun ok = CliRun.vqz("decode", file, "-o", tmp.resolve("l3.png"), "--max-pixel-layers", "1m",
                "--max-pixels", "4k", "--max-memory", "256m");
        assertEquals(0, ok.exit, ok::toString);
    }

    @Test
    void decodesToTheFormatOfTheExtension() throws Exception {
        for (String ext : new String[] {"png", "jpg", "bmp"}) {
            Path out = dir.resolve("out." + ext);
            CliRun r = vqz("decode", vqz, "-o", out);
            assertEquals(0, r.exit, r::toString);
            assertEquals("", r.out);
            assertTrue(r.err.contains("Output: " + out + " (32 x 24)"), r::toString);
            BufferedImage im = ImageIO.read(out.toFile());
            assertNotNull(im, ext);
            assertEquals(32, im.getWidth());
            assertEquals(24, im.getHeight());
        }
        byte[] png = Files.readAllBytes(dir.resolve("out.png"));
        assertEquals((byte) 0x89, png[0]);
        byte[] jpg = Files.readAllBytes(dir.resolve("out.jpg"));
        assertEquals((byte) 0xFF, jpg[0]);
        assertEquals((byte) 0xD8, jpg[1]);
    }

    @Test
    void regionAndScale() throws Exception {
        Path out = dir.resolve("crop.png");
        CliRun r = vqz("decode", vqz, "--region", "8,4,16,16", "--scale", "1/2", "-o", out, "--threads", "1");
        assertEquals(0, r.exit, r::toString);
        BufferedImage im = ImageIO.read(out.toFile());
        assertEquals(8, im.getWidth());
        assertEquals(8, im.getHeight());
        r = vqz("decode", vqz, "--region", "30,0,16,16", "-o", dir.resolve("outside.png"));
        assertEquals(1, r.exit, r::toString);
        assertTrue(r.err.contains("lies outside the 32 x 24 image"), r::toString);
        assertFalse(Files.exists(dir.resolve("outside.png")));
    }

    @Test
    void badArgumentsAreUsageErrors() {
        assertEquals(2, vqz("decode", vqz, "--scale", "1/3", "-o", dir.resolve("x.png")).exit);
        assertEquals(2, vqz("decode", vqz, "--region", "1,2,3", "-o", dir.resolve("x.png")).exit);
        assertEquals(2, vqz("decode", vqz, "--region", "0,0,0,5", "-o", dir.resolve("x.png")).exit);
        CliRun r = vqz("decode", vqz, "-o", dir.resolve("x.unknownext"));
        assertEquals(2, r.exit, r::toString);
        assertTrue(r.err.contains("Unknown output format 'unknownext'"), r::toString);
        assertFalse(Files.exists(dir.resolve("x.png")));
    }

    @Test
    void aPrefixEndingAfterALayerDecodesWithPartialAsThatLayerCount() throws Exception {
        Path in = CliRun.png(dir, "p.png", 64, 48);
        Path full = dir.resolve("p.vqz");
        assertEquals(0, vqz("encode", in, "-o", full, "-q", "100", "--quiet").exit);
        CliRun info = vqz("info", "--json", full);
        com.google.gson.JsonArray ends = com.google.gson.JsonParser.parseString(info.out).getAsJsonObject()
                .getAsJsonArray("layerEnds");
        assertTrue(ends.size() >= 3, info::toString);
        byte[] data = Files.readAllBytes(full);
        assertEquals(data.length - 12, ends.get(ends.size() - 1).getAsLong(), "VEND's 12 bytes follow the last");
        Path cut = Files.write(dir.resolve("cut.vqz"), Arrays.copyOf(data, (int) ends.get(1).getAsLong() + 3));
        CliRun strict = vqz("decode", cut, "-o", dir.resolve("cut.png"));
        assertEquals(1, strict.exit, strict::toString);
        assertTrue(strict.err.contains("the first 2 of its " + ends.size() + " layers are complete (--partial decodes "
                + "them)"), strict::toString);
        assertFalse(Files.exists(dir.resolve("cut.png")));
        CliRun partial = vqz("decode", cut, "-o", dir.resolve("cut.png"), "--partial", "--quiet");
        assertEquals(0, partial.exit, partial::toString);
        assertTrue(partial.err.startsWith("vqz: " + cut + ": warning: truncated"), partial::toString);
        assertEquals(0, vqz("decode", full, "-o", dir.resolve("two.png"), "--layers", "2", "--quiet").exit);
        assertArrayEquals(Files.readAllBytes(dir.resolve("two.png")), Files.readAllBytes(dir.resolve("cut.png")));
        Path base = Files.write(dir.resolve("base.vqz"), Arrays.copyOf(data, (int) ends.get(0).getAsLong() - 1));
        CliRun none = vqz("decode", base, "-o", dir.resolve("base.png"), "--partial");
        assertEquals(1, none.exit, none::toString);
        assertFalse(Files.exists(dir.resolve("base.png")));
    }

    @Test
    void corruptFileFailsInOneLine() throws Exception {
        byte[] data = Files.readAllBytes(vqz);
        Path truncated = Files.write(dir.resolve("truncated.vqz"), Arrays.copyOf(data, data.length / 2));
        Path garbage = Files.write(dir.resolve("garbage.vqz"), "this is no vqz file at all".getBytes());
        for (Path bad : new Path[] {truncated, garbage}) {
            Path out = dir.resolve("bad.png");
            CliRun r = vqz("decode", bad, "-o", out);
            assertEquals(1, r.exit, r::toString);
            assertEquals(1, r.errLines().length, r::toString);
            assertTrue(r.err.startsWith("vqz: " + bad + ": "), r::toString);
            assertFalse(r.err.contains("Exception"), r::toString);
            assertFalse(Files.exists(out));
        }
    }

    @Test
    void missingFileAndExistingOutput() throws Exception {
        CliRun r = vqz("decode", dir.resolve("nope.vqz"), "-o", dir.resolve("nope.png"));
        assertEquals(1, r.exit, r::toString);
        assertEquals("vqz: " + dir.resolve("nope.vqz") + ": no such file", r.err.strip());
        Path out = Files.writeString(dir.resolve("exists.png"), "keep");
        r = vqz("decode", vqz, "-o", out);
        assertEquals(1, r.exit, r::toString);
        assertEquals("vqz: " + out + ": exists, use --force to overwrite", r.err.strip());
        assertEquals("keep", Files.readString(out));
        assertEquals(0, vqz("decode", vqz, "-o", out, "--force").exit);
        assertNotNull(ImageIO.read(out.toFile()));
    }

    @Test
    void stdoutCarriesOnlyTheImage() throws Exception {
        CliRun r = vqz("decode", vqz, "-o", "-", "--format", "bmp");
        assertEquals(0, r.exit, r::toString);
        assertEquals('B', r.stdout[0]);
        assertEquals('M', r.stdout[1]);
        BufferedImage im = ImageIO.read(new ByteArrayInputStream(r.stdout));
        assertEquals(32, im.getWidth());
    }

    @Test
    void batchDecodesADirectory() throws Exception {
        Path dst = dir.resolve("png");
        CliRun r = vqz("decode", dir, "-o", dst);
        assertEquals(0, r.exit, r::toString);
        assertNotNull(ImageIO.read(dst.resolve("img.png").toFile()));
    }

    @Test
    void metadataTravelsFromPngThroughVqzToPngAndJpeg() throws Exception {
        Path src = Files.write(dir.resolve("meta.png"), ImageMetadataTest.png());
        Path v = dir.resolve("meta.vqz");
        assertEquals(0, vqz("encode", src, "-o", v, "--quiet").exit);
        CliRun info = vqz("info", "--json", v);
        var md = com.google.gson.JsonParser.parseString(info.out).getAsJsonObject().getAsJsonObject("metadataBytes");
        assertEquals(ImageMetadataTest.ICC.length, md.get("icc").getAsInt(), info::toString);
        assertEquals(ImageMetadataTest.EXIF.length, md.get("exif").getAsInt());
        assertEquals(ImageMetadataTest.XMP.length, md.get("xmp").getAsInt());
        for (String ext : new String[] {"png", "jpg"}) {
            Path out = dir.resolve("meta-out." + ext);
            assertEquals(0, vqz("decode", v, "-o", out).exit);
            var back = ImageMetadataTest.raw(out);
            assertNotNull(back, ext);
            assertArrayEquals(ImageMetadataTest.ICC, back.icc(), ext);
            assertArrayEquals(ImageMetadataTest.EXIF, back.exif(), ext);
            assertArrayEquals(ImageMetadataTest.XMP, back.xmp(), ext);
        }
        Path bare = dir.resolve("bare.png");
        assertEquals(0, vqz("decode", v, "-o", bare, "--metadata", "none").exit);
        assertEquals(null, ImageFiles.read(bare, MetadataKind.select(null), null).metadata());
        Path none = dir.resolve("none.vqz");
        assertEquals(0, vqz("encode", src, "-o", none, "--metadata", "none", "--quiet").exit);
        info = vqz("info", none);
        assertTrue(info.out.contains("Metadata:    ICC none, EXIF none, XMP none"), info::toString);
    }

    @Test
    void standardInputPipeline() throws Exception {
        byte[] png = Files.readAllBytes(dir.resolve("img.vqz.src.png"));
        CliRun enc = CliRun.vqzIn(png, "encode", "-", "-o", "-", "--quiet");
        assertEquals(0, enc.exit, enc::toString);
        assertEquals(Files.size(vqz), enc.stdout.length, "the same bytes as encoding the file");
        CliRun dec = CliRun.vqzIn(enc.stdout, "decode", "-", "-o", dir.resolve("piped.png"));
        assertEquals(0, dec.exit, dec::toString);
        assertEquals(32, ImageIO.read(dir.resolve("piped.png").toFile()).getWidth());
        CliRun info = CliRun.vqzIn(enc.stdout, "info", "-");
        assertEquals(0, info.exit, info::toString);
        assertTrue(info.out.contains("Size:        " + enc.stdout.length + " bytes"), info::toString);
        assertEquals(2, CliRun.vqzIn(enc.stdout, "decode", "-").exit);
        assertEquals(2, CliRun.vqzIn(png, "encode", "-").exit);
    }

    @Test
    void alphaIsKeptInPngAndDroppedInJpeg() throws Exception {
        Path src = dir.resolve("alpha.png");
        ImageIO.write(CliRun.image(32, 24, true), "png", src.toFile());
        Path v = dir.resolve("alpha.vqz");
        assertEquals(0, vqz("encode", src, "-o", v, "--quiet").exit);
        assertEquals(0, vqz("decode", v, "-o", dir.resolve("alpha-out.png")).exit);
        BufferedImage png = ImageIO.read(dir.resolve("alpha-out.png").toFile());
        assertTrue(png.getColorModel().hasAlpha());
        assertEquals(255 - 100 * 31 / 32, png.getRGB(31, 5) >>> 24, "alpha is stored losslessly");
        CliRun r = vqz("decode", v, "-o", dir.resolve("alpha-out.jpg"));
        assertEquals(0, r.exit, r::toString);
        BufferedImage jpg = ImageIO.read(dir.resolve("alpha-out.jpg").toFile());
        assertFalse(jpg.getColorModel().hasAlpha());
        assertEquals(32, jpg.getWidth());
    }

    @Test
    void aTinyFileDeclaringAHugeImageFailsWithALimitErrorInASmallHeap(@TempDir Path dir) throws Exception {
        Path huge = TestData.file("hostile/huge-16384x16384.vqz");
        Path out = dir.resolve("huge.png");
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(javaBin, "-Xmx384m", "-Dai.djl.offline=true", "-cp",
                System.getProperty("java.class.path"), VqzCommand.class.getName(), "decode", huge.toString(), "-o",
                out.toString()).redirectErrorStream(true).start();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS));
        String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(1, p.exitValue(), text);
        assertTrue(text.contains("too large: decoding the 16384 x 16384 RGB image needs"), text);
        assertTrue(text.contains("VQZ_JAVA_OPTS=-Xmx"), text);
        assertFalse(Files.exists(out));
    }
}

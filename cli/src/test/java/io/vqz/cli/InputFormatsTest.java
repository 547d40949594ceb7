package io.vqz.cli;

import io.vqz.testdata.TestData;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.EnumSet;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** WebP, every TIFF flavour, PSD, PNM, TGA, PCX and SGI are read (TwelveMonkeys), in true colours, and encode. */
class InputFormatsTest {
    private static final Path DIR = TestData.file("inputs");

    @ParameterizedTest
    @CsvSource({"lossless.webp, 99", "lossy.webp, 38", "lzw.tif, 99", "deflate16.tif, 99", "jpeg.tif, 44",
            "cmyk.tif, 99", "big.tif, 99", "rle.psd, 99", "p6.ppm, 99", "p6-16.ppm, 99", "pam.pam, 99",
            "rle.tga, 99", "src.pcx, 99", "src.sgi, 99"})
    void readsAndEncodes(String name, double minPsnr, @TempDir Path dir) throws Exception {
        assertTrue(ImageFiles.readableSuffixes().contains(name.substring(name.lastIndexOf('.') + 1)), name);
        BufferedImage src = ImageIO.read(DIR.resolve("src.png").toFile());
        BufferedImage in = ImageFiles.read(DIR.resolve(name), EnumSet.noneOf(MetadataKind.class), null).image();
        double p = Math.min(99, io.vqz.codec.Psnr.rgb(src, in));
        assertTrue(p >= minPsnr, name + " read at " + p + " dB");
        Path out = dir.resolve("out.vqz");
        CliRun r = CliRun.vqz("encode", DIR.resolve(name), "-o", out, "--verify");
        assertEquals(0, r.exit, r.toString());
        assertTrue(r.err.contains("PSNR"), r.toString());
    }
}

package io.vqz.cli;

import io.vqz.testdata.TestData;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.EnumSet;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** CMYK, YCCK and inverted Adobe CMYK JPEGs are read in true colours (TwelveMonkeys' JPEG reader). */
class CmykInputTest {
    private static final Path DIR = TestData.file("cmyk");

    @ParameterizedTest
    @ValueSource(strings = {"ycck-noprofile", "cmyk-adobe-noprofile", "cmyk-adobe-icc"})
    void readsInTheColoursOfAColourManagedConversion(String name) throws Exception {
        ImageFiles.Loaded in = ImageFiles.read(DIR.resolve(name + ".jpg"), EnumSet.allOf(MetadataKind.class), null);
        BufferedImage ref = ImageIO.read(DIR.resolve(name + ".ref.png").toFile());
        assertEquals(ColorSpace.TYPE_RGB, in.image().getColorModel().getColorSpace().getType());
        double p = io.vqz.codec.Psnr.rgb(ref, in.image());
        assertTrue(p > 45, name + ": " + p + " dB against ImageMagick's conversion");
        // the CMYK profile was applied on reading: it must not travel with the RGB pixels
        assertNull(in.metadata() == null ? null : in.metadata().icc());
    }

    @ParameterizedTest
    @ValueSource(strings = {"ycck-noprofile", "cmyk-adobe-icc"})
    void encodesInTrueColours(String name, @TempDir Path dir) throws Exception {
        Path out = dir.resolve("out.vqz");
        CliRun r = CliRun.vqz("encode", DIR.resolve(name + ".jpg"), "-o", out, "-q", "100");
        assertEquals(0, r.exit, r.toString());
        Path png = dir.resolve("out.png");
        assertEquals(0, CliRun.vqz("decode", out, "-o", png).exit);
        BufferedImage ref = ImageIO.read(DIR.resolve(name + ".ref.png").toFile());
        double p = io.vqz.codec.Psnr.rgb(ref, ImageIO.read(png.toFile()));
        assertTrue(p > 24, name + ": " + p + " dB after coding");
    }
}

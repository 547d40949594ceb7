package io.vqz.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.awt.Dimension;
import java.awt.Rectangle;

import org.junit.jupiter.api.Test;

import picocli.CommandLine.TypeConversionException;

class ConvertersTest {

    @Test
    void qualityIsCheckedWhereTheCodecChecksIt() {
        assertEquals(75, new Converters.QualityConverter().convert("75"));
        for (String bad : new String[] {"101", "-1", "high"}) {
            picocli.CommandLine.TypeConversionException e = org.junit.jupiter.api.Assertions.assertThrows(
                    picocli.CommandLine.TypeConversionException.class, () -> new Converters.QualityConverter().convert(bad));
            org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().contains("is not a quality in 0..100"));
        }
    }

    @Test
    void region() {
        var c = new Converters.RegionConverter();
        assertEquals(new Rectangle(1, 2, 3, 4), c.convert("1,2,3,4"));
        assertEquals(new Rectangle(0, 0, 8, 9), c.convert(" 0, 0 ,8,9"));
        for (String bad : new String[] {"1,2,3", "1,2,3,4,5", "a,b,c,d", "-1,0,4,4", "0,0,0,4", ""}) {
            assertThrows(TypeConversionException.class, () -> c.convert(bad), bad);
        }
    }

    @Test
    void scale() {
        var c = new Converters.ScaleConverter();
        assertEquals(2, c.convert("1/2"));
        assertEquals(4, c.convert("1/4"));
        assertEquals(8, c.convert("1/8"));
        assertEquals(1, c.convert("1"));
        assertEquals(8, c.convert("8"));
        for (String bad : new String[] {"1/3", "2/4", "0", "1/16", "half"}) {
            assertThrows(TypeConversionException.class, () -> c.convert(bad), bad);
        }
    }

    @Test
    void size() {
        var c = new Converters.SizeConverter();
        assertEquals(new Dimension(64, 48), c.convert("64x48"));
        assertEquals(new Dimension(64, 48), c.convert("64X48"));
        for (String bad : new String[] {"64", "64x", "x48", "0x5", "ax b", "1x2x3"}) {
            assertThrows(TypeConversionException.class, () -> c.convert(bad), bad);
        }
    }
}

package io.vqz.codec;

import io.vqz.format.ColourLayout;
import io.vqz.format.VqzContainer;
import io.vqz.format.VqzHeader;
import org.junit.jupiter.api.Test;

import java.awt.Transparency;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorConvertOp;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.WritableRaster;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class VqzEncoderTest {
    /** Round-trip floor for the small crops used here (they measure 21–26 dB with the provisional model). */
    static final double PSNR_FLOOR = 19.0;

    private static final VqzDecoder DECODER = VqzDecoder.builder().build();

    private static DecodedImage roundTrip(BufferedImage img, int quality) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        EncodeResult r = VqzEncoder.builder().quality(quality).build().encode(img, null, out);
        assertEquals(out.size(), r.bytes());
        VqzContainer c = DECODER.read(new ByteArrayInputStream(out.toByteArray()));
        return DECODER.decode(c, null);
    }

    private static BufferedImage convert(BufferedImage src, int type) {
        BufferedImage out = new BufferedImage(src.getWidth(), src.getHeight(), type);
        out.getGraphics().drawImage(src, 0, 0, null);
        return out;
    }

    @Test
    void rgbFamiliesRoundTripAsRgb() throws IOException {
        BufferedImage ref = TestImages.kodakCrop(14, 64, 48);
        for (int type : new int[] {BufferedImage.TYPE_INT_RGB, BufferedImage.TYPE_INT_BGR,
                BufferedImage.TYPE_3BYTE_BGR, BufferedImage.TYPE_INT_ARGB, BufferedImage.TYPE_4BYTE_ABGR,
                BufferedImage.TYPE_INT_ARGB_PRE, BufferedImage.TYPE_USHORT_565_RGB}) {
            BufferedImage in = convert(ref, type);
            DecodedImage d = roundTrip(in, 100);
            // opaque alpha is not stored
            assertEquals(ColourLayout.RGB, d.header().colourLayout(), "type " + type);
            assertEquals(BufferedImage.TYPE_INT_RGB, d.image().getType());
            assertTrue(TestImages.psnr(in, d.image()) > PSNR_FLOOR, "type " + type);
        }
    }

    @Test
    void indexedRoundTripsAsItsColours() throws IOException {
        BufferedImage in = convert(TestImages.kodakCrop(15, 64, 48), BufferedImage.TYPE_BYTE_INDEXED);
        DecodedImage d = roundTrip(in, 100);
        assertEquals(ColourLayout.RGB, d.header().colourLayout());
        assertTrue(TestImages.psnr(in, d.image()) > PSNR_FLOOR - 1);
    }

    @Test
    void greyEightAndSixteenBitDecodeAsGrey() throws IOException {
        BufferedImage rgb = TestImages.kodakCrop(8, 64, 48);
        BufferedImage grey8 = new BufferedImage(64, 48, BufferedImage.TYPE_BYTE_GRAY);
        BufferedImage grey16 = new BufferedImage(64, 48, BufferedImage.TYPE_USHORT_GRAY);
        for (int y = 0; y < 48; y++) {
            for (int x = 0; x < 64; x++) {
                int p = rgb.getRGB(x, y);
                int v = (((p >> 16) & 255) * 3 + ((p >> 8) & 255) * 6 + (p & 255)) / 10;
                grey8.getRaster().setSample(x, y, 0, v);
                grey16.getRaster().setSample(x, y, 0, v * 257);
            }
        }
        for (BufferedImage in : new BufferedImage[] {grey8, grey16}) {
            DecodedImage d = roundTrip(in, 100);
            assertEquals(ColourLayout.GREY, d.header().colourLayout());
            assertEquals(BufferedImage.TYPE_BYTE_GRAY, d.image().getType());
            // stored grey values are compared directly: no gamma conversion on the way
            double se = 0;
            for (int y = 0; y < 48; y++) {
                for (int x = 0; x < 64; x++) {
                    int e = grey8.getRaster().getSample(x, y, 0) - d.image().getRaster().getSample(x, y, 0);
                    se += e * e;
                }
            }
            double psnr = 10 * Math.log10(255.0 * 255 / (se / (64 * 48)));
            assertTrue(psnr > PSNR_FLOOR, "grey PSNR " + psnr);
        }
    }

    @Test
    void cmykWithIccProfileIsConvertedToSrgb() throws IOException {
        BufferedImage rgb = TestImages.kodakCrop(23, 64, 48);
        ComponentColorModel cm = new ComponentColorModel(TestProfiles.cmyk(), false, false, Transparency.OPAQUE,
                DataBuffer.TYPE_BYTE);
        WritableRaster r = cm.createCompatibleWritableRaster(64, 48);
        for (int y = 0; y < 48; y++) {
            for (int x = 0; x < 64; x++) {
                int p = rgb.getRGB(x, y);
                int red = (p >> 16) & 255;
                int g = (p >> 8) & 255;
                int b = p & 255;
                int k = 255 - Math.max(red, Math.max(g, b));
                r.setPixel(x, y, new int[] {255 - red - k, 255 - g - k, 255 - b - k, k});
            }
        }
        BufferedImage cmyk = new BufferedImage(cm, r, false, null);
        BufferedImage expected = new BufferedImage(64, 48, BufferedImage.TYPE_INT_RGB);
        new ColorConvertOp(null).filter(cmyk, expected);
        DecodedImage d = roundTrip(cmyk, 100);
        assertEquals(ColourLayout.RGB, d.header().colourLayout());
        assertTrue(TestImages.psnr(expected, d.image()) > PSNR_FLOOR);
    }

    @Test
    void customColourModelsAreConverted() throws IOException {
        BufferedImage ref = TestImages.kodakCrop(19, 64, 48);
        // 16-bit sRGB with alpha (TYPE_CUSTOM) and linear-light RGB (a non-sRGB colour space)
        ComponentColorModel cm16 = new ComponentColorModel(ColorSpace.getInstance(ColorSpace.CS_sRGB), true, false,
                Transparency.TRANSLUCENT, DataBuffer.TYPE_USHORT);
        BufferedImage rgb16 = new BufferedImage(cm16, cm16.createCompatibleWritableRaster(64, 48), false, null);
        ComponentColorModel lin = new ComponentColorModel(ColorSpace.getInstance(ColorSpace.CS_LINEAR_RGB), false,
                false, Transparency.OPAQUE, DataBuffer.TYPE_USHORT);
        BufferedImage linear = new BufferedImage(lin, lin.createCompatibleWritableRaster(64, 48), false, null);
        for (int y = 0; y < 48; y++) {
            for (int x = 0; x < 64; x++) {
                int p = ref.getRGB(x, y);
                rgb16.getRaster().setPixel(x, y, new int[] {((p >> 16) & 255) * 257, ((p >> 8) & 255) * 257,
                        (p & 255) * 257, x < 32 ? 65535 : 32768});
            }
        }
        new ColorConvertOp(null).filter(ref, linear);
        DecodedImage d16 = roundTrip(rgb16, 100);
        assertEquals(ColourLayout.RGB_ALPHA, d16.header().colourLayout());
        assertEquals(128, d16.image().getRGB(40, 10) >>> 24);
        assertTrue(TestImages.psnr(ref, d16.image()) > PSNR_FLOOR);
        DecodedImage dl = roundTrip(linear, 100);
        assertTrue(TestImages.psnr(ref, dl.image()) > PSNR_FLOOR, "linear RGB");
    }

    @Test
    void oddSizesRoundTrip() throws IOException {
        BufferedImage big = TestImages.kodak(13);
        for (int[] s : new int[][] {{1, 1}, {1, 37}, {37, 1}, {17, 3}, {5, 9}}) {
            BufferedImage in = TestImages.crop(big, 100, 100, s[0], s[1]);
            DecodedImage d = roundTrip(in, 75);
            assertEquals(s[0], d.image().getWidth());
            assertEquals(s[1], d.image().getHeight());
            assertTrue(TestImages.maxDiff(in, d.image()) < 160, "size " + s[0] + "x" + s[1]);
        }
    }

    @Test
    void largeOddSizeRoundTrips() throws IOException {
        // 1023×769: 256×193 codes, tiles and network blocks both partial at the right and bottom
        BufferedImage k = TestImages.kodak(20);
        BufferedImage in = new BufferedImage(1023, 769, BufferedImage.TYPE_INT_RGB);
        in.getGraphics().drawImage(k, 0, 0, 1023, 769, null);
        DecodedImage d = roundTrip(in, 100);
        assertEquals(1023, d.image().getWidth());
        assertEquals(769, d.image().getHeight());
        assertEquals(4 * 4, d.header().tileCount());
        assertTrue(TestImages.psnr(in, d.image()) > PSNR_FLOOR);
    }

    @Test
    void outputDoesNotDependOnThreads() throws IOException {
        BufferedImage in = TestImages.kodakCrop(17, 300, 280);
        ByteArrayOutputStream one = new ByteArrayOutputStream();
        ByteArrayOutputStream two = new ByteArrayOutputStream();
        VqzEncoder.builder().threads(1).quality(60).build().encode(in, null, one);
        VqzEncoder.builder().threads(2).quality(60).build().encode(in, null, two);
        assertArrayEquals(one.toByteArray(), two.toByteArray());
    }

    @Test
    void qualitySpansMoreThanTwiceTheRateMonotonically() throws IOException {
        int[] qualities = {0, 25, 50, 75, 90, 100};
        double[] bits = new double[qualities.length];
        for (int n : new int[] {2, 12, 22}) {
            BufferedImage in = TestImages.kodakCrop(n, 128, 128);
            for (int i = 0; i < qualities.length; i++) {
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                bits[i] += VqzEncoder.builder().quality(qualities[i]).build().encode(in, null, out).idealBits();
            }
        }
        System.out.println("ideal bits per quality " + java.util.Arrays.toString(bits));
        for (int i = 1; i < bits.length; i++) {
            assertTrue(bits[i] > bits[i - 1], "quality " + qualities[i]);
        }
        assertTrue(bits[bits.length - 1] >= 2 * bits[0], "range " + bits[bits.length - 1] / bits[0]);
    }

    @Test
    void headerNamesModelQualityAndTiling() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        VqzEncoder.builder().quality(42).build().encode(TestImages.kodakCrop(1, 300, 20), null, out);
        VqzHeader h = DECODER.read(new ByteArrayInputStream(out.toByteArray())).header();
        assertEquals(42, h.quality());
        assertArrayEquals(ModelBundle.defaultBundle().id(), h.modelId());
        assertEquals(ModelBundle.defaultBundle().name(), h.modelName());
        assertEquals(75, h.gridWidth());
        assertEquals(5, h.gridHeight());
        assertEquals(64, h.tileWidth());
        assertEquals(5, h.tileHeight());
    }

    @Test
    void tooLargeImageFailsBeforeWritingAnything() {
        BufferedImage wide = new BufferedImage(VqzHeader.MAX_DIMENSION + 1, 1, BufferedImage.TYPE_BYTE_GRAY);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertThrows(IOException.class, () -> VqzEncoder.builder().build().encode(wide, null, out));
        assertEquals(0, out.size());
        assertThrows(IllegalArgumentException.class, () -> VqzEncoder.builder().quality(101));
        assertThrows(IllegalArgumentException.class, () -> VqzEncoder.builder().threads(0));
    }

    /** Two code tiles side by side (64 code positions each), so progress and abort have tiles to step over. */
    private static BufferedImage twoTiles() {
        return TestImages.kodakCrop(3, 512, 64);
    }

    @Test
    void progressIsMonotoneFromTheCallingThreadAndEndsAtOne() throws IOException {
        BufferedImage img = twoTiles();
        ByteArrayOutputStream plain = new ByteArrayOutputStream();
        VqzEncoder.builder().quality(60).threads(1).build().encode(img, null, plain);
        for (int threads : new int[] {1, 2}) {
            List<Double> seen = new ArrayList<>();
            Thread caller = Thread.currentThread();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            VqzEncoder.builder().quality(60).threads(threads).build().encode(img, null, out,
                    EncodeOptions.builder().progress(p -> {
                        assertEquals(caller, Thread.currentThread());
                        seen.add(p);
                    }).build());
            // one report for the network block, one per tile
            assertEquals(3, seen.size(), "threads " + threads + ": " + seen);
            for (int i = 1; i < seen.size(); i++) {
                assertTrue(seen.get(i) >= seen.get(i - 1), "threads " + threads + ": " + seen);
            }
            assertTrue(seen.get(0) > 0, seen.toString());
            assertEquals(1.0, seen.get(seen.size() - 1));
            assertArrayEquals(plain.toByteArray(), out.toByteArray(), "options change nothing in the file");
        }
    }

    @Test
    void abortBetweenTilesThrowsAndWritesNothing() {
        List<Double> seen = new ArrayList<>();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        EncodeOptions options = EncodeOptions.builder()
                .progress(seen::add)
                .abort(() -> seen.size() >= 2) // after the network block and the first tile
                .build();
        VqzEncoder encoder = VqzEncoder.builder().quality(60).threads(1).build();
        assertThrows(InterruptedIOException.class, () -> encoder.encode(twoTiles(), null, out, options));
        assertEquals(2, seen.size(), seen.toString());
        assertTrue(seen.get(1) < 1.0);
        assertEquals(0, out.size());
    }

    @Test
    void abortBeforeStartRunsNothing() {
        List<Double> seen = new ArrayList<>();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        EncodeOptions options = EncodeOptions.builder().progress(seen::add).abort(() -> true).build();
        assertThrows(InterruptedIOException.class, () -> VqzEncoder.builder().build()
                .encode(TestImages.kodakCrop(1, 32, 32), null, out, options));
        assertTrue(seen.isEmpty());
        assertEquals(0, out.size());
    }
}

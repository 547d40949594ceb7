package io.vqz.codec;

import io.vqz.entropy.EntropyDecodingException;
import io.vqz.format.VqzContainer;
import io.vqz.format.VqzMetadata;
import org.junit.jupiter.api.Test;

import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class VqzDecoderTest {
    /** Mean PSNR floor over the Kodak crops at quality 100 (measured mean 25.0, min 20.8 with the step-500 model; 27.0, 22.5 with the step-1900 one). */
    static final double MEAN_PSNR_FLOOR = 24.0;
    /** No single crop below this. */
    static final double MIN_PSNR_FLOOR = 19.5;

    private static final VqzDecoder DECODER = VqzDecoder.builder().build();

    static byte[] encode(BufferedImage img, int quality) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        VqzEncoder.builder().quality(quality).build().encode(img, null, out);
        return out.toByteArray();
    }

    static VqzContainer container(byte[] file) throws IOException {
        return DECODER.read(new ByteArrayInputStream(file));
    }

    @Test
    void roundTripsEveryKodakImageAbovePsnrFloor() throws IOException {
        double sum = 0;
        double min = 99;
        StringBuilder report = new StringBuilder();
        for (int n = 1; n <= 24; n++) {
            BufferedImage img = TestImages.kodakCrop(n, 128, 96);
            BufferedImage out = DECODER.decode(new ByteArrayInputStream(encode(img, 100)));
            assertEquals(128, out.getWidth());
            assertEquals(96, out.getHeight());
            double p = TestImages.psnr(img, out);
            report.append(String.format(" %02d:%.2f", n, p));
            sum += p;
            min = Math.min(min, p);
        }
        System.out.println("kodak crops PSNR" + report + String.format(" mean %.2f", sum / 24));
        assertTrue(sum / 24 > MEAN_PSNR_FLOOR, "mean PSNR " + sum / 24);
        assertTrue(min > MIN_PSNR_FLOOR, "min PSNR " + min);
    }

    @Test
    void gridIsIdenticalAcrossRunsAndThreadCounts() throws IOException {
        BufferedImage img = TestImages.kodakCrop(7, 300, 280); // 75×70 codes: 4 tiles, 2 of them partial
        VqzContainer c = container(encode(img, 75));
        int[] one = VqzDecoder.builder().threads(1).build().decodeGrid(c);
        int[] three = VqzDecoder.builder().threads(3).build().decodeGrid(c);
        int[] again = VqzDecoder.builder().threads(3).build().decodeGrid(c);
        assertArrayEquals(one, three);
        assertArrayEquals(one, again);
        BufferedImage a = VqzDecoder.builder().threads(1).build().decode(c, null).image();
        BufferedImage b = VqzDecoder.builder().threads(2).build().decode(c, null).image();
        assertTrue(TestImages.samePixels(a, b));
    }

    @Test
    void regionEqualsTheMatchingPartOfAFullDecode() throws IOException {
        // 1000×560 pixels = 250×140 codes: more than one decoder block fits, so blocks are 128 codes: 2 × 2.
        BufferedImage img = new BufferedImage(1000, 560, BufferedImage.TYPE_INT_RGB);
        java.awt.Graphics2D g = img.createGraphics();
        g.drawImage(TestImages.kodak(21), 0, 0, null);
        g.drawImage(TestImages.kodak(4), 768, 0, null);
        g.drawImage(TestImages.kodak(9), 0, 512, null);
        g.dispose();
        assertEquals(NetworkTiles.DECODER_BLOCK, NetworkTiles.decoderBlock(250, 140));
        VqzContainer c = container(encode(img, 75));
        BufferedImage full = DECODER.decode(c, null).image();
        for (Rectangle r : List.of(new Rectangle(0, 0, 1, 1), new Rectangle(13, 7, 50, 31),
                new Rectangle(500, 400, 100, 80), new Rectangle(490, 100, 60, 300),
                new Rectangle(900, 500, 100, 60))) {
            DecodedImage part = DECODER.decode(c, DecodeOptions.builder().region(r).build());
            assertEquals(r, part.region());
            assertTrue(TestImages.samePixels(full.getSubimage(r.x, r.y, r.width, r.height), part.image()),
                    "region " + r);
        }
    }

    @Test
    void previewIsTheAreaAverageOfTheFullDecode() throws IOException {
        BufferedImage img = TestImages.kodakCrop(3, 203, 101);
        VqzContainer c = container(encode(img, 90));
        BufferedImage full = DECODER.decode(c, null).image();
        for (int s : new int[] {2, 4, 8}) {
            BufferedImage preview = DECODER.decode(c, DecodeOptions.builder().scale(s).build()).image();
            assertEquals((203 + s - 1) / s, preview.getWidth());
            assertEquals((101 + s - 1) / s, preview.getHeight());
            // the bottom-right pixel averages the partial cell
            int x = preview.getWidth() - 1;
            int y = preview.getHeight() - 1;
            long sum = 0;
            int count = 0;
            for (int yy = y * s; yy < 101; yy++) {
                for (int xx = x * s; xx < 203; xx++) {
                    sum += (full.getRGB(xx, yy) >> 8) & 255;
                    count++;
                }
            }
            assertEquals(Math.round(sum / (double) count), (preview.getRGB(x, y) >> 8) & 255, 0.51);
        }
        Rectangle r = new Rectangle(40, 20, 80, 64);
        BufferedImage regionPreview = DECODER.decode(c, DecodeOptions.builder().region(r).scale(4).build()).image();
        BufferedImage fullPreview = DECODER.decode(c, DecodeOptions.builder().scale(4).build()).image();
        assertTrue(TestImages.samePixels(fullPreview.getSubimage(10, 5, 20, 16), regionPreview));
    }

    @Test
    void missingModelNamesTheModel() throws IOException {
        VqzContainer c = container(encode(TestImages.kodakCrop(1, 16, 16), 100));
        VqzDecoder empty = VqzDecoder.builder().registry(ModelRegistry.builder().build()).build();
        MissingModelException e = assertThrows(MissingModelException.class, () -> empty.decode(c, null));
        assertTrue(e.getMessage().contains(ModelBundle.defaultBundle().name()), e.getMessage());
        assertTrue(e.getMessage().contains(ModelBundle.defaultBundle().idHex()), e.getMessage());
        assertEquals(ModelBundle.defaultBundle().idHex(), e.modelIdHex());
    }

    @Test
    void corruptPayloadIsAnEntropyDecodingException() throws IOException {
        VqzContainer c = container(encode(TestImages.kodakCrop(5, 64, 64), 100));
        byte[] payload = c.tilePayload(0);
        byte[] cut = java.util.Arrays.copyOf(payload, payload.length / 2);
        VqzContainer bad = c.toBuilder().tilePayload(0, cut).build();
        assertThrows(EntropyDecodingException.class, () -> DECODER.decode(bad, null));
    }

    @Test
    void progressRisesToOneAndAbortStops() throws IOException {
        // large enough for several 20 ms progress polls on a fast machine (0.9's decode of 300 x 300 gave three reports)
        VqzContainer c = container(encode(TestImages.kodakCrop(9, 480, 640), 100));
        List<Double> seen = new ArrayList<>();
        DECODER.decode(c, DecodeOptions.builder().progress(seen::add).build());
        assertTrue(seen.size() >= 4, seen.toString());
        for (int i = 1; i < seen.size(); i++) {
            assertTrue(seen.get(i) >= seen.get(i - 1));
        }
        assertEquals(1.0, seen.get(seen.size() - 1), 1e-9);
        AtomicInteger polls = new AtomicInteger();
        assertThrows(InterruptedIOException.class, () -> DECODER.decode(c,
                DecodeOptions.builder().abort(() -> polls.incrementAndGet() > 1).build()));
    }

    @Test
    void metadataAndAlphaComeBack() throws IOException {
        BufferedImage img = new BufferedImage(37, 21, BufferedImage.TYPE_INT_ARGB);
        BufferedImage rgb = TestImages.kodakCrop(11, 37, 21);
        for (int y = 0; y < 21; y++) {
            for (int x = 0; x < 37; x++) {
                img.setRGB(x, y, (rgb.getRGB(x, y) & 0xffffff) | ((x * 7 + y) & 255) << 24);
            }
        }
        VqzMetadata meta = VqzMetadata.of(null, new byte[] {'E', 'x', 'i', 'f', 0, 0, 1, 2}, "<x/>".getBytes());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        VqzEncoder.builder().build().encode(img, meta, out);
        DecodedImage d = DECODER.decode(container(out.toByteArray()), null);
        assertEquals(BufferedImage.TYPE_INT_ARGB, d.image().getType());
        assertNotNull(d.metadata().exif());
        assertArrayEquals(meta.exif(), d.metadata().exif());
        assertArrayEquals(meta.xmp(), d.metadata().xmp());
        for (int y = 0; y < 21; y++) {
            for (int x = 0; x < 37; x++) {
                assertEquals((x * 7 + y) & 255, d.image().getRGB(x, y) >>> 24);
            }
        }
    }

    @Test
    void regionOutsideTheImageIsRejected() throws IOException {
        VqzContainer c = container(encode(TestImages.kodakCrop(2, 20, 20), 100));
        assertThrows(IllegalArgumentException.class,
                () -> DECODER.decode(c, DecodeOptions.builder().region(new Rectangle(10, 10, 11, 5)).build()));
    }
}

package io.vqz.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class MsSsimTest {
    @Test
    void fiveScalesMatchIndependentReference() throws Exception {
        // 224x192 crop of kodim23 against its JPEG q15 version; value from msssim_reference.py (numpy)
        RgbPixels a = ReferencePairs.load("ref-a.png");
        assertEquals(5, MsSsim.scales(a.width(), a.height()));
        assertEquals(0.938430571694, MsSsim.rgb(a, ReferencePairs.load("ref-a-jpeg15.png")), 1e-9);
    }

    @Test
    void smallImagesUseFewerScalesAndStillMatch() throws Exception {
        // 64x64 with Gaussian noise: three scales, weights renormalised, same script
        RgbPixels b = ReferencePairs.load("ref-b.png");
        assertEquals(3, MsSsim.scales(64, 64));
        assertEquals(0.881348748605, MsSsim.rgb(b, ReferencePairs.load("ref-b-noise12.png")), 1e-9);
    }

    @Test
    void identicalIsOneAndSymmetric() throws Exception {
        RgbPixels a = ReferencePairs.load("ref-a.png");
        RgbPixels d = ReferencePairs.load("ref-a-jpeg15.png");
        assertEquals(1.0, MsSsim.rgb(a, a), 1e-12);
        assertEquals(MsSsim.rgb(a, d), MsSsim.rgb(d, a), 1e-12);
        assertEquals(Psnr.IDENTICAL, MsSsim.decibels(1.0));
        assertEquals(20.0, MsSsim.decibels(0.99), 1e-9);
    }

    @Test
    void scaleCountFollowsWindowFit() {
        assertEquals(5, MsSsim.scales(768, 512));
        assertEquals(5, MsSsim.scales(161, 161));
        assertEquals(4, MsSsim.scales(160, 400));
        assertEquals(1, MsSsim.scales(11, 20));
        assertEquals(0, MsSsim.scales(10, 20));
        assertTrue(Double.isNaN(MsSsim.channel(new double[100], new double[100], 10, 10)));
    }
}

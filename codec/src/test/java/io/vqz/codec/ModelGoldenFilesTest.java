package io.vqz.codec;

import io.vqz.testdata.TestData;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vqz.format.VqzContainer;
import io.vqz.format.VqzLimits;
import io.vqz.format.VqzReader;
import io.vqz.format.VqzWriter;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Files written by earlier versions with real models keep decoding to the same codes (testdata/golden/model,
 * README there): the code grids are the bit-exact part of decoding, recorded as SHA-256 of the codes as
 * big-endian u16 in raster order. The version 1 file was written, and its grid hash recorded, by the 0.1 CLI.
 */
class ModelGoldenFilesTest {
    static final String SOURCE = "kodim23-96x64.png";
    static final String V1 = "kodim23-96x64-v1-q75.vqz";
    static final String V2 = "kodim23-96x64-tiny-l3-q100.vqz";
    static final String V3 = "kodim23-96x64-tiny-planes-q100.vqz";
    /** The layered test model with a two-level alphabet (container version 4, FORMAT.md 9.7). */
    static final String V4 = "kodim23-96x64-tiny-l3-groups-q100.vqz";
    /** The default model's quality 5 in 0.5 and 0.6, coded at half resolution ({@code vqz-f8-k512-l5-v2-half}). */
    static final String HALF = "kodim23-96x64-v2-half-q5.vqz";
    /** The default model's quality 5 in 0.7, coded at half resolution ({@code vqz-f8-k512-l6-v21-half}). */
    static final String HALF_V21 = "kodim23-96x64-vqz-f8-k512-l6-v21-half-q5.vqz";
    /** The layered default of 0.3–0.5, {@code vqz-f4-k512-l5-v2}, at quality 75 (three layers). */
    static final String LAYERED_V2 = "kodim23-96x64-vqz-f4-k512-l5-v2-q75.vqz";
    /** The default's quality 5 in 0.8, coded at half resolution ({@code vqz-f8-k512-l6-v21g-half}). */
    static final String HALF_V21G = "kodim23-96x64-vqz-f8-k512-l6-v21g-half-q5.vqz";
    /** The default of 0.8, {@code vqz-f4-k512-l6-v21g} (two-level alphabet, container version 4), at quality 75. */
    static final String LAYERED_V21G = "kodim23-96x64-vqz-f4-k512-l6-v21g-q75.vqz";
    /** The default's quality 5 since 0.9, coded at half resolution ({@code vqz-f8-k512-l6-v22-half}). */
    static final String HALF_V22 = "kodim23-96x64-vqz-f8-k512-l6-v22-half-q5.vqz";
    /** The default since 0.9, {@code vqz-f4-k512-l6-v22} (narrow two-level priors, container version 4), at quality 75. */
    static final String LAYERED_V22 = "kodim23-96x64-vqz-f4-k512-l6-v22-q75.vqz";
    /** The default of 0.6 and 0.7, {@code vqz-f4-k512-l6-v21} (entropy-constrained refinements), at quality 75. */
    static final String LAYERED_V21 = "kodim23-96x64-vqz-f4-k512-l6-v21-q75.vqz";

    static Path golden(String name) {
        return TestData.file("golden/model").resolve(name);
    }

    static VqzContainer read(String name) throws IOException {
        try (InputStream in = Files.newInputStream(golden(name))) {
            return VqzReader.read(in, VqzLimits.DEFAULT);
        }
    }

    static String hash(int[] grid) throws Exception {
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        for (int v : grid) {
            md.update((byte) (v >>> 8));
            md.update((byte) v);
        }
        return HexFormat.of().formatHex(md.digest());
    }

    @Test
    void versionOneFileOfTheFirstDefaultModelStillDecodesToItsRecordedCodes() throws Exception {
        VqzContainer c = read(V1);
        assertEquals(1, c.header().formatVersion());
        // written by 0.1 with its default model, which ships on as vqz-f4-k512-v1 beside the new default
        assertEquals(TestImages.v1().idHex(), c.header().modelIdHex());
        assertNotEquals(ModelBundle.defaultBundle().idHex(), c.header().modelIdHex());
        VqzDecoder decoder = VqzDecoder.builder().threads(2).build();
        assertEquals("39a911643ceded8e75b484c3622f9d3fc5440bfc9292aa0ef379ee4541611b37",
                hash(decoder.decodeGrid(c)));
        BufferedImage out = decoder.decode(c, DecodeOptions.DEFAULT).image();
        double psnr = TestImages.psnr(ImageIO.read(golden(SOURCE).toFile()), out);
        assertTrue(psnr > 24, "PSNR " + psnr);
    }

    @Test
    void versionTwoFileOfTheLayeredTestModelDecodesToItsRecordedCodes() throws Exception {
        assertTinyLayeredFile(V2, 2, TinyModelCase.LAYERED);
    }

    /** Quality 100 sends the nearest codes, which the alphabet does not change: V2's grids, coded in two levels. */
    @Test
    void versionFourFileOfTheTwoLevelTestModelDecodesToTheCodesOfVersionTwo() throws Exception {
        assertTinyLayeredFile(V4, 4, TinyModelCase.LAYERED_GROUPS);
    }

    /** A 3-layer file of the tiny layered test model (with either alphabet) at quality 100: its recorded grids. */
    private static void assertTinyLayeredFile(String name, int version, Path bundle) throws Exception {
        VqzContainer c = read(name);
        assertEquals(version, c.header().formatVersion());
        assertEquals(3, c.header().layers());
        ModelBundle model = ModelBundle.load(bundle);
        VqzDecoder decoder = VqzDecoder.builder().threads(2).registry(ModelRegistry.builder().add(model).build())
                .build();
        assertDecodesTo(c, decoder, 20,
            "1e5cca35b502466a70f315a9edc27b79bc77ad471a0722fcb6ea85c523432962",
            "5d25cca56115645eb6ad38ede9f37d29fd14c4d8b8c48488bb3013acba44527c",
            "02b3c3c689bf1006d3cb0fcf7f241fa096f5a220ad9824c38e31437d803c9904");
    }

    @Test
    void versionThreeFileOfThePlaneTestModelIsRefusedNamingItsVersion(@TempDir Path dir) throws Exception {
        // plane models (container version 3) were taken out of the product in 0.9; FORMAT.md keeps the number reserved
        VqzContainer c = read(V3);
        assertEquals(3, c.header().formatVersion());
        IOException e = assertThrows(IOException.class,
                () -> VqzDecoder.builder().threads(1).build().decode(c, DecodeOptions.DEFAULT));
        assertTrue(e.getMessage().contains("container version 3"), e.getMessage());
        Path planes = BundleFiles.withManifest(TinyModelCase.LAYERED, dir.resolve("planes.vqzm"),
                m -> m.replaceFirst("\"bundle_format\":\\s*2", "\"bundle_format\": 3"));
        e = assertThrows(IOException.class, () -> ModelBundle.load(planes));
        assertTrue(e.getMessage().contains("bundle_format 3 (bit planes) is no longer supported"), e.getMessage());
    }

    @Test
    void halfResolutionFileOfTheFirstLayeredDefaultDecodesToItsRecordedCodes() throws Exception {
        ModelBundle v2Half = ShippedModels.get(ShippedModels.V2_HALF_RESOLUTION_RESOURCE);
        assertNotEquals(ModelBundle.halfResolutionBundle().idHex(), v2Half.idHex());
        assertHalfResolutionFile(HALF, v2Half, "ab650234554337b53ddc0dd6bb7c533e30a50d9927f773ea2d2db8147b843a59");
    }

    @Test
    void halfResolutionFileOfTheDefaultOfVersionSevenDecodesToItsRecordedCodes() throws Exception {
        ModelBundle v21Half = ShippedModels.get(ShippedModels.V21_HALF_RESOLUTION_RESOURCE);
        assertEquals("vqz-f8-k512-l6-v21-half", v21Half.name());
        assertNotEquals(ModelBundle.halfResolutionBundle().idHex(), v21Half.idHex());
        assertHalfResolutionFile(HALF_V21, v21Half, "980a50f0d4282d7946f02e5a30fc938643774b881621ed1bf7e6d48f5c70f7d7");
    }

    @Test
    void halfResolutionFileOfTheDefaultOfVersionEightDecodesToItsRecordedCodes() throws Exception {
        ModelBundle v21gHalf = ShippedModels.get(ShippedModels.V21G_HALF_RESOLUTION_RESOURCE);
        assertEquals("vqz-f8-k512-l6-v21g-half", v21gHalf.name());
        assertNotEquals(ModelBundle.halfResolutionBundle().idHex(), v21gHalf.idHex());
        assertEquals(4, read(HALF_V21G).header().formatVersion());
        assertHalfResolutionFile(HALF_V21G, v21gHalf,
                "69dac73f9ba81a8378a738c66e8c102a394337c64da4c28c8b9d93bf7d54b3c2");
    }

    @Test
    void fileOfTheFirstTwoLevelDefaultDecodesToItsRecordedCodes() throws Exception {
        VqzContainer c = assertLayeredFile(LAYERED_V21G, 4, "vqz-f4-k512-l6-v21g",
            "94703da3c33dc6dd42ceb30a41cac4f7d2ac300b7d0e75a5ebc27ed94e1d70d8", // the base layer is v2's
            "100403fb86062a3ad030522ede4b0d59367e03e330ba992a160836a3367c0703", // and layer 1 0.7's
            "9e6eb5231d5ff696483c46c08f84decc517640b6379d61a10c5a9c16156360c5",
            "dcf120da4d98e491f0d0efb88df6b4cc6c1829f53e6867b712c27fac63f8afd3");
        assertEquals(ShippedModels.get(ShippedModels.V21G_RESOURCE).idHex(), c.header().modelIdHex());
        assertNotEquals(ModelBundle.defaultBundle().idHex(), c.header().modelIdHex());
    }

    @Test
    void halfResolutionFileOfTheDefaultModelDecodesToItsRecordedCodes() throws Exception {
        assertEquals("vqz-f8-k512-l6-v22-half", ModelBundle.halfResolutionBundle().name());
        assertEquals(4, read(HALF_V22).header().formatVersion());
        assertHalfResolutionFile(HALF_V22, ModelBundle.halfResolutionBundle(),
                "2fccdbe6d73b5ee07a72e0a84904df7731850055ff69d12dea65f48ea86b15e5");
    }

    @Test
    void fileOfTheDefaultModelDecodesToItsRecordedCodes() throws Exception {
        VqzContainer c = assertLayeredFile(LAYERED_V22, 4, "vqz-f4-k512-l6-v22",
            "e6b30a063d06bdfaed8fdacced2f8d15f1afd0bb409b3271608ea20f9b92c8ab",
            "ec22c6369d8d494f312a2820fa3ab760143388ccd4f6b7ffb0bea8350b7a6aaa",
            "c7fd3ddc7a8f865c1beb5d3238b47834ec3ff33c2dfc7e39ccb09b116de6fe4a",
            "f9fd2e08835beb18c9453fbd519a540d197a7063a52444e3c2c63e19be863d30");
        assertEquals(ModelBundle.defaultBundle().idHex(), c.header().modelIdHex());
    }

    /**
     * A golden file of a shipped layered model: its container version, one layer per grid hash, the model's name,
     * and the grids it decodes to with a picture above 28 dB.
     */
    private static VqzContainer assertLayeredFile(String name, int version, String model, String... gridHashes)
            throws Exception {
        VqzContainer c = read(name);
        assertEquals(version, c.header().formatVersion());
        assertEquals(gridHashes.length, c.header().layers());
        assertEquals(model, c.header().modelName());
        assertDecodesTo(c, VqzDecoder.builder().threads(2).build(), 28, gridHashes);
        return c;
    }

    /** A half-resolution golden file names {@code model}, decodes to {@code gridHash} and to the source's size. */
    private static void assertHalfResolutionFile(String name, ModelBundle model, String gridHash) throws Exception {
        VqzContainer c = read(name);
        assertEquals(8, c.header().downsampling());
        assertEquals(model.idHex(), c.header().modelIdHex());
        assertEquals(model.name(), c.header().modelName());
        VqzDecoder decoder = VqzDecoder.builder().threads(2).build();
        assertDecodesTo(c, decoder, 20, gridHash);
        assertEquals(96, decoder.decode(c, DecodeOptions.DEFAULT).image().getWidth());
    }

    @Test
    void fileOfTheFirstLayeredDefaultDecodesToItsRecordedCodes() throws Exception {
        assertLayeredFile(LAYERED_V2, 2, "vqz-f4-k512-l5-v2",
            "94703da3c33dc6dd42ceb30a41cac4f7d2ac300b7d0e75a5ebc27ed94e1d70d8",
            "f8e193af11cd8782cc0167f9ba133d8d3b7a64df981da799c5fc1881ad0e21fb",
            "c131f56ce4d222fc4af33c86b6dc57516b19508fed3cad4f12f3e256e4143a90");
    }

    @Test
    void fileOfTheEntropyConstrainedDefaultDecodesToItsRecordedCodes() throws Exception {
        assertLayeredFile(LAYERED_V21, 2, "vqz-f4-k512-l6-v21",
            "94703da3c33dc6dd42ceb30a41cac4f7d2ac300b7d0e75a5ebc27ed94e1d70d8", // the base layer is v2's
            "100403fb86062a3ad030522ede4b0d59367e03e330ba992a160836a3367c0703",
            "7ea5787cf52b1bf511f3b556676a5e23a000565e3fa707c4a39416a0709d6646",
            "8bf0a848d66d0682a9299e99d77136b8a044cad1f40f7f3e7118504e68210d88");
    }

    /** Decoding {@code c} gives these grid hashes, layer by layer, and a picture above {@code minPsnr} dB. */
    static void assertDecodesTo(VqzContainer c, VqzDecoder decoder, double minPsnr, String... expected)
            throws Exception {
        int[][] grids = decoder.decodeGrids(c, 0);
        assertEquals(expected.length, grids.length);
        for (int l = 0; l < grids.length; l++) {
            assertEquals(expected[l], hash(grids[l]), "layer " + l);
        }
        double psnr = TestImages.psnr(ImageIO.read(golden(SOURCE).toFile()),
                decoder.decode(c, DecodeOptions.DEFAULT).image());
        assertTrue(psnr > minPsnr, "PSNR " + psnr);
    }

    /**
     * Writes the golden file that has none yet and prints its grid hashes: {@code v2} or {@code v4}, a
     * test model's; {@code half}, the default model's quality 5; {@code default}, the default model's quality 75, named
     * after it. Existing files are never rewritten.
     */
    public static void main(String[] args) throws Exception {
        String kind = args.length > 0 ? args[0] : "v2";
        ModelBundle model = switch (kind) {
            case "v4" -> ModelBundle.load(TinyModelCase.LAYERED_GROUPS);
            case "half", "default" -> ModelBundle.defaultBundle();
            default -> ModelBundle.load(TinyModelCase.LAYERED);
        };
        Path file = golden(switch (kind) {
            case "v4" -> V4;
            case "half" -> "kodim23-96x64-" + ModelBundle.halfResolutionBundle().name() + "-q5.vqz";
            case "default" -> "kodim23-96x64-" + model.name() + "-q75.vqz";
            default -> V2;
        });
        if (Files.exists(file)) {
            throw new IllegalStateException(file + " exists: golden files are never rewritten");
        }
        int quality = switch (kind) {
            case "half" -> 5;
            case "default" -> 75;
            default -> 100;
        };
        VqzContainer c = VqzEncoder.builder().model(model).quality(quality).threads(1).build()
                .encodeContainer(ImageIO.read(golden(SOURCE).toFile()), null);
        model = kind.equals("half") ? ModelBundle.halfResolutionBundle() : model;
        try (OutputStream out = Files.newOutputStream(file)) {
            VqzWriter.write(c, out);
        }
        VqzDecoder decoder = VqzDecoder.builder().registry(ModelRegistry.builder().add(model).build()).build();
        for (int[] grid : decoder.decodeGrids(c, 0)) {
            System.out.println(hash(grid));
        }
    }
}

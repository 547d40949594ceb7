package io.vqz.codec;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ModelBundleTest {
    @Test
    void defaultBundleIsIdentifiedByTheSha256OfTheFile() throws Exception {
        byte[] file;
        try (InputStream in = ModelBundle.class.getResourceAsStream(ModelBundle.DEFAULT_RESOURCE)) {
            file = in.readAllBytes();
        }
        ModelBundle b = ModelBundle.defaultBundle();
        assertArrayEquals(MessageDigest.getInstance("SHA-256").digest(file), b.id());
        // the id recorded beside the bundle, which the default bundle uses instead of hashing it at every start
        assertArrayEquals(b.id(), ShippedModels.recordedId(ModelBundle.DEFAULT_RESOURCE));
        assertEquals(64, b.idHex().length());
        assertEquals(4, b.downsampling());
        assertEquals(512, b.codebookSize());
        assertTrue(b.name().startsWith("vqz"), b.name());
        assertSame(b, ModelBundle.defaultBundle());
        assertSame(b.encoderNet(), b.encoderNet());
    }

    @Test
    void loadsFromAFileWithTheSameIdentifier(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("copy.vqzm");
        try (InputStream in = ModelBundle.class.getResourceAsStream(ModelBundle.DEFAULT_RESOURCE)) {
            Files.copy(in, f);
        }
        ModelBundle b = ModelBundle.load(f);
        assertEquals(ModelBundle.defaultBundle().idHex(), b.idHex());
        for (String shipped : ShippedModels.SHIPPED) {
            if (ShippedModels.DERIVED.containsKey(shipped)) {
                assertNull(ModelBundle.class.getResource(shipped), shipped + " is derived, not shipped twice");
                assertEquals(64, HexFormat.of().formatHex(ShippedModels.recordedId(shipped)).length());
                continue;
            }
            if (ShippedModels.STORED_AS_DELTA.containsKey(shipped) || ShippedModels.STORED_PACKED.contains(shipped)) {
                assertNull(ModelBundle.class.getResource(shipped), shipped + " is stored another way, not twice");
            }
            try (InputStream in = ShippedModels.open(shipped)) {
                byte[] bytes = in.readAllBytes();
                assertArrayEquals(MessageDigest.getInstance("SHA-256").digest(bytes),
                        ShippedModels.recordedId(shipped), shipped);
                // the manifest recorded beside it, which vqz info reads instead of the bundle
                try (InputStream m = ModelBundle.class.getResourceAsStream(shipped + ShippedModels.MANIFEST_SUFFIX)) {
                    assertArrayEquals(ModelBundle.load(new java.io.ByteArrayInputStream(bytes)).entry("manifest.json"),
                            m.readAllBytes(), shipped + ShippedModels.MANIFEST_SUFFIX);
                }
            } catch (java.security.NoSuchAlgorithmException e) {
                throw new AssertionError(e);
            }
        }
        ModelBundle renamed = ModelBundle.load(BundleFiles.write(dir.resolve("r.vqzm"), "other-model", null));
        assertEquals("other-model", renamed.name());
        assertNotEquals(b.idHex(), renamed.idHex());
    }

    @Test
    void rejectsBrokenBundles(@TempDir Path dir) throws IOException {
        Path notTar = Files.write(dir.resolve("junk.vqzm"), "this is not a tar file at all".getBytes());
        assertThrows(IOException.class, () -> ModelBundle.load(notTar));
        Path noDecoder = BundleFiles.write(dir.resolve("nodec.vqzm"), "x", "decoder.onnx");
        IOException e = assertThrows(IOException.class, () -> ModelBundle.load(noDecoder));
        assertTrue(e.getMessage().contains("decoder.onnx"), e.getMessage());
        Path noManifest = BundleFiles.write(dir.resolve("noman.vqzm"), "x", "manifest.json");
        assertThrows(IOException.class, () -> ModelBundle.load(noManifest));
    }

    @Test
    void qualityBandsComeFromTheManifestAndAreChecked(@TempDir Path dir) throws IOException {
        ModelBundle base = TestImages.v1();
        assertEquals(java.util.List.of(new QualityBand(100, Quality.LAMBDA_MAX)), base.qualityBands());
        ModelBundle layered = ModelBundle.defaultBundle();
        assertEquals(layered.layers(), layered.qualityBands().size());
        assertEquals(100, layered.qualityBands().get(layered.layers() - 1).top());
        String manifest = new String(base.entry("manifest.json"), StandardCharsets.UTF_8);
        Path good = BundleFiles.write(dir.resolve("good.vqzm"), "x", null, "manifest.json",
                manifest.replaceFirst("\\{", "{\"quality_bands\": [{\"top\": 100, \"lambda\": 0.25}],")
                        .getBytes(StandardCharsets.UTF_8));
        assertEquals(java.util.List.of(new QualityBand(100, 0.25)), ModelBundle.load(good).qualityBands());
        for (String bad : new String[] {"[{\"top\": 50}]", "[{\"top\": 40}, {\"top\": 100}]", "[]", "[100]",
                "[{\"top\": 100, \"lambda\": -1}]"}) {
            Path file = BundleFiles.write(dir.resolve("bad.vqzm"), "x", null, "manifest.json",
                    manifest.replaceFirst("\\{", "{\"quality_bands\": " + bad + ",").getBytes(StandardCharsets.UTF_8));
            ModelBundleException e = assertThrows(ModelBundleException.class, () -> ModelBundle.load(file), bad);
            assertEquals("manifest.json", e.entry());
            assertTrue(e.getMessage().contains("quality_bands"), e.getMessage());
        }
    }

    @Test
    void bundleProblemsAreTypedAndNameTheBundleAndEntry(@TempDir Path dir) throws IOException {
        Path noDecoder = BundleFiles.write(dir.resolve("nodec.vqzm"), "x", "decoder.onnx");
        ModelBundleException e = assertThrows(ModelBundleException.class, () -> ModelBundle.load(noDecoder));
        assertEquals("decoder.onnx", e.entry());
        assertTrue(e.getMessage().startsWith("model bundle " + noDecoder + ", entry decoder.onnx:"), e.getMessage());
        Path badManifest = BundleFiles.write(dir.resolve("man.vqzm"), "x", null, "manifest.json", "[1]".getBytes());
        e = assertThrows(ModelBundleException.class, () -> ModelBundle.load(badManifest));
        assertEquals("manifest.json", e.entry());
        Path badPrior = BundleFiles.write(dir.resolve("prior.vqzm"), "x", null, "prior.bin", new byte[] {1, 2, 3});
        ModelBundle loaded = ModelBundle.load(badPrior);
        e = assertThrows(ModelBundleException.class, loaded::prior);
        assertEquals("prior.bin", e.entry());
        assertEquals(badPrior.toString(), e.bundle());
        Path badCodebook = BundleFiles.write(dir.resolve("cb.vqzm"), "x", null, "codebook.bin", new byte[20]);
        e = assertThrows(ModelBundleException.class, () -> ModelBundle.load(badCodebook).codebook());
        assertEquals("codebook.bin", e.entry());
        Path badNet = BundleFiles.write(dir.resolve("net.vqzm"), "x", null, "encoder.onnx", new byte[] {9, 9});
        e = assertThrows(ModelBundleException.class, () -> ModelBundle.load(badNet).encoderNet());
        assertEquals("encoder.onnx", e.entry());
        Path junk = Files.write(dir.resolve("junk.vqzm"), new byte[1024]);
        e = assertThrows(ModelBundleException.class, () -> ModelBundle.load(junk));
        assertEquals(null, e.entry());
    }

    @Test
    void codebookHasTheManifestShape() throws IOException {
        Codebook c = ModelBundle.defaultBundle().codebook();
        assertEquals(512, c.size);
        assertEquals(16, c.dimension);
        assertTrue(c.spacing() > 0);
        assertThrows(IOException.class, () -> Codebook.parse(new byte[20], 512, 16));
    }
}

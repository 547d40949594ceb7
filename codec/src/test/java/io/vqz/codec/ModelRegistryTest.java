package io.vqz.codec;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ModelRegistryTest {
    @Test
    void standardHoldsTheDefaultAndTheModelPath(@TempDir Path dir) throws IOException {
        BundleFiles.write(dir.resolve("extra.vqzm"), "extra-model", null);
        Files.write(dir.resolve("broken.vqzm"), new byte[] {1, 2, 3});
        Files.write(dir.resolve("ignored.txt"), new byte[] {1});
        String old = System.getProperty(ModelRegistry.MODEL_PATH);
        System.setProperty(ModelRegistry.MODEL_PATH, dir.toString());
        ModelRegistry r;
        try {
            r = ModelRegistry.standard();
        } finally {
            if (old == null) {
                System.clearProperty(ModelRegistry.MODEL_PATH);
            } else {
                System.setProperty(ModelRegistry.MODEL_PATH, old);
            }
        }
        ModelBundle def = ModelBundle.defaultBundle();
        assertSame(def, r.find(def.id()).orElseThrow());
        // the first default, shipped for the files it wrote, read when a file names it
        assertSame(TestImages.v1(), r.find(TestImages.v1().id()).orElseThrow());
        // the default at half resolution, which its lowest qualities encode with
        assertSame(ModelBundle.halfResolutionBundle(), r.find(ModelBundle.halfResolutionBundle().id()).orElseThrow());
        // the layered default of 0.3-0.5, for its files and as the source of the half-resolution model
        assertSame(ShippedModels.get(ShippedModels.V2_RESOURCE),
                r.find(ShippedModels.recordedId(ShippedModels.V2_RESOURCE)).orElseThrow());
        assertEquals("vqz-f4-k512-l5-v2", ShippedModels.get(ShippedModels.V2_RESOURCE).name());
        assertEquals("vqz-f8-k512-l6-v22-half", ModelBundle.halfResolutionBundle().name());
        // the default of 0.8 and its half-resolution form, for their files
        assertSame(ShippedModels.get(ShippedModels.V21G_RESOURCE),
                r.find(ShippedModels.recordedId(ShippedModels.V21G_RESOURCE)).orElseThrow());
        assertEquals("vqz-f4-k512-l6-v21g", ShippedModels.get(ShippedModels.V21G_RESOURCE).name());
        assertEquals("vqz-f8-k512-l6-v21g-half", ShippedModels.get(ShippedModels.V21G_HALF_RESOLUTION_RESOURCE).name());
        // the default of 0.6 and 0.7 and its half-resolution form, rebuilt from a delta against 0.8's
        assertEquals("vqz-f4-k512-l6-v21", ShippedModels.get(ShippedModels.V21_RESOURCE).name());
        assertSame(ShippedModels.get(ShippedModels.V21_HALF_RESOLUTION_RESOURCE),
                r.find(ShippedModels.recordedId(ShippedModels.V21_HALF_RESOLUTION_RESOURCE)).orElseThrow());
        // the half-resolution model of 0.5 and 0.6, for its files
        ModelBundle v2Half = ShippedModels.get(ShippedModels.V2_HALF_RESOLUTION_RESOURCE);
        assertSame(v2Half, r.find(ShippedModels.recordedId(ShippedModels.V2_HALF_RESOLUTION_RESOURCE)).orElseThrow());
        assertEquals("vqz-f8-k512-l5-v2-half", v2Half.name());
        assertEquals(10, r.list().size());
        ModelBundle extra = r.findByName("extra-model").orElseThrow();
        assertSame(extra, r.find(extra.id()).orElseThrow());
        assertFalse(r.find(new byte[32]).isPresent());
        assertFalse(r.findByName("nope").isPresent());
    }

    @Test
    void builderAddsBundlesOnce(@TempDir Path dir) throws IOException {
        BundleFiles.write(dir.resolve("a.vqzm"), "model-a", null);
        BundleFiles.write(dir.resolve("b.vqzm"), "model-b", null);
        ModelRegistry r = ModelRegistry.builder().addDefault().addDefault().addDirectory(dir).build();
        assertEquals(3, r.list().size());
        assertEquals("model-a", r.list().get(1).name());
        assertTrue(ModelRegistry.builder().build().list().isEmpty());
    }

    @Test
    void aModelIsResolvedByNameOrPathInOneWay() throws IOException {
        ModelRegistry standard = ModelRegistry.standard();
        assertSame(ModelBundle.defaultBundle(), standard.resolve(null));
        assertEquals("vqz-f4-k512-v1", standard.resolve("vqz-f4-k512-v1").name());
        assertEquals("vqz-test-tiny-l3", standard.resolve(TinyModelCase.LAYERED.toString()).name());
        IOException e = org.junit.jupiter.api.Assertions.assertThrows(IOException.class,
                () -> standard.resolve("no-such-model"));
        assertTrue(e.getMessage().startsWith("no model named 'no-such-model'")
                && e.getMessage().contains(ModelBundle.defaultBundle().name()), e.getMessage());
        org.junit.jupiter.api.Assertions.assertThrows(IOException.class, () -> standard.resolve("missing.vqzm"));
    }

    @Test
    void layersAtQualityAgreeWithTheLoadedBundlesForEveryShippedModel() throws IOException {
        ModelRegistry r = ModelRegistry.builder().addShipped().build();
        for (String resource : ShippedModels.SHIPPED) {
            io.vqz.format.ModelId id = io.vqz.format.ModelId.of(ShippedModels.recordedId(resource));
            assertTrue(r.contains(id), resource);
            ModelBundle b = ShippedModels.get(resource);
            for (int q = 0; q <= 100; q++) {
                java.util.OptionalInt sent = r.layersAtQuality(id, q);
                if (b.layered()) {
                    assertEquals(Quality.layers(q, b), sent.orElseThrow(), resource + " at quality " + q);
                } else {
                    assertFalse(sent.isPresent(), resource);
                }
            }
        }
        // the recorded manifest, as a registry reads it for a shipped bundle not loaded yet (here: every one loaded)
        for (String resource : ShippedModels.SHIPPED) {
            if (!ShippedModels.DERIVED.containsKey(resource)) {
                Manifest m = ShippedModels.manifest(resource);
                assertEquals(ShippedModels.get(resource).name(), m.name, resource);
                assertEquals(ShippedModels.get(resource).qualityBands(),
                        m.qualityBands != null ? m.qualityBands : Quality.equalBands(m.layers), resource);
            }
        }
        io.vqz.format.ModelId unknown = io.vqz.format.ModelId.of(new byte[32]);
        assertFalse(r.contains(unknown));
        assertFalse(r.layersAtQuality(unknown, 75).isPresent());
        assertThrows(IllegalArgumentException.class, () -> r.layersAtQuality(unknown, 101));
    }
}

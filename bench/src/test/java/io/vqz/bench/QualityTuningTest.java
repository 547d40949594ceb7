package io.vqz.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class QualityTuningTest {
    @Test
    void theUpperHullKeepsTheBestTradeOffsOnly() {
        double[] bpp = {0.2, 0.4, 0.3, 0.5, 0.45, 0.8};
        double[] psnr = {25, 28, 26, 28.4, 27, 30};
        // (0.3, 26) lies under the line from (0.2, 25) to (0.4, 28); (0.45, 27) is dominated by (0.4, 28);
        // (0.5, 28.4) lies under the line from (0.4, 28) to (0.8, 30)
        assertArrayEquals(new boolean[] {true, true, false, false, false, true},
                QualityTuning.upperHull(bpp, psnr));
    }

    @Test
    void theHeldOutPhotosAreThoseTheTrainerHoldsOut(@TempDir Path dir) throws IOException {
        // first bytes of the names' SHA-256, from python's hashlib as vqz_data.py computes it: x1.png 0,
        // photo-017.png 3, a.png 127, x2.png 88; x1.txt is not a PNG
        for (String name : List.of("a.png", "x1.png", "x2.png", "photo-017.png", "x1.txt")) {
            Files.write(dir.resolve(name), new byte[0]);
        }
        List<File> held = QualityTuning.heldOut(dir.toFile());
        assertEquals(List.of("photo-017.png", "x1.png"), held.stream().map(File::getName).toList());
    }
}

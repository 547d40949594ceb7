package io.vqz.bench;

import io.vqz.testdata.TestData;

import java.io.IOException;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/** The image pairs under testdata/bench/ whose metrics msssim_reference.py computed. */
final class ReferencePairs {
    private ReferencePairs() {
    }

    static Path dir() {
        return TestData.file("bench");
    }

    static RgbPixels load(String name) throws IOException {
        return RgbPixels.of(ImageIO.read(dir().resolve(name).toFile()));
    }
}

package io.vqz.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PnmReaderTest {
    @TempDir
    Path dir;

    @Test
    void readsEightAndSixteenBitWithComments() throws Exception {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.write("P6\n# made by a test\n2 1\n255\n".getBytes(StandardCharsets.US_ASCII));
        b.write(new byte[] {(byte) 255, 0, 10, 1, 2, 3});
        BufferedImage img = PnmReader.read(write("a.ppm", b.toByteArray()));
        assertEquals(2, img.getWidth());
        assertEquals(0xff000a, img.getRGB(0, 0) & 0xffffff);
        assertEquals(0x010203, img.getRGB(1, 0) & 0xffffff);

        b.reset();
        b.write("P6 1 1 65535\n".getBytes(StandardCharsets.US_ASCII));
        b.write(new byte[] {(byte) 0xff, (byte) 0xff, 0x00, 0x00, (byte) 0x80, (byte) 0x80});
        img = PnmReader.read(write("b.ppm", b.toByteArray()));
        assertEquals(0xff0080, img.getRGB(0, 0) & 0xffffff);
    }

    @Test
    void rejectsTruncatedAndForeignFiles() throws Exception {
        Path truncated = write("t.ppm", "P6 4 4 255\n\u0001\u0002".getBytes(StandardCharsets.ISO_8859_1));
        assertThrows(IOException.class, () -> PnmReader.read(truncated));
        Path png = write("x.ppm", new byte[] {(byte) 0x89, 'P', 'N', 'G'});
        assertThrows(IOException.class, () -> PnmReader.read(png));
        Path huge = write("h.ppm", "P6 100000 100000 255\n".getBytes(StandardCharsets.US_ASCII));
        assertThrows(IOException.class, () -> PnmReader.read(huge));
    }

    private Path write(String name, byte[] bytes) throws IOException {
        Path p = dir.resolve(name);
        Files.write(p, bytes);
        return p;
    }
}

package io.vqz.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.vqz.format.VqzMetadata;

class ImageMetadataWriterTest {

    static final VqzMetadata ALL = VqzMetadata.of(ImageMetadataTest.ICC, ImageMetadataTest.EXIF, ImageMetadataTest.XMP);

    @TempDir
    Path dir;

    @Test
    void pngAndJpegCarryWhatWasSelected() throws Exception {
        for (String ext : new String[] {"png", "jpg"}) {
            Path p = write("all." + ext, ALL, MetadataKind.select(null));
            VqzMetadata back = ImageMetadataTest.raw(p);
            assertArrayEquals(ImageMetadataTest.ICC, back.icc(), ext);
            assertArrayEquals(ImageMetadataTest.EXIF, back.exif(), ext);
            assertArrayEquals(ImageMetadataTest.XMP, back.xmp(), ext);
            back = ImageMetadataTest.raw(write("xmp." + ext, ALL, EnumSet.of(MetadataKind.XMP)));
            assertNull(back.icc(), ext);
            assertNull(back.exif(), ext);
            assertArrayEquals(ImageMetadataTest.XMP, back.xmp(), ext);
            assertEquals(16, ImageIO.read(p.toFile()).getWidth(), "still a readable " + ext);
        }
    }

    @Test
    void nothingToWriteOrNoPlaceForIt() throws Exception {
        assertNull(ImageMetadataTest.raw(write("none.png", ALL, MetadataKind.select(java.util.List.of(MetadataKind.NONE)))));
        assertNull(ImageMetadataTest.raw(write("empty.png", null, MetadataKind.select(null))));
        Path bmp = write("x.bmp", ALL, MetadataKind.select(null));
        assertEquals(16, ImageIO.read(bmp.toFile()).getWidth());
    }

    private Path write(String name, VqzMetadata md, java.util.Set<MetadataKind> kinds) throws Exception {
        Path p = dir.resolve(name);
        try (OutputStream out = Files.newOutputStream(p)) {
            ImageFiles.write(CliRun.image(16, 8, false), ImageFiles.suffix(name), out, md, kinds);
        }
        return p;
    }
}

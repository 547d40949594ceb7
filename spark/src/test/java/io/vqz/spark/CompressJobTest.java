package io.vqz.spark;

import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/** CompressJob on a small tree: mirrored outputs, a summary, failures counted, a second run skips all. */
class CompressJobTest {

    @Test
    void compressesATreeMirroringItAndResumes(@TempDir Path dir) throws Exception {
        Path in = dir.resolve("in");
        Files.createDirectories(in.resolve("a/b"));
        Files.createDirectories(in.resolve(".hidden"));
        Files.copy(LocalSpark.input("src.png"), in.resolve("top.png"));
        Files.copy(LocalSpark.input("lossy.webp"), in.resolve("a/photo.webp"));
        Files.copy(LocalSpark.input("rle.tga"), in.resolve("a/b/scan.tga"));
        Files.copy(LocalSpark.input("src.png"), in.resolve(".hidden/skip.png"));
        Files.writeString(in.resolve("a/notes.txt"), "not an image");
        Files.write(in.resolve("a/b/broken.png"), new byte[] {(byte) 0x89, 'P', 'N', 'G', 0, 1, 2});
        Path out = dir.resolve("out");

        CompressSummary first = CompressJob.run(LocalSpark.get(), in.toString(), out.toString(),
                Map.of("quality", "30", "psnr-sample", "10"));
        assertEquals(4, first.found());
        assertEquals(3, first.compressed());
        assertEquals(1, first.failed());
        assertTrue(first.failures().get(0).contains("broken.png"), first.failures().toString());
        assertEquals(3, first.psnrCount(), "every file written is sampled when the sample is larger");
        assertTrue(first.meanPsnr() > 15 && first.meanPsnr() < 60, first.json());
        assertTrue(first.bitsPerPixel() > 0 && first.bytesOut() > 0, first.json());
        for (String made : List.of("top.vqz", "a/photo.vqz", "a/b/scan.vqz")) {
            assertTrue(Files.size(out.resolve(made)) > 0, made);
        }
        assertFalse(Files.exists(out.resolve(".hidden")));
        assertTrue(Files.readString(out.resolve("_vqz_summary.json")).contains("\"compressed\": 3"));

        List<Row> read = LocalSpark.get().read().format("vqz").option("recursiveFileLookup", "true")
                .load(out.toString()).collectAsList();
        assertEquals(3, read.size());
        read.forEach(r -> assertTrue(r.isNullAt(5) && r.getInt(2) == 30, r.toString()));

        CompressSummary second = CompressJob.run(LocalSpark.get(), in.toString(), out.toString(), Map.of());
        assertEquals(3, second.skipped());
        assertEquals(0, second.compressed());
        assertEquals(1, second.failed(), "the broken file is tried again");
    }
}
